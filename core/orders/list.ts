import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { ListOrdersInput, OrderSummary } from '../contract/orders';
import type { Db } from '../db/open';
import { customers, devices, repairOrders } from '../db/schema';
import { searchRebuildPending } from '../search/deferred-index';
import { ftsQuery, likePrefix } from '../search/fts-query';
import { summaryColumns } from './read';

type Input = z.output<typeof ListOrdersInput>;
type Page = { items: OrderSummary[]; total: number; totalCapped: boolean; hasMore: boolean };

const countCap = 10_000;
/** A search says "1 000 or more": counting ten thousand trigram matches costs milliseconds. */
const searchCountCap = 1_000;
/** How many of the newest matches of a search term the fast path looks at first. */
const candidateFloor = 300;

const sortColumns = {
  createdAt: repairOrders.createdAt,
  number: repairOrders.number,
  status: repairOrders.status,
  customerName: customers.name,
  promisedOn: repairOrders.promisedOn,
};

function statusCondition(input: Input): SQL | undefined {
  return input.statuses?.length ? inArray(repairOrders.status, input.statuses) : undefined;
}

/**
 * Sorts and cuts the page on the orders alone, then joins customer and device for those rows
 * only: joining every match before sorting costs milliseconds per thousand matches.
 */
function selectPage(
  db: Db,
  input: Input,
  where: SQL | undefined,
  needsCustomers = false,
): OrderSummary[] {
  const direction = input.sort.direction === 'asc' ? asc : desc;
  const order = [direction(sortColumns[input.sort.field]), direction(repairOrders.id)];
  const ranked = db
    .select({ rowid: sql`${repairOrders}.rowid` })
    .from(repairOrders)
    .$dynamic();
  if (needsCustomers || input.sort.field === 'customerName') {
    ranked.innerJoin(customers, eq(customers.id, repairOrders.customerId));
  }
  ranked
    .where(where)
    .orderBy(...order)
    .limit(input.page.limit + 1)
    .offset(input.page.offset);
  return db
    .select(summaryColumns)
    .from(repairOrders)
    .innerJoin(customers, eq(customers.id, repairOrders.customerId))
    .innerJoin(devices, eq(devices.id, repairOrders.deviceId))
    .where(sql`${repairOrders}.rowid IN ${ranked}`)
    .orderBy(...order)
    .all();
}

/** On the last page the total is plain to see: no need to count again. */
function totalFromLastPage(input: Input, items: OrderSummary[]): number | null {
  const last = items.length <= input.page.limit && (items.length > 0 || input.page.offset === 0);
  return last ? input.page.offset + items.length : null;
}

function pageOf(items: OrderSummary[], limit: number, counted: number, cap: number): Page {
  const hasMore = items.length > limit;
  if (hasMore) items.pop();
  return { items, total: Math.min(counted, cap), totalCapped: counted > cap, hasMore };
}

export function listOrders(db: Db, input: Input): Page {
  // While a bootstrap defers the index, the number/name prefix scan answers instead.
  const match = input.search && !searchRebuildPending(db) ? ftsQuery(input.search) : null;
  if (match) return newestMatchesPage(db, input, match) ?? scannedPage(db, input, match);
  return scannedPage(db, input, null);
}

/**
 * Every matching order joined and sorted: always right, but slow when a term matches
 * thousands of orders. Customers are joined for counting only when the filter needs them.
 */
function scannedPage(db: Db, input: Input, match: string | null): Page {
  let search: SQL | undefined;
  let needsCustomers = false;
  if (match) {
    search = sql`${repairOrders}.rowid IN (SELECT rowid FROM order_search WHERE order_search MATCH ${match})`;
  } else if (input.search) {
    const prefix = likePrefix(input.search);
    search = sql`(${repairOrders.number} LIKE ${prefix} ESCAPE '\\' OR ${customers.name} LIKE ${prefix} ESCAPE '\\')`;
    needsCustomers = true;
  }
  const where = and(search, statusCondition(input));
  const items = selectPage(db, input, where, needsCustomers);
  const cap = input.search ? searchCountCap : countCap;
  const known = totalFromLastPage(input, items);
  const counted =
    known ??
    db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (
      SELECT 1 FROM ${repairOrders}
      ${needsCustomers ? sql`JOIN ${customers} ON ${customers.id} = ${repairOrders.customerId}` : sql``}
      ${where ? sql`WHERE ${where}` : sql``} LIMIT ${cap + 1})`).n;
  return pageOf(items, input.page.limit, counted, cap);
}

/**
 * The usual search: the newest matches by rowid (FTS5 stops early in rowid order), sorted by
 * the real sort key. Exact when they are all the matches, or — for newest-first — when no
 * order outside them is as new as the last row needed (rows are stored almost in creation
 * order; a row that breaks it sends us to the full scan). Returns null when it cannot be sure.
 */
function newestMatchesPage(db: Db, input: Input, match: string): Page | null {
  const needed = input.page.offset + input.page.limit + 1;
  const cap = Math.max(candidateFloor, needed * 2);
  const candidates = db
    .all<{ id: number }>(
      sql`SELECT rowid AS id FROM order_search WHERE order_search MATCH ${match} ORDER BY rowid DESC LIMIT ${cap}`,
    )
    .map((r) => r.id);
  const complete = candidates.length < cap;
  const newestFirst = input.sort.field === 'createdAt' && input.sort.direction === 'desc';
  if (!complete && !newestFirst) return null;

  const inCandidates = sql`${repairOrders}.rowid IN (SELECT value FROM json_each(${JSON.stringify(candidates)}))`;
  const where = and(inCandidates, statusCondition(input));
  const items = selectPage(db, input, where);
  if (complete) {
    const counted =
      totalFromLastPage(input, items) ??
      db.get<{ n: number }>(sql`SELECT count(*) AS n FROM ${repairOrders} WHERE ${where}`).n;
    return pageOf(items, input.page.limit, counted, searchCountCap);
  }

  if (items.length <= input.page.limit) return null;
  const boundary = items[input.page.limit]!.createdAt;
  const oldestCandidate = candidates[candidates.length - 1]!;
  const outsider = db.get<{ found: number } | undefined>(
    sql`SELECT 1 AS found FROM ${repairOrders} INDEXED BY repair_orders_created
        WHERE ${repairOrders.createdAt} >= ${boundary} AND ${repairOrders}.rowid < ${oldestCandidate} LIMIT 1`,
  );
  if (outsider) return null;

  const statuses = statusCondition(input);
  const counted = db.get<{ n: number }>(
    statuses
      ? sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${repairOrders}
            WHERE ${repairOrders}.rowid IN (SELECT rowid FROM order_search WHERE order_search MATCH ${match})
            AND ${statuses} LIMIT ${searchCountCap + 1})`
      : // The index holds exactly one row per order, so its matches are the orders matching.
        sql`SELECT count(*) AS n FROM (SELECT rowid FROM order_search WHERE order_search MATCH ${match} LIMIT ${searchCountCap + 1})`,
  );
  return pageOf(items, input.page.limit, counted.n, searchCountCap);
}
