import type { Db } from '../db/open';
import { surnameOf, type DeviceLabelModel } from './device-label';
import { printSettingsFor, readOrderForDocument, type DocumentOptions } from './order-sources';

export function loadDeviceLabel(
  db: Db,
  orderNumber: string,
  options: DocumentOptions,
): DeviceLabelModel {
  const { order, customer, device, site } = readOrderForDocument(db, orderNumber);
  return {
    settings: printSettingsFor(db, site, options),
    orderNumber: order.number,
    customerSurname: surnameOf(customer.name, customer.kind, site.country),
    promisedOn: order.promisedOn,
    deviceName: `${device.brand} ${device.model}`,
  };
}
