import type { Db } from '../db/open';
import { statusQrContent } from './barcodes';
import type { IntakeReceiptModel } from './intake-receipt';
import { loadLegalTexts } from './legal-texts';
import {
  deskSetting,
  documentSettingKeys,
  issuerOf,
  printSettingsFor,
  readOrderForDocument,
  type DocumentOptions,
} from './order-sources';
import { isoDateAt } from './printed-values';
import type { DocumentResources } from './resources';

/** Reads an intake receipt's view-model from the desk's database. */
export function loadIntakeReceipt(
  db: Db,
  resources: DocumentResources,
  orderNumber: string,
  options: DocumentOptions,
): IntakeReceiptModel {
  const { order, customer, device, site, staff } = readOrderForDocument(db, orderNumber);
  const template = deskSetting(db, documentSettingKeys.statusUrlTemplate);
  return {
    settings: printSettingsFor(db, site, options),
    issuer: issuerOf(site),
    // The version in force when the device was taken in, so a reprint shows what was signed.
    legal: loadLegalTexts(resources, {
      country: site.country,
      lang: options.lang,
      on: isoDateAt(order.createdAt, site.timezone),
    }),
    order: {
      number: order.number,
      receivedAt: order.createdAt,
      staffName: staff.name,
      complaint: order.complaint,
      condition: order.condition,
      conditionNotes: order.conditionNotes,
      accessories: order.accessories,
      accessoriesNotes: order.accessoriesNotes,
      warrantyBasis: order.warrantyBasis,
      proofOfPurchase: device.proofOfPurchase,
      preauthorisedAmount: order.preauthorisedAmount,
      diagnosisFee: order.diagnosisFee,
      deposit: order.deposit,
      itemValue: order.itemValue,
      promisedOn: order.promisedOn,
    },
    customer: {
      name: customer.name,
      phone: customer.phone,
      email: customer.email,
      privacyConsentVersion: customer.privacyConsentVersion,
      privacyConsentAt: customer.privacyConsentAt,
    },
    device: {
      category: device.category,
      brand: device.brand,
      model: device.model,
      serial: device.serial,
      imei: device.imei,
    },
    qrContent: statusQrContent(order.number, typeof template === 'string' ? template : null),
  };
}
