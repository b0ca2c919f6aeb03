import { totalsOf } from '../../core/orders/lines';

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
