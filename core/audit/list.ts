import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns';
import { and, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { AuditEntry, AuditFilter, auditMethods } from '../contract/audit';
import type { Db } from '../db/open';
import { auditLog, users } from '../db/schema';
import type { HandlerContext } from '../runtime/context';

type Filter = z.output<typeof AuditFilter>;
type ListInput = z.output<(typeof auditMethods)['listAudit']['input']>;

const countCap = 10_000;
/** An export past this many rows is cut and says so; narrow the dates to get the rest. */
export const exportRowCap = 100_000;

function startOfDay(day: string, timezone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new TZDate(y, m - 1, d, timezone).getTime();
}

function conditions(filter: Filter, timezone: string): SQL | undefined {
  const where: SQL[] = [];
  if (filter.userId) where.push(eq(auditLog.userId, filter.userId));
  if (filter.entity) where.push(eq(auditLog.entity, filter.entity));
  if (filter.entityId) where.push(eq(auditLog.entityId, filter.entityId));
  if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.from) where.push(gte(auditLog.createdAt, startOfDay(filter.from, timezone)));
  if (filter.to) {
    const dayAfter = addDays(new TZDate(startOfDay(filter.to, timezone), timezone), 1).getTime();
    where.push(lt(auditLog.createdAt, dayAfter));
  }
  return where.length ? and(...where) : undefined;
}

function selectEntries(db: Db, where: SQL | undefined) {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.createdAt,
      userId: auditLog.userId,
      userName: users.name,
      siteId: auditLog.siteId,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.userId))
    .where(where)
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id));
}

export function listAudit(ctx: HandlerContext, input: ListInput) {
  const where = conditions(input, ctx.site.timezone);
  const items: AuditEntry[] = selectEntries(ctx.db, where)
    .limit(input.page.limit + 1)
    .offset(input.page.offset)
    .all();
  const hasMore = items.length > input.page.limit;
  if (hasMore) items.pop();
  const counted = ctx.db.get<{ n: number }>(
    sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${auditLog} ${where ? sql`WHERE ${where}` : sql``} LIMIT ${countCap + 1})`,
  );
  return {
    items,
    total: Math.min(counted.n, countCap),
    totalCapped: counted.n > countCap,
    hasMore,
  };
}

/** A CSV cell that Excel opens as text: quoted, and never starting a formula. */
function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ''
      : typeof value === 'string'
        ? value
        : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

export function exportAudit(ctx: HandlerContext, filter: Filter) {
  const rows = selectEntries(ctx.db, conditions(filter, ctx.site.timezone))
    .limit(exportRowCap + 1)
    .all();
  const truncated = rows.length > exportRowCap;
  if (truncated) rows.pop();
  const header = [
    'at',
    'user_id',
    'user_name',
    'site_id',
    'action',
    'entity',
    'entity_id',
    'before',
    'after',
  ];
  const lines = rows.map((r) =>
    [
      new Date(r.at).toISOString(),
      r.userId,
      r.userName,
      r.siteId,
      r.action,
      r.entity,
      r.entityId,
      r.before,
      r.after,
    ]
      .map(csvCell)
      .join(';'),
  );
  // A byte-order mark and semicolons: what Excel in Italian and Russian locales opens directly.
  const csv = `\uFEFF${[header.join(';'), ...lines].join('\r\n')}\r\n`;
  const day = new TZDate(ctx.now(), ctx.site.timezone).toISOString().slice(0, 10);
  return { fileName: `audit-${ctx.site.code}-${day}.csv`, csv, rows: rows.length, truncated };
}
