import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../core/contract/sync';
import { outbox } from '../../../core/db/schema';
import { expectOk, intakeInput, testDesk } from '../../support/desk';

describe('the "N waiting" count of the sync status', () => {
  it('counts the changes people made, not the audit entries queued with them', async () => {
    const desk = testDesk();
    await expectOk(desk.call('createIntake', intakeInput()));
    await expectOk(desk.call('createIntake', intakeInput()));
    // A failed sign-in changes nothing the server keeps: its audit row is queued on its own.
    const refused = await desk.callWithSession(undefined, 'signIn', {
      with: 'password',
      login: 'nobody',
      password: 'wrong-password',
    });
    expect(refused.ok).toBe(false);
    const audits = desk.db
      .select({ n: count() })
      .from(outbox)
      .where(eq(outbox.name, 'audit.append'))
      .get()!.n;
    expect(audits).toBeGreaterThan(0);
    const status = (await expectOk(desk.call('getSyncStatus', {}))) as SyncStatus;
    expect(status.waiting).toBe(2);
  });
});
