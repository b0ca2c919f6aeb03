import { min } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { MethodName } from '../../core/contract';
import { syncRejections } from '../../core/db/schema';
import type { Desk, DeskOptions } from '../../core/runtime/desk';
import type { OrderDetail } from '../../core/contract/orders';
import { addWorkshop, repairedAndReady, screenLabour, screenPart } from './counter';
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
  /** A workshop site the order can be sent to. */
  workshopId: string;
  /** An order diagnosed and waiting for its estimate. */
  diagnosedOrderId: string;
  /** An estimate the customer has not answered yet. */
  pendingEstimateId: string;
  /** An order repaired and ready for pickup, with its approved lines. */
  readyOrderId: string;
  attachmentId: string;
  /** A part of the catalogue, with stock at this desk. */
  partId: string;
  /** A change of the order the head office refused, still to deal with. */
  rejectedMutationId: string;
  /** A server and unused code a fresh desk can enrol with (the audit test's `enrolDesk`), or an
   * enrolled desk enrol again with (`reenrolDesk`). */
  enrolment?: { serverUrl: string; code: string };
}

const jpegBase64 = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]).toString(
  'base64',
);

/** What the desk keeps when the head office refuses one of its changes (see `pushOutbox`). */
export function refusedChange(desk: Desk, orderId: string, at = Date.now()): string {
  const mutationId = randomUUID();
  // Below the queue's seqs, as a desk enrolled again keeps its earlier refusals.
  const lowest = desk.db
    .select({ seq: min(syncRejections.seq) })
    .from(syncRejections)
    .get()!.seq;
  desk.db
    .insert(syncRejections)
    .values({
      seq: Math.min(lowest ?? 0, 0) - 1,
      mutationId,
      name: 'order.status',
      args: { orderId, event: { orderId } },
      clientAt: at - 60_000,
      userId: 'u-test',
      code: 'stale_transition',
      params: { status: 'cancelled' },
      rejectedAt: at,
    })
    .run();
  return mutationId;
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
  const as = (method: MethodName, input: unknown) =>
    expectOk(desk.callWithSession(admin.token, method, input)) as Promise<{ id: string }>;
  // The other orders belong to another customer, so the first customer's data stays just one order.
  const other = (overrides: Parameters<typeof intakeInput>[0] = {}) =>
    intakeInput({
      customer: { mode: 'new', name: 'Marco Neri', phone: '+39 348 555 0123' },
      ...overrides,
    });
  const diagnosed = await as('createIntake', other({ unlock: { kind: 'pin', value: '2468' } }));
  await as('changeStatus', { orderId: diagnosed.id, expectedStatus: 'received', to: 'diagnosed' });
  const awaiting = await as('createIntake', other());
  await as('changeStatus', { orderId: awaiting.id, expectedStatus: 'received', to: 'diagnosed' });
  const estimate = await as('saveEstimate', { orderId: awaiting.id, lines: [screenLabour] });
  const ready = await as('createIntake', other());
  await repairedAndReady(desk, ready as OrderDetail);
  const attachment = await as('addAttachment', {
    orderId: diagnosed.id,
    name: 'front.jpg',
    dataBase64: jpegBase64,
  });
  const part = await as('savePart', {
    sku: 'SCR-IP13',
    name: 'Display iPhone 13',
    price: 8900,
    vatRateBp: 2200,
    warrantyMonths: 12,
  });
  await as('receiveStock', { partId: part.id, quantityMilli: 4000 });
  return {
    desk,
    token: admin.token,
    partId: part.id,
    workshopId: addWorkshop(desk),
    diagnosedOrderId: diagnosed.id,
    pendingEstimateId: estimate.id,
    readyOrderId: ready.id,
    attachmentId: attachment.id,
    rejectedMutationId: refusedChange(desk, order.id),
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
  listParts: () => ({ term: 'iphone' }),
  listStockMovements: (s) => ({ partId: s.partId }),
  savePart: () => ({
    sku: 'BAT-IP13',
    name: 'Battery iPhone 13',
    price: 3900,
    vatRateBp: 2200,
    warrantyMonths: 6,
  }),
  receiveStock: (s) => ({ partId: s.partId, quantityMilli: 2000, note: 'DDT 114' }),
  adjustStock: (s) => ({ partId: s.partId, quantityMilli: -1000, note: 'Cracked in the drawer' }),
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
  changeOwnPin: () => ({ current: headOffice.admin.password, pin: '8642' }),
  listAudit: (s) => ({ userId: s.adminId, from: '2026-01-01', page: { offset: 0, limit: 5 } }),
  exportAudit: () => ({ entity: 'user' }),
  exportCustomerData: (s) => ({ customerId: s.customerId }),
  eraseCustomer: (s) => ({ customerId: s.customerId, confirmName: 'Giulia Bianchi' }),
  getDeskInfo: () => ({}),
  listSites: () => ({}),
  getSiteDetails: () => ({}),
  updateSiteDetails: () => ({ address: 'Via Torino 5, 20123 Milano', phone: '+39 02 555 0101' }),
  listWorkshops: () => ({}),
  getSyncStatus: () => ({}),
  // The scene's desk is set up, so this is refused before anything is sent; the audit test
  // enrols a fresh desk against a real server.
  enrolDesk: (s) => s.enrolment ?? { serverUrl: 'http://127.0.0.1:9', code: 'ABCD-EFGH' },
  // The scene's desk is not enrolled, so this is refused before anything is sent; the audit
  // test enrols a desk and hands it a second code of its site.
  reenrolDesk: (s) => ({ code: s.enrolment?.code ?? 'ABCD-EFGH' }),
  joinHeadOffice: (s) => s.enrolment ?? { serverUrl: 'http://127.0.0.1:9', code: 'ABCD-EFGH' },
  previewEnrolment: (s) => s.enrolment ?? { serverUrl: 'http://127.0.0.1:9', code: 'ABCD-EFGH' },
  markRejectionHandled: (s) => ({ mutationId: s.rejectedMutationId }),
  markRejectionsHandled: (s) => ({ mutationIds: [s.rejectedMutationId] }),
  getPrinterSettings: () => ({}),
  updatePrinterSettings: () => ({
    receipt: { printer: 'EPSON_TM_T20III', paper: '80mm' },
    label: { printer: null, paper: 'label_62x29' },
    a4: { printer: null },
  }),
  renderTestPage: () => ({ format: 'label_62x29', lang: 'it' }),
  renderDocument: (s) => ({
    orderId: s.orderId,
    document: 'intake_receipt',
    format: '80mm',
    lang: 'en',
  }),
  revealUnlockCode: (s) => ({ orderId: s.diagnosedOrderId }),
  findLikelyDuplicates: () => ({ name: 'Giulia Bianchi', phone: '347 555 0199' }),
  getCustomer: (s) => ({ id: s.customerId }),
  updateCustomer: (s) => ({ id: s.customerId, email: 'giulia@example.it' }),
  suggestDevices: () => ({ brand: 'app' }),
  getDeviceHistory: () => ({ serialOrImei: 'F2LXK1ABC' }),
  addAttachment: (s) => ({ orderId: s.orderId, name: 'back.jpg', dataBase64: jpegBase64 }),
  listAttachments: (s) => ({ orderId: s.orderId }),
  getAttachment: (s) => ({ id: s.attachmentId }),
  changeStatus: (s) => ({
    orderId: s.orderId,
    expectedStatus: 'received',
    to: 'diagnosed',
    reason: 'Display broken',
  }),
  sendToWorkshop: (s) => ({ orderId: s.orderId, workshopSiteId: s.workshopId }),
  recordPrint: (s) => ({ orderId: s.orderId, document: 'intake_receipt', format: '80mm' }),
  recordReminder: (s) => ({ orderId: s.readyOrderId, channel: 'sms' }),
  listUncollected: () => ({}),
  getCounterSettings: () => ({}),
  updateCounterSettings: () => ({ uncollectedAfterDays: 20 }),
  saveEstimate: (s) => ({ orderId: s.diagnosedOrderId, lines: [screenLabour, screenPart] }),
  recordApproval: (s) => ({
    estimateId: s.pendingEstimateId,
    decision: 'approved',
    via: 'phone',
    at: Date.now(),
  }),
  listEstimates: (s) => ({ orderId: s.diagnosedOrderId }),
  getVatRates: () => ({}),
  handOver: (s) => ({
    orderId: s.readyOrderId,
    lines: [screenLabour, screenPart],
    payments: [{ method: 'card', amount: 26_840 }],
    termsVersion: 'IT-warranty-2026-01',
  }),
  getHandOver: (s) => ({ orderId: s.readyOrderId }),
};
