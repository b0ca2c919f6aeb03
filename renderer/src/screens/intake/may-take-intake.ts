import { orderMethods } from '../../../../core/contract/orders';
import type { Role } from '../../../../core/contract/roles';

/**
 * Whether the desk would accept an intake from these roles (the contract's roles for
 * `createIntake`): the reception screen, F2 and the intake form offer it only then, instead of
 * letting a technician fill the whole form in to be told "You are not allowed to do this."
 */
export function mayTakeIntake(roles: readonly Role[]): boolean {
  return orderMethods.createIntake.roles.some((role) => roles.includes(role));
}
