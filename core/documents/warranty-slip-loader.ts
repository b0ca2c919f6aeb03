import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { DomainError } from '../contract/errors';
import type { Db } from '../db/open';
import { orderEvents, orderLines, warrantySlips } from '../db/schema';
import type { OrderStatus } from '../orders/workflow';
import { statusQrContent } from './barcodes';
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
import type { WarrantySlipLine, WarrantySlipModel } from './warranty-slip';

/**
 * Reads a warranty slip's view-model: the slip written at hand-over (coverage per line and
 * terms version), the order's lines, and the status history for the repair dates.
 */
export function loadWarrantySlip(
  db: Db,
  resources: DocumentResources,
  orderNumber: string,
  options: DocumentOptions,
): WarrantySlipModel {
  const { order, customer, device, site } = readOrderForDocument(db, orderNumber);
  const slip = db
    .select()
    .from(warrantySlips)
    .where(eq(warrantySlips.orderId, order.id))
    .orderBy(desc(warrantySlips.createdAt), desc(warrantySlips.id))
    .get();
  if (!slip) throw new DomainError('not_found', { entity: 'warranty_slip', number: orderNumber });

  const coverage = new Map(slip.coverage.map((entry) => [entry.lineId, entry]));
  // What the hand-over charged: the final lines. An estimate's lines (an approved one's too)
  // stay on the order with their estimate_id and are not what was done.
  const lines: WarrantySlipLine[] = db
    .select()
    .from(orderLines)
    .where(and(eq(orderLines.orderId, order.id), isNull(orderLines.estimateId)))
    .orderBy(asc(orderLines.createdAt), asc(orderLines.id))
    .all()
    .filter((line) => line.kind !== 'fee')
    .map((line) => {
      const covered = coverage.get(line.id);
      return {
        kind: line.kind,
        description: line.description,
        quantityMilli: line.quantityMilli,
        warrantyMonths: covered?.months ?? 0,
        endsOn: covered && covered.months > 0 ? covered.endsOn : null,
      };
    });

  const statusDates = db
    .select({ toStatus: orderEvents.toStatus, at: orderEvents.createdAt })
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, order.id), eq(orderEvents.kind, 'status')))
    .orderBy(asc(orderEvents.createdAt), asc(orderEvents.id))
    .all();
  const dayOf = (instant: number) => isoDateAt(instant, site.timezone);
  const lastDayOf = (status: OrderStatus) => {
    const event = statusDates.findLast((candidate) => candidate.toStatus === status);
    return event ? dayOf(event.at) : null;
  };
  const template = deskSetting(db, documentSettingKeys.statusUrlTemplate);

  return {
    settings: printSettingsFor(db, site, options),
    issuer: issuerOf(site),
    legal: loadLegalTexts(resources, {
      country: site.country,
      lang: options.lang,
      version: slip.termsVersion,
      on: slip.startsOn,
    }),
    orderNumber: order.number,
    customerName: customer.name,
    device: {
      category: device.category,
      brand: device.brand,
      model: device.model,
      serial: device.serial,
      imei: device.imei,
    },
    complaint: order.complaint,
    handedOverOn: slip.startsOn,
    lines,
    repairDates: {
      requestedOn: dayOf(order.createdAt),
      handedInOn: lastDayOf('received') ?? dayOf(order.createdAt),
      repairedOn: lastDayOf('repaired'),
      returnedOn: lastDayOf('handed_over') ?? slip.startsOn,
    },
    qrContent: statusQrContent(order.number, typeof template === 'string' ? template : null),
  };
}
