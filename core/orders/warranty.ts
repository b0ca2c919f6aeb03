import { and, desc, eq, gte } from 'drizzle-orm';
import { DomainError, fieldError } from '../contract/errors';
import type { WarrantySlip } from '../contract/devices';
import type { Db } from '../db/open';
import { repairOrders, warrantySlips, type WarrantyClaim } from '../db/schema';
import type { Tx } from '../sync/outbox';

type SlipRow = typeof warrantySlips.$inferSelect;

export function slipRecord(row: SlipRow, orderNumber: string): WarrantySlip {
  return {
    id: row.id,
    orderId: row.orderId,
    orderNumber,
    deviceId: row.deviceId,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    termsVersion: row.termsVersion,
    coverage: row.coverage,
  };
}

/** A device's slips with a line still covered on `today`, listing only those lines. */
export function validSlipsForDevice(db: Db | Tx, deviceId: string, today: string): WarrantySlip[] {
  return db
    .select({ slip: warrantySlips, orderNumber: repairOrders.number })
    .from(warrantySlips)
    .innerJoin(repairOrders, eq(repairOrders.id, warrantySlips.orderId))
    .where(and(eq(warrantySlips.deviceId, deviceId), gte(warrantySlips.endsOn, today)))
    .orderBy(desc(warrantySlips.createdAt))
    .all()
    .map(({ slip, orderNumber }) => ({
      ...slipRecord(slip, orderNumber),
      coverage: slip.coverage.filter((line) => line.endsOn >= today),
    }));
}

/**
 * Checks a warranty return at intake: the slip belongs to this device and the claimed line is
 * still covered today. A slip may be claimed any number of times while it is valid.
 */
export function resolveWarrantyClaim(
  tx: Tx,
  deviceId: string,
  claim: { slipId: string; lineId: string },
  today: string,
): WarrantyClaim & { parentOrderId: string } {
  const slip = tx.select().from(warrantySlips).where(eq(warrantySlips.id, claim.slipId)).get();
  if (!slip) throw fieldError('warrantyClaim.slipId', 'unknown_slip');
  if (slip.deviceId !== deviceId)
    throw new DomainError('warranty_claim_mismatch', { slipId: slip.id });
  const line = slip.coverage.find((l) => l.lineId === claim.lineId);
  if (!line) throw fieldError('warrantyClaim.lineId', 'unknown_slip_line');
  if (line.endsOn < today) throw new DomainError('warranty_expired', { endsOn: line.endsOn });
  return { slipId: slip.id, lineId: line.lineId, endsOn: line.endsOn, parentOrderId: slip.orderId };
}
