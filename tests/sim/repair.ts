import { v7 as uuidv7 } from 'uuid';
import { totalsOf } from '../../core/orders/lines';
import type { ServerDb } from '../../server/db/connection';
import { writeRecord } from '../../server/records';

/** The one repair every simulated order gets: estimated, then billed at hand-over. */
export const repairLine = {
  kind: 'labour' as const,
  description: 'Riparazione',
  quantityMilli: 1000,
  unitPrice: 5000,
  vatRateBp: 2200,
  warrantyMonths: 3,
};

/** What a hand-over costs in the simulator: the one repair line, VAT included, no deposit. */
export const amountDue = totalsOf([repairLine]).gross;

/** The catalogue the head office keeps: set up before the run, as reference data every desk pulls. */
export const simCatalogue = [
  { sku: 'DSP-IP14', name: 'Display iPhone 14', quantityMilli: 1000 },
  { sku: 'BAT-IP14', name: 'Batteria iPhone 14', quantityMilli: 1000 },
  // Sold by the metre: an estimate uses half of one.
  { sku: 'CAV-FLEX', name: 'Cavo flat', quantityMilli: 500 },
];

export async function seedCatalogue(db: ServerDb, now: number): Promise<void> {
  const headOffice = uuidv7();
  for (const item of simCatalogue) {
    const id = uuidv7();
    await writeRecord(db, {
      tbl: 'parts',
      id,
      data: {
        id,
        originSiteId: headOffice,
        createdAt: now,
        updatedAt: now,
        sku: item.sku,
        name: item.name,
        price: 2000,
        vatRateBp: 2200,
        warrantyMonths: 12,
      },
      sites: null,
      now,
    });
  }
}

/** An estimate line taking a catalogue part from the stock of the workshop that repairs. */
export function partLine(partId: string, quantityMilli: number) {
  return {
    kind: 'part' as const,
    partId,
    description: 'Ricambio',
    quantityMilli,
    unitPrice: 2000,
    vatRateBp: 2200,
    warrantyMonths: 12,
  };
}
