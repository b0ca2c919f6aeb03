import { orderIntake } from './order-intake';
import { orderTransition } from './order-transition';
import type { MutationApplier } from './types';

/** Every mutation the server understands, by name: adding one is a module and a line here. */
export const mutationAppliers: Record<string, MutationApplier> = {
  'order.intake': orderIntake,
  'order.transition': orderTransition,
};
