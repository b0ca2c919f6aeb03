import type { CreateIntakeInput } from '../../core/contract/orders';

/** A varied intake, so pages fill and split while the process is being killed. */
export function intakeInputFor(i: number): CreateIntakeInput {
  return {
    customer: {
      mode: 'new',
      name: `Cliente ${i} ${'x'.repeat(i % 150)}`,
      phone: `+39 347 ${String(1_000_000 + i).slice(-7)}`,
    },
    device: {
      mode: 'new',
      category: 'phone',
      brand: 'Apple',
      model: `iPhone ${i % 16}`,
      serial: `SN${i}`,
    },
    complaint: `Guasto ${i}: ${'lo schermo non si accende '.repeat(1 + (i % 20))}`,
  };
}
