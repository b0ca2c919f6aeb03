import type { MethodName } from '../../core/contract';
import type { Desk, DeskOptions } from '../../core/runtime/desk';
import { expectOk, intakeInput, testDesk } from './desk';
import { headOffice, setUpHeadOffice } from './people';

/** A desk set up with an admin, one order and one receptionist: enough for any method to act on. */
export interface Scene {
  desk: Desk;
  token: string;
  adminId: string;
  orderId: string;
  orderNumber: string;
  customerId: string;
  userId: string;
}

export async function buildScene(
  options: Partial<DeskOptions> = {},
  desk: Desk = testDesk(options),
): Promise<Scene> {
  const admin = await setUpHeadOffice(desk);
  const order = (await expectOk(
    desk.callWithSession(admin.token, 'createIntake', intakeInput()),
  )) as {
    id: string;
    number: string;
    customerId: string;
  };
  const user = (await expectOk(
    desk.callWithSession(admin.token, 'createUser', {
      name: 'Luca',
      login: 'luca',
      password: 'a long password',
      pin: '1234',
      roles: ['receptionist'],
    }),
  )) as { id: string };
  return {
    desk,
    token: admin.token,
    adminId: admin.user.id,
    orderId: order.id,
    orderNumber: order.number,
    customerId: order.customerId,
    userId: user.id,
  };
}

/**
 * A valid input for every method of the contract, typed by it: a method added to the contract
 * does not compile until it has a sample here, and from then on the audit test and the fuzz
 * cover it.
 */
export const sampleInputs: { [M in MethodName]: (s: Scene) => unknown } = {
  createIntake: () => intakeInput(),
  listOrders: () => ({ search: 'Bianchi', statuses: ['received'], page: { offset: 0, limit: 10 } }),
  getOrder: (s) => ({ number: s.orderNumber }),
  searchCustomers: () => ({ term: 'giulia', limit: 5 }),
  getFirstRunState: () => ({}),
  setUpHeadOffice: () => headOffice,
  signIn: () => ({ with: 'password', login: 'marta', password: headOffice.admin.password }),
  signOut: () => ({}),
  whoAmI: () => ({}),
  listUsers: () => ({ includeInactive: true }),
  createUser: () => ({
    name: 'Nina',
    login: 'nina',
    password: 'a long password',
    roles: ['accountant'],
  }),
  updateUser: (s) => ({ id: s.userId, name: 'Luca V.' }),
  deactivateUser: (s) => ({ id: s.userId }),
  configureSignIn: () => ({ idleTimeoutMinutes: 10 }),
  changeOwnPassword: () => ({
    current: headOffice.admin.password,
    next: 'something else entirely',
  }),
  listAudit: (s) => ({ userId: s.adminId, from: '2026-01-01', page: { offset: 0, limit: 5 } }),
  exportAudit: () => ({ entity: 'user' }),
  exportCustomerData: (s) => ({ customerId: s.customerId }),
  eraseCustomer: (s) => ({ customerId: s.customerId, confirmName: 'Giulia Bianchi' }),
};
