import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cachingConnection } from '../../../core/db/statement-cache';

describe('statement cache', () => {
  const open = () => {
    const sqlite = new Database(':memory:');
    sqlite.exec("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x'), (2, 'y')");
    return { sqlite, cached: cachingConnection(sqlite, 2) };
  };

  it('hands the same compiled statement back, reset to plain rows', () => {
    const { cached } = open();
    const first = cached.prepare('SELECT a, b FROM t ORDER BY a');
    expect(first.raw().all()).toEqual([
      [1, 'x'],
      [2, 'y'],
    ]);
    const again = cached.prepare('SELECT a, b FROM t ORDER BY a');
    expect(again).toBe(first);
    expect(again.get()).toEqual({ a: 1, b: 'x' });
    expect(cached.prepare('SELECT a, b FROM t ORDER BY a').pluck().all()).toEqual([1, 2]);
    expect(cached.prepare('SELECT a, b FROM t ORDER BY a').get()).toEqual({ a: 1, b: 'x' });
  });

  it('never shares a statement that is still iterating, and keeps only the newest', () => {
    const { sqlite, cached } = open();
    const source = 'SELECT a FROM t ORDER BY a';
    const iterating = cached.prepare(source).iterate();
    iterating.next();
    const other = cached.prepare(source);
    expect(other.all()).toEqual([{ a: 1 }, { a: 2 }]);
    iterating.return?.();
    const kept = cached.prepare('SELECT 1 AS one');
    cached.prepare('SELECT 2 AS two');
    cached.prepare('SELECT 3 AS three');
    expect(cached.prepare('SELECT 1 AS one')).not.toBe(kept);
    // Everything else is the connection itself.
    expect(cached.inTransaction).toBe(false);
    expect(cached.transaction(() => sqlite.inTransaction)()).toBe(true);
  });
});
