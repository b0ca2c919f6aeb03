import { z } from 'zod';
import { method } from './define';
import { everyone } from './roles';

/** How many refused changes the status lists (what still needs someone first). */
export const shownRejections = 50;

export const RejectedChange = z.object({
  mutationId: z.string(),
  name: z.string(),
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  clientAt: z.int(),
  rejectedAt: z.int(),
  /** The order number the change was about, when there was one, so a person can find it. */
  orderNumber: z.string().nullable(),
  /**
   * What a change not about an order was about, as people find it: a part by its SKU (`part`:
   * the catalogue; `stock`: a movement of it), a person by name and login, a customer by name, a
   * site by its code and name. `id`: the site's, as its details screen opens it (a head office
   * corrects any site's details, not only its own).
   */
  subject: z
    .object({
      kind: z.enum(['part', 'stock', 'person', 'customer', 'site']),
      label: z.string(),
      id: z.uuid().optional(),
    })
    .nullable(),
  /** When someone at the desk marked it dealt with, and who; null while it still needs a person. */
  handledAt: z.int().nullable(),
  handledBy: z.string().nullable(),
});

export type RejectedChange = z.infer<typeof RejectedChange>;

export const SyncStatus = z.object({
  enrolled: z.boolean(),
  serverUrl: z.string().nullable(),
  /** The id the head office knows this desk by (an admin lists and revokes desks by it). */
  deskId: z.string().nullable(),
  online: z.boolean(),
  lastAttemptAt: z.int().nullable(),
  lastSuccessAt: z.int().nullable(),
  lastError: z.string().nullable(),
  /** Local changes not yet accepted by the head office. */
  waiting: z.int(),
  /** The server no longer accepts this version's changes: they stay queued until an update. */
  updateRequired: z.boolean(),
  /** Changes still to download (a new desk's first sync). */
  remaining: z.int(),
  /**
   * Downloading its site's data again, as it stands: this desk was away longer than the head
   * office keeps its change log (`core/sync/resync.ts`).
   */
  redownloading: z.boolean(),
  /**
   * A download far behind builds the search indexes once it ends (`core/search/deferred-index.ts`):
   * until then, search finds customers and orders by the start of a name or number only.
   */
  searchNarrowed: z.boolean(),
  /**
   * How far the head office's clock was ahead of this desk's at the last sync (negative: behind);
   * null before a server said. Beyond `clockSkewLimitMs` the desk warns: its documents print its
   * own clock.
   */
  clockOffsetMs: z.int().nullable(),
  /** Refused changes no one has marked dealt with yet (the top bar's red count). */
  unhandled: z.int(),
  /** The refused changes: those still to deal with first, then the newest. */
  rejected: z.array(RejectedChange),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** The head office's address as people type it: http(s) only, no credentials in it. */
export const ServerUrl = z
  .string()
  .trim()
  .max(500)
  .refine(
    (v) => {
      try {
        const url = new URL(v);
        return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username;
      } catch {
        return false;
      }
    },
    { params: { code: 'invalid_server_url' } },
  );

export const EnrolDeskOutput = z.object({
  site: z.object({ code: z.string(), name: z.string(), kind: z.string() }),
  deskId: z.string(),
  /** The series its orders are numbered in: the site's code, or a further counter's own. */
  seriesCode: z.string(),
});

/** The site an enrolment code is for, shown for the person to confirm before it is spent. */
export const EnrolmentPreview = z.object({
  site: z.object({ code: z.string(), name: z.string(), kind: z.string() }),
  /**
   * Asked to enrol again (no address given): the site this desk is now, for the form to say
   * whether the code keeps it (the usual case) or makes it another site. Null otherwise.
   */
  current: z.object({ code: z.string(), name: z.string() }).nullable(),
});

export const syncMethods = {
  getSyncStatus: method({
    summary: 'Replication with the head office: online, last sync, changes waiting and refused.',
    kind: 'query',
    input: z.object({}).default({}),
    output: SyncStatus,
    roles: everyone,
  }),
  enrolDesk: method({
    summary:
      'First run: join the head office with an enrolment code; this desk becomes that site and starts its first sync.',
    kind: 'mutation',
    input: z.object({ serverUrl: ServerUrl, code: z.string().trim().min(1).max(64) }),
    output: EnrolDeskOutput,
    roles: everyone,
    public: true,
  }),
  previewEnrolment: method({
    summary:
      'Which site an enrolment code is for, asked of the head office without spending the code: the enrol, join and enrol-again forms show it to confirm first. Open to whoever may enrol, join or enrol again; without serverUrl it asks the head office this desk is enrolled with (enrolling again).',
    kind: 'query',
    input: z.object({ serverUrl: ServerUrl.optional(), code: z.string().trim().min(1).max(64) }),
    output: EnrolmentPreview,
    roles: everyone,
    public: true,
  }),
  joinHeadOffice: method({
    summary:
      'A desk set up on its own (the head office at first run) joins the head office server with an enrolment code; an admin only.',
    kind: 'mutation',
    input: z.object({ serverUrl: ServerUrl, code: z.string().trim().min(1).max(64) }),
    output: EnrolDeskOutput,
    roles: ['admin'],
  }),
  markRejectionHandled: method({
    summary:
      'Mark a change the head office refused as dealt with (after acting on its reason): it stays listed, no longer counted as needing someone.',
    kind: 'mutation',
    input: z.object({ mutationId: z.string().trim().min(1).max(80) }),
    output: z.object({ handledAt: z.int() }),
    roles: everyone,
  }),
  markRejectionsHandled: method({
    summary:
      'Mark several refused changes as dealt with at once (those listed in front of the person); an unknown id marks none.',
    kind: 'mutation',
    input: z.object({
      mutationIds: z.array(z.string().trim().min(1).max(80)).min(1).max(shownRejections),
    }),
    output: z.object({ marked: z.int() }),
    roles: everyone,
  }),
  reenrolDesk: method({
    summary:
      'Enrol this desk again, on the same head office, with a new code (after its access was revoked): what it has waiting is sent under the new credentials.',
    kind: 'mutation',
    input: z.object({ code: z.string().trim().min(1).max(64) }),
    output: EnrolDeskOutput,
    roles: everyone,
  }),
};
