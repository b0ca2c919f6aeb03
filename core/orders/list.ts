import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { ListOrdersInput, OrderSummary } from '../contract/orders';
import type { Db } from '../db/open';
import { customers, devices, repairOrders } from '../db/schema';
import { ftsQuery, likePrefix } from '../search/fts-query';
import { summaryColumns } from './read';

type Input = z.output<typeof ListOrdersInput>;

const countCap = 10_000;

const sortColumns = {
  createdAt: repairOrders.createdAt,
  number: repairOrders.number,
  status: repairOrders.status,
  customerName: customers.name,
  promisedOn: repairOrders.promisedOn,
};

function searchCondition(term: string): SQL {
  const match = ftsQuery(term);
  if (match) {
    return sql`${repairOrders}.rowid IN (SELECT rowid FROM order_search WHERE order_search MATCH ${match})`;
  }
  const prefix = likePrefix(term);
  return sql`(${repairOrders.number} LIKE ${prefix} ESCAPE '\\' OR ${customers.name} LIKE ${prefix} ESCAPE '\\')`;
}

export function listOrders(db: Db, input: Input) {
  const conditions: SQL[] = [];
  if (input.search) conditions.push(searchCondition(input.search));
  if (input.statuses?.length) conditions.push(inArray(repairOrders.status, input.statuses));
  const where = conditions.length ? and(...conditions) : undefined;

  const direction = input.sort.direction === 'asc' ? asc : desc;
  const items: OrderSummary[] = db
    .select(summaryColumns)
    .from(repairOrders)
    .innerJoin(customers, eq(customers.id, repairOrders.customerId))
    .innerJoin(devices, eq(devices.id, repairOrders.deviceId))
    .where(where)
    .orderBy(direction(sortColumns[input.sort.field]), direction(repairOrders.id))
    .limit(input.page.limit + 1)
    .offset(input.page.offset)
    .all();
  const hasMore = items.length > input.page.limit;
  if (hasMore) items.pop();

  const counted = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (
      SELECT 1 FROM ${repairOrders}
      JOIN ${customers} ON ${customers.id} = ${repairOrders.customerId}
      ${where ? sql`WHERE ${where}` : sql``} LIMIT ${countCap + 1})`);
  return {
    items,
    total: Math.min(counted.n, countCap),
    totalCapped: counted.n > countCap,
    hasMore,
  };
}
