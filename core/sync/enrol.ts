import { and, asc, count, eq, gt, gte, max, min, ne, notInArray, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import {
  mutationSchemaVersion,
  type EnrolPreviewResponse,
  type EnrolResponse,
} from '../contract/replication';
import type { Db } from '../db/open';
import {
  auditLog,
  numberSeries,
  outbox,
  repairOrders,
  sentChanges,
  settings,
  sites,
  syncRejections,
  syncState,
  users,
} from '../db/schema';
import { setUpKey } from '../auth/first-run';
import { siteKey, userKey } from '../runtime/embedded-defaults';
import { deskSeriesCode, seriesCodeKey } from '../orders/numbering';
import type { Tx } from './outbox';
import type { Desk } from '../runtime/desk';
import {
  assertKeyOpens,
  clearHealth,
  type DeskCredentials,
  holdForEnrolment,
  readEnrolment,
  releaseEnrolmentHold,
  restartHaltedPull,
  settingsCredentialStore,
} from './sync-state';
import { enrolOverHttp, previewEnrolmentOverHttp } from './transport';

/** Enrolment cannot turn this desk into the new site without losing or mixing data. */
export class EnrolmentRefused extends Error {
  constructor(
    readonly code: 'desk_has_orders' | 'desk_has_pending_changes',
    readonly params: Record<string, string | number>,
  ) {
    super(code);
    this.name = 'EnrolmentRefused';
  }
}

/**
 * What a desk set up at first run may have queued before it enrols: its people, corrections to
 * its site's details and their audit entries travel on under the enrolled site; the site set-up
 * itself is dropped (the head office made the site, and its row wins) and its people are queued
 * as `user.create`. A correction made after set-up is a person's later word: it is sent, and the
 * fields it changed replace the head office's.
 */
const carriedOver = new Set([
  'user.create',
  'user.update',
  'user.deactivate',
  'site.update',
  'audit.append',
]);
const droppedAtEnrolment = new Set(['site.setUpHeadOffice']);

function pendingOtherThanSetUp(db: Db | Tx): number {
  return db
    .select({ n: count() })
    .from(outbox)
    .where(notInArray(outbox.name, [...carriedOver, ...droppedAtEnrolment]))
    .get()!.n;
}

function isSetUp(db: Db | Tx): boolean {
  return !!db.select().from(settings).where(eq(settings.key, setUpKey)).get();
}

/**
 * A desk set up at first run becomes the enrolled site with its people: they move to the new
 * site id, and the changes it queued are queued again (numbered from 1 for the server) with the
 * old site id replaced by the new one. UUIDs are unique, so the replacement touches nothing else.
 */
function carryOverSetUp(tx: Tx, previousSiteId: string, siteId: string): void {
  tx.update(users)
    .set({ siteId, originSiteId: siteId })
    .where(eq(users.siteId, previousSiteId))
    .run();
  const moved = <T>(value: T): T =>
    JSON.parse(JSON.stringify(value).replaceAll(previousSiteId, siteId)) as T;
  requeueFromOne(tx, (entry) => [
    // The people the set-up made reach the server as ordinary new users, and the set-up's
    // audit rows as a trail entry of their own.
    ...(entry.name === 'site.setUpHeadOffice'
      ? [
          ...((entry.args.users as unknown[] | undefined) ?? []).map((user) => ({
            ...entry,
            mutationId: uuidv7(),
            name: 'user.create',
            args: moved({ user } as Record<string, unknown>),
            audit: null,
          })),
          ...(entry.audit
            ? [
                {
                  ...entry,
                  mutationId: uuidv7(),
                  name: 'audit.append',
                  args: { rows: moved(entry.audit) },
                  audit: null,
                },
              ]
            : []),
        ]
      : []),
    ...(carriedOver.has(entry.name)
      ? [
          {
            ...entry,
            args: moved(entry.args),
            audit: moved(entry.audit),
          },
        ]
      : []),
  ]);
}

type Queued = Omit<typeof outbox.$inferSelect, 'seq'>;

/**
 * The changes the head office accepted lately (`sent_changes`), in their order, taken to be
 * queued again after it was restored from a backup: it answers those it still holds as replays
 * and applies those it lost. Only those of a schema version it still takes: an older one would
 * stop the queue behind it ("update required") for good.
 */
function takeSentChanges(tx: Tx, siteId: string): Queued[] {
  const sent = tx
    .select()
    .from(sentChanges)
    .where(gte(sentChanges.schemaVersion, mutationSchemaVersion - 1))
    .orderBy(asc(sentChanges.seq))
    .all();
  tx.delete(sentChanges).run();
  if (!sent.length) return [];
  const changes = sent.map(({ seq: _seq, acceptedAt: _acceptedAt, ...entry }) => ({
    ...entry,
    audit: null,
  }));
  // Their audit rows go after them, from this desk's own trail: the head office appends those
  // it lost and skips those it holds (`audit.append`, by id). A change's audit rows are stamped
  // a moment before the change itself, hence an hour's margin.
  const since = Math.min(...sent.map((s) => s.clientAt)) - 3_600_000;
  const trail = tx
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.originSiteId, siteId), gte(auditLog.createdAt, since)))
    .orderBy(asc(auditLog.createdAt), asc(auditLog.id))
    .all();
  const appends: Queued[] = [];
  for (let i = 0; i < trail.length; i += auditAppendRows) {
    const rows = trail.slice(i, i + auditAppendRows);
    appends.push({
      mutationId: uuidv7(),
      name: 'audit.append',
      args: { rows },
      schemaVersion: mutationSchemaVersion,
      clientAt: rows.at(-1)!.createdAt,
      userId: rows[0]!.userId,
      audit: null,
      orderNumber: null,
    });
  }
  return [...changes, ...appends];
}

/** Audit rows per `audit.append` (the contract's most). */
const auditAppendRows = 200;

/**
 * The server counts a desk's pushes from 1 under each desk id: the queue is written again in
 * its order, numbered from 1, each entry replaced by what `rewrite` gives (mutation ids kept),
 * after the changes in `first`.
 */
function requeueFromOne(tx: Tx, rewrite: (entry: Queued) => Queued[], first: Queued[] = []): void {
  const queued = tx.select().from(outbox).orderBy(asc(outbox.seq)).all();
  tx.delete(outbox).run();
  tx.run(sql`DELETE FROM sqlite_sequence WHERE name = 'outbox'`);
  for (const entry of first) tx.insert(outbox).values(entry).run();
  for (const { seq: _seq, ...entry } of queued)
    for (const row of rewrite(entry)) tx.insert(outbox).values(row).run();
  // Refused changes are kept under the seq they had, which the new numbering will use again:
  // the ones numbered so far move below every seq kept before (order kept, no clash).
  const kept = tx
    .select({ lowest: min(syncRejections.seq), highest: max(syncRejections.seq) })
    .from(syncRejections)
    .get();
  if (kept?.highest && kept.highest > 0) {
    const shift = kept.highest + 1 - Math.min(0, kept.lowest!);
    tx.update(syncRejections)
      .set({ seq: sql`${syncRejections.seq} - ${shift}` })
      .where(gt(syncRejections.seq, 0))
      .run();
  }
}

/**
 * Makes this desk the enrolled site: replaces the embedded stand-alone identity (site, counter
 * user, number series) with the head office's, stores the credentials and starts pulling from
 * the beginning. A desk set up at first run keeps its people (see `carryOverSetUp`). A desk
 * enrolled again as the site it already is keeps everything: its queue is renumbered for the new
 * desk id and its pull goes on. Otherwise refused while the desk holds orders of another site or
 * unsent changes other than its set-up's. The desk must be reopened afterwards to act as a new
 * site.
 */
export function adoptEnrolment(
  desk: Pick<Desk, 'db' | 'secrets'>,
  serverUrl: string,
  enrolment: EnrolResponse,
): void {
  desk.db.transaction(
    (tx) => {
      const previousSiteId = tx.select().from(settings).where(eq(settings.key, siteKey)).get()
        ?.value as string | undefined;
      const enrolled = readEnrolment(tx) !== null;
      // Set up at first run and never enrolled: its people and their changes are carried over.
      const carry = isSetUp(tx) && !enrolled;
      // Enrolled again as the site it already is (revoked, or its credentials replaced): its
      // queue goes on under the new desk id, and what it has pulled stays — other sites' orders
      // in its custody, or all of them at the head office.
      const again = enrolled && previousSiteId === enrolment.site.id;
      const foreignOrders = again
        ? 0
        : tx
            .select({ n: count() })
            .from(repairOrders)
            .where(ne(repairOrders.intakeSiteId, enrolment.site.id))
            .get()!.n;
      if (foreignOrders > 0)
        throw new EnrolmentRefused('desk_has_orders', { orders: foreignOrders });
      const pending = carry
        ? pendingOtherThanSetUp(tx)
        : again
          ? 0
          : tx.select({ n: count() }).from(outbox).get()!.n;
      if (pending > 0) throw new EnrolmentRefused('desk_has_pending_changes', { changes: pending });

      // The people point at the new site before it is inserted (its code may be the old one's):
      // foreign keys are checked when the transaction commits.
      tx.run(sql`PRAGMA defer_foreign_keys = ON`);
      if (previousSiteId && previousSiteId !== enrolment.site.id) {
        if (carry) carryOverSetUp(tx, previousSiteId, enrolment.site.id);
        else tx.delete(users).where(eq(users.siteId, previousSiteId)).run();
        tx.delete(numberSeries).where(eq(numberSeries.siteId, previousSiteId)).run();
        tx.delete(sites).where(eq(sites.id, previousSiteId)).run();
      }
      tx.insert(sites)
        .values(enrolment.site)
        .onConflictDoUpdate({ target: sites.id, set: enrolment.site })
        .run();
      tx.insert(users)
        .values(enrolment.user)
        .onConflictDoUpdate({ target: users.id, set: enrolment.user })
        .run();
      // The series this desk numbers in: the site's, or its own as a further counter of the
      // site. Counters kept for another series start again from the head office's positions.
      const seriesCode = enrolment.seriesCode ?? enrolment.site.code;
      if (deskSeriesCode(tx, enrolment.site) !== seriesCode)
        tx.delete(numberSeries).where(eq(numberSeries.siteId, enrolment.site.id)).run();
      // A desk replacing another of this series goes on with its numbering where the head
      // office has it, not from 1, also before its first pull has brought the site's orders. A
      // counter that is already further stays.
      for (const { kind, year, last } of enrolment.series)
        tx.insert(numberSeries)
          .values({ siteId: enrolment.site.id, kind, year, last })
          .onConflictDoUpdate({
            target: [numberSeries.siteId, numberSeries.kind, numberSeries.year],
            set: { last: sql`max(${numberSeries.last}, excluded.last)` },
          })
          .run();
      // A set-up desk keeps its own system user as the default actor; a fresh one takes the
      // site's counter user. Either way the first-run screen is closed: the site exists.
      const identity: [string, unknown][] = [
        [siteKey, enrolment.site.id],
        [seriesCodeKey, seriesCode],
      ];
      if (!carry && !again) identity.push([userKey, enrolment.user.id], [setUpKey, Date.now()]);
      for (const [key, value] of identity) {
        tx.insert(settings)
          .values({ key, value })
          .onConflictDoUpdate({ target: settings.key, set: { value } })
          .run();
      }
      // The server counts this desk's pushes from 1 (a carried-over set-up was renumbered).
      if (again) {
        // The same site sees the same changes: the pull goes on from where it was, unless the
        // head office refused that place as ahead of its database (restored from a backup). Then
        // what it accepted lately goes again first, for what the restored database lost.
        const restored = restartHaltedPull(tx);
        requeueFromOne(
          tx,
          (entry) => [entry],
          restored ? takeSentChanges(tx, enrolment.site.id) : [],
        );
        clearHealth(tx);
      } else {
        if (!carry) tx.run(sql`DELETE FROM sqlite_sequence WHERE name = 'outbox'`);
        tx.delete(syncState).run();
      }
      // Whatever held the desk's writes for this enrolment ends with it.
      releaseEnrolmentHold(tx);
      // Sealed last: where the desk key cannot be had, the whole adoption rolls back.
      settingsCredentialStore(tx, desk.secrets).save({
        serverUrl,
        deskId: enrolment.deskId,
        secret: enrolment.secret,
      });
    },
    { behavior: 'immediate' },
  );
}

/**
 * Checked before the one-time code is spent: a desk holding unenrolled orders cannot enrol, and
 * one whose key this process cannot open could not store the credentials (`CredentialsLocked`).
 */
export function assertEnrolable(desk: Pick<Desk, 'db' | 'secrets'>): void {
  const { db } = desk;
  assertKeyOpens(desk.secrets);
  const enrolled = readEnrolment(db) !== null;
  const orders = db.select({ n: count() }).from(repairOrders).get()!.n;
  if (!enrolled && orders > 0) throw new EnrolmentRefused('desk_has_orders', { orders });
  // An enrolled desk may hold changes: enrolled again as its own site it keeps them, and
  // `adoptEnrolment` refuses any other site once the code has told which site it is.
  if (enrolled) return;
  const pending = isSetUp(db)
    ? pendingOtherThanSetUp(db)
    : db.select({ n: count() }).from(outbox).get()!.n;
  if (pending > 0) throw new EnrolmentRefused('desk_has_pending_changes', { changes: pending });
}

/**
 * Spends the code and makes this desk the site it is for. An enrolled desk sends the credentials
 * it holds with the code, so the head office retires the desk id it was (revoked, replaced by the
 * new one) in the same transaction; only to the head office they are for, never to another
 * address. Since the old id stops working as the code is spent, a desk that `adoptEnrolment`
 * would then refuse (another site, with unsent changes or others' orders) is refused before, from
 * the code's preview, with the code left unspent.
 */
export async function enrolDesk(
  desk: Pick<Desk, 'db' | 'secrets'>,
  serverUrl: string,
  code: string,
  fetchImpl: typeof fetch = fetch,
): Promise<EnrolResponse> {
  assertEnrolable(desk);
  const held = heldCredentials(desk, serverUrl);
  // Becoming another site, the desk holds its writes from that check to the adoption (which
  // ends the hold as it commits): nothing can arrive that the adoption would refuse.
  const hold = uuidv7();
  if (held) {
    const preview = await previewEnrolmentOverHttp(serverUrl, code, fetchImpl);
    desk.db.transaction(
      (tx) => {
        if (assertMayBecome(tx, preview.site.code) === 'another') holdForEnrolment(tx, hold);
      },
      { behavior: 'immediate' },
    );
  }
  try {
    const enrolment = await enrolOverHttp(serverUrl, code, fetchImpl, held ?? undefined);
    adoptEnrolment(desk, serverUrl, enrolment);
    return enrolment;
  } finally {
    releaseEnrolmentHold(desk.db, hold);
  }
}

/** The credentials this desk holds for the head office at `serverUrl`; null for none or another. */
function heldCredentials(
  desk: Pick<Desk, 'db' | 'secrets'>,
  serverUrl: string,
): DeskCredentials | null {
  const held = settingsCredentialStore(desk.db, desk.secrets).load();
  const same = (url: string) => url.trim().replace(/\/+$/, '').toLowerCase();
  return held && same(held.serverUrl) === same(serverUrl) ? held : null;
}

/**
 * Which site a code would make this desk, the code left unspent: the forms show it for the person
 * to confirm, and the CLI's `--expect-site` checks it. A desk that could not enrol is told so
 * first, as `enrolDesk` would tell it; an enrolled desk shown another site's code too, when
 * `adoptEnrolment` would refuse it that site.
 */
export async function previewEnrolment(
  desk: Pick<Desk, 'db' | 'secrets'>,
  serverUrl: string,
  code: string,
  fetchImpl: typeof fetch = fetch,
): Promise<EnrolPreviewResponse> {
  assertEnrolable(desk);
  const preview = await previewEnrolmentOverHttp(serverUrl, code, fetchImpl);
  assertMayBecome(desk.db, preview.site.code);
  return preview;
}

/**
 * `adoptEnrolment`'s refusal for an enrolled desk and another site, told from the site's code
 * (the preview gives no ids): orders not taken in at that site, or changes not yet sent. Its own
 * site it may always be again. Says whether the desk would become another site.
 */
function assertMayBecome(db: Db | Tx, siteCode: string): 'another' | 'same' | 'not_enrolled' {
  if (!readEnrolment(db)) return 'not_enrolled';
  const currentId = db.select().from(settings).where(eq(settings.key, siteKey)).get()?.value;
  const current = db
    .select({ code: sites.code })
    .from(sites)
    .where(eq(sites.id, currentId as string))
    .get();
  if (current?.code === siteCode) return 'same';
  const thatSite = db.select({ id: sites.id }).from(sites).where(eq(sites.code, siteCode));
  const orders = db
    .select({ n: count() })
    .from(repairOrders)
    .where(notInArray(repairOrders.intakeSiteId, thatSite))
    .get()!.n;
  if (orders > 0) throw new EnrolmentRefused('desk_has_orders', { orders });
  const changes = db.select({ n: count() }).from(outbox).get()!.n;
  if (changes > 0) throw new EnrolmentRefused('desk_has_pending_changes', { changes });
  return 'another';
}
