import { z } from 'zod';
import { orderStatuses } from '../orders/workflow';
import { ActorId, Id, IsoDate, Money, TimeZoneName } from './common';
import { customerKinds } from './customers';
import { orderEventKinds } from './order-events';
import { deviceCategories, warrantyBases } from './orders';
import { siteLegalFields, siteLegalKeys } from './site-legal';

/**
 * The wire format between a desk and the head-office server: pushes, pulls, enrolment, and the
 * rows that mutations carry. Pure zod, shared by the desk's sync client and the server.
 */

/**
 * The version of the mutation format this build writes; the server accepts it and the one before.
 * 2: a mutation carries the audit rows of the change it makes (`PushMutation.audit`); version 1
 * sent them as a separate `audit.append`. A server that reads only 1 answers "server update
 * required" instead of dropping rows it does not know.
 * 3: parts and stock (`part.create`, `part.update`, `stock.move`; `order.status` to `repaired`
 * carries the parts the repair used as `stock`). A version-2 server would refuse the new names
 * for good and strip `stock` from an accepted move; it answers "server update required" instead.
 */
export const mutationSchemaVersion = 3;

export const siteKinds = ['head_office', 'reception', 'workshop_own', 'workshop_partner'] as const;
export type SiteKind = (typeof siteKinds)[number];

export const Ms = z.int().min(0);

/**
 * A desk clock further off the head office's than this is flagged: in the server's metrics and
 * log, and on the desk itself, whose receipts and slips print its own clock. Never refused.
 */
export const clockSkewLimitMs = 5 * 60_000;
const nullableText = (max: number) => z.string().max(max).nullish();

export const replicatedColumns = { id: Id, originSiteId: Id, createdAt: Ms, updatedAt: Ms };
export const appendOnlyColumns = { id: Id, originSiteId: Id, createdAt: Ms };

export const SiteRow = z.object({
  ...replicatedColumns,
  code: z.string().regex(/^[A-Z0-9]{2,8}$/),
  name: z.string().min(1).max(200),
  kind: z.enum(siteKinds),
  timezone: z.string().min(1).max(64),
  country: z.string().length(2),
  currency: z.string().length(3),
  locale: z.string().min(2).max(20),
  legal: z.object({ legalName: z.string().max(200), address: z.string().max(500) }).loose(),
  slaPolicyId: Id.nullish(),
  active: z.boolean(),
});
export type SiteRow = z.infer<typeof SiteRow>;

export const UserRow = z.object({
  ...replicatedColumns,
  siteId: Id,
  name: z.string().min(1).max(200),
  login: z.string().min(1).max(80),
  roles: z.array(z.enum(['receptionist', 'technician', 'accountant', 'manager', 'admin'])),
  passwordHash: z.string().max(500).nullish(),
  pinHash: z.string().max(500).nullish(),
  active: z.boolean(),
});
export type UserRow = z.infer<typeof UserRow>;

export const CustomerRow = z.object({
  ...replicatedColumns,
  kind: z.enum(customerKinds),
  name: z.string().min(1).max(200),
  phone: z.string().min(1).max(40),
  email: nullableText(254),
  taxId: nullableText(32),
  vatNumber: nullableText(32),
  address: nullableText(500),
  privacyConsentVersion: nullableText(40),
  privacyConsentAt: Ms.nullish(),
  termsVersion: nullableText(40),
  notes: nullableText(4000),
  erasedAt: Ms.nullish(),
});

export const DeviceRow = z.object({
  ...replicatedColumns,
  customerId: Id,
  category: z.enum(deviceCategories),
  brand: z.string().min(1).max(80),
  model: z.string().min(1).max(120),
  serial: nullableText(80),
  imei: nullableText(15),
  purchaseDate: IsoDate.nullish(),
  proofOfPurchase: nullableText(500),
  manufacturerWarrantyEnd: IsoDate.nullish(),
});

export const OrderRow = z.object({
  ...replicatedColumns,
  number: z.string().min(1).max(40),
  intakeSiteId: Id,
  custodySiteId: Id,
  workshopSiteId: Id.nullish(),
  customerId: Id,
  deviceId: Id,
  status: z.enum(orderStatuses),
  complaint: z.string().min(1).max(4000),
  condition: z.array(z.string().max(40)).max(40),
  conditionNotes: nullableText(2000),
  accessories: z.array(z.string().max(40)).max(40),
  accessoriesNotes: nullableText(1000),
  unlockSecret: nullableText(1000),
  warrantyBasis: z.enum(warrantyBases),
  warrantyParentOrderId: Id.nullish(),
  /** The slip line a warranty return claims (`resolveWarrantyClaim`): free lines rest on it. */
  warrantyClaim: z.object({ slipId: Id, lineId: Id, endsOn: IsoDate }).nullish(),
  currency: z.string().length(3),
  preauthorisedAmount: Money,
  diagnosisFee: Money,
  deposit: Money,
  itemValue: Money.nullish(),
  promisedOn: IsoDate.nullish(),
  createdBy: Id,
  closedAt: Ms.nullish(),
});

export const OrderEventRow = z.object({
  ...appendOnlyColumns,
  orderId: Id,
  kind: z.enum(orderEventKinds),
  fromStatus: z.enum(orderStatuses).nullish(),
  toStatus: z.enum(orderStatuses).nullish(),
  reason: nullableText(2000),
  userId: Id,
  siteId: Id,
  clientAt: Ms,
  data: z.record(z.string(), z.unknown()).nullish(),
});

/** `order.intake`: the rows one intake wrote (customer and device only when they were new). */
export const OrderIntakeArgs = z.object({
  customer: CustomerRow.optional(),
  device: DeviceRow.optional(),
  order: OrderRow,
  event: OrderEventRow,
});

/** `order.transition`: a status change, possibly handing the device to another site. */
export const OrderTransitionArgs = z.object({
  orderId: Id,
  fromStatus: z.enum(orderStatuses),
  toStatus: z.enum(orderStatuses),
  custodySiteId: Id.optional(),
  workshopSiteId: Id.nullish(),
  updatedAt: Ms,
  event: OrderEventRow,
});

export const PushMutation = z.object({
  seq: z.int().min(1),
  mutationId: Id,
  name: z.string().min(1).max(80),
  args: z.record(z.string(), z.unknown()),
  schemaVersion: z.int().min(0).max(1_000_000),
  clientAt: Ms,
  userId: ActorId,
  /**
   * The audit rows the desk wrote with this change (since version 2), checked as `AuditRow`s by
   * the server. They are kept even when the change is refused: the trail records what was done
   * at the desk, as a separate `audit.append` did before.
   */
  audit: z.array(z.record(z.string(), z.unknown())).min(1).max(200).optional(),
});
export type PushMutation = z.infer<typeof PushMutation>;

export const PushRequest = z.object({ mutations: z.array(PushMutation).min(1).max(500) });

/** Why the server refused a mutation; the desk shows `errors.sync_<code>` with the params. */
export const rejectionCodes = [
  'validation',
  'out_of_scope',
  'conflict',
  'illegal_transition',
  'stale_transition',
  'duplicate_number',
  'wrong_series',
  'unknown_reference',
  'unknown_mutation',
  'seq_mismatch',
] as const;
export type RejectionCode = (typeof rejectionCodes)[number];

const Params = z.record(z.string(), z.union([z.string(), z.number()]));

export const MutationOutcome = z.object({
  seq: z.int(),
  mutationId: Id,
  status: z.enum(['accepted', 'rejected']),
  code: z.enum(rejectionCodes).optional(),
  params: Params.optional(),
  /** The server had already applied this seq: this is the stored answer, nothing was redone. */
  replayed: z.boolean().optional(),
});
export type MutationOutcome = z.infer<typeof MutationOutcome>;

export const PushResponse = z.object({
  outcomes: z.array(MutationOutcome),
  lastSeq: z.int(),
  /** Processing stopped before the end of the batch; the rest stays in the desk's outbox. */
  stopped: z
    .object({
      reason: z.enum(['gap', 'update_required', 'server_update_required']),
      expectedSeq: z.int().optional(),
      seq: z.int().optional(),
    })
    .optional(),
  serverTime: Ms,
});
export type PushResponse = z.infer<typeof PushResponse>;

export const PullChange = z.object({
  type: z.literal('change'),
  tbl: z.string(),
  id: z.string(),
  /** `evict`: the row left this desk's scope; `delete`: the row is gone everywhere (erasure). */
  op: z.enum(['upsert', 'evict', 'delete']),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type PullChange = z.infer<typeof PullChange>;

export const PullEnd = z.object({
  type: z.literal('end'),
  cursor: z.string(),
  hasMore: z.boolean(),
  /**
   * Changes still waiting after this page (for a bootstrap's progress bar); absent when the desk
   * did not ask for a count, as it counts down from the first page's.
   */
  remaining: z.int().min(0).optional(),
  /** The server's clock when it read the page: the desk compares its own with it. */
  serverTime: Ms.optional(),
  /**
   * The last of this desk's pushes (by seq) the head office holds, on a page the desk asked to
   * count. Never below what it acknowledged, unless its database was restored from a backup.
   */
  pushedThrough: z.int().min(0).optional(),
});
export type PullEnd = z.infer<typeof PullEnd>;

export const PullLine = z.discriminatedUnion('type', [PullChange, PullEnd]);

export const initialCursor = '0:0';

/**
 * A pull cursor inside a download from the head office's `records` (`s:XID:SEQ:TABLE:ID`): the
 * desk's cursor was older than the archived part of the change log, so it receives its scope's
 * rows as they stand, then the change log from the archive's horizon (XID:SEQ) on. To a desk a
 * cursor is opaque; it only tells whether it is in such a download (see `core/sync/resync.ts`).
 */
export const snapshotCursorPrefix = 's:';

export function isSnapshotCursor(cursor: string): boolean {
  return cursor.startsWith(snapshotCursorPrefix);
}

/**
 * Which download a snapshot cursor belongs to (`s:XID:SEQ`, by the horizon it goes on from), or
 * null for a change-log cursor. An archive that moves the horizon while a desk downloads sends it
 * into a new download, from the first row again.
 */
export function downloadOf(cursor: string): string | null {
  if (!isSnapshotCursor(cursor)) return null;
  return cursor.split(':', 3).join(':');
}

export const EnrolRequest = z.object({ code: z.string().min(8).max(100) });
/**
 * Where one of the site's number series stands at the head office: the highest number taken in
 * it. A desk that replaces another of the same site goes on from there instead of from 1.
 */
export const SeriesPosition = z.object({
  kind: z.enum(['order']),
  // As the number carries it: a desk whose clock was years off numbered in that year.
  year: z.number().int().min(0).max(9999),
  last: z.number().int().nonnegative(),
});
export type SeriesPosition = z.infer<typeof SeriesPosition>;

export const EnrolResponse = z.object({
  deskId: Id,
  secret: z.string().min(32).max(200),
  site: SiteRow,
  user: UserRow,
  serverTime: Ms,
  /** Absent from a head office older than this field: the desk then keeps its own counters. */
  series: z.array(SeriesPosition).max(1000).default([]),
  /**
   * The code this desk numbers its orders under: the site's own code, or a second counter's
   * series code (`MI01B`). Absent from a head office older than this field: the site's code.
   */
  seriesCode: z
    .string()
    .regex(/^[A-Z0-9]{2,8}$/)
    .optional(),
  /**
   * The desk id this computer held before, which the head office has now revoked as replaced by
   * this one: the desk sent its old credentials with the request. Absent where it sent none, they
   * were not recognised, or the head office is older than this field.
   */
  retiredDeskId: Id.optional(),
});
export type EnrolResponse = z.infer<typeof EnrolResponse>;

const SiteCode = z.string().regex(/^[A-Z0-9]{2,8}$/);

/**
 * `POST /enrol/preview` answers which site a code is for without spending it, so the person at
 * the desk confirms the site before the desk becomes it. Only what they need to recognise it: no
 * ids, no legal details (anyone holding the code may ask). Refused as `/enrol` refuses a code.
 */
export const EnrolPreviewRequest = EnrolRequest;
export const EnrolPreviewResponse = z.object({
  site: z.object({ code: SiteCode, name: z.string().min(1).max(200), kind: z.enum(siteKinds) }),
});
export type EnrolPreviewResponse = z.infer<typeof EnrolPreviewResponse>;

/**
 * `POST /admin/sites/:code/enrolment-codes` and `admin enrolment-code`. `series`: a code for a
 * desk that numbers under a series of its own, for a site with more than one counter taking
 * intakes. Without it (or with the site's own code) the desk numbers under the site's code.
 * `replaces`: a code for a computer that replaces one of the site's desks: it numbers in that
 * desk's series, and the old desk is revoked when the new one enrols. One or the other.
 */
export const EnrolmentCodeRequest = z
  .strictObject({ series: SiteCode.optional(), replaces: Id.optional() })
  .refine((request) => request.series === undefined || request.replaces === undefined, {
    path: ['replaces'],
    params: { code: 'series_or_replaces' },
  });
export type EnrolmentCodeRequest = z.infer<typeof EnrolmentCodeRequest>;

/** The legal details `create-site` and `update-site` take (`SiteRow['legal']`, `site-legal.ts`). */
export const siteLegalOptions: readonly string[] = siteLegalKeys;

export const CreateSiteRequest = z.object({
  code: SiteCode,
  name: z.string().min(1).max(200),
  kind: z.enum(siteKinds),
  // As the desk's first-run screen checks them (`NewSite`): a site's dates, legal texts and money
  // follow these, on every desk, for good.
  timezone: TimeZoneName,
  country: z.string().regex(/^[A-Z]{2}$/),
  currency: z.string().regex(/^[A-Z]{3}$/),
  locale: z
    .string()
    .min(2)
    .max(20)
    .refine((tag) => {
      try {
        return Intl.getCanonicalLocales(tag).length === 1;
      } catch {
        return false;
      }
    })
    .default('it-IT'),
  ...siteLegalFields,
});
export type CreateSiteRequest = z.input<typeof CreateSiteRequest>;

/**
 * A site's name and the legal details its receipts, slips and invoices print: what is given
 * replaces what it had, what is not given stays. The desk's "Site and legal details" screen
 * sends these too (`updateSiteDetails`).
 */
export const SiteDetailsChanges = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  ...siteLegalFields,
});
/**
 * `npm run server -- admin update-site` and `PATCH /admin/sites/:code`; desks get the new row at
 * their next pull.
 */
export const UpdateSiteRequest = SiteDetailsChanges.refine(
  (request) => Object.values(request).some((value) => value !== undefined),
  {
    params: { code: 'nothing_to_change' },
  },
);
export type UpdateSiteRequest = z.input<typeof UpdateSiteRequest>;

/** `GET /admin/desks` and `npm run server -- admin desks`: the enrolled desks, of one site or all. */
export const ListDesksQuery = z.strictObject({ site: SiteCode.optional() });
export type ListDesksQuery = z.infer<typeof ListDesksQuery>;

/** What an admin needs to tell desks apart before revoking one. */
export const DeskSummary = z.object({
  deskId: Id,
  siteCode: SiteCode,
  siteKind: z.enum(siteKinds),
  /** The series code its orders are numbered under (the site's code unless it has its own). */
  seriesCode: SiteCode,
  enrolledAt: Ms,
  lastSeenAt: Ms.nullable(),
  /** The last outbox sequence number the server applied from this desk. */
  lastSeq: z.int().min(0),
  revokedAt: Ms.nullable(),
  /**
   * The desk that took its place (the same computer enrolled again, or a code that named this
   * desk); null where an admin revoked it, or it is still active.
   */
  replacedBy: Id.nullable(),
});
export type DeskSummary = z.infer<typeof DeskSummary>;
