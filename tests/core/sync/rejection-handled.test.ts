import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../core/contract/sync';
import { buildScene, refusedChange } from '../../support/contract-samples';
import { expectOk } from '../../support/desk';

function auditRows(scene: Awaited<ReturnType<typeof buildScene>>) {
  return scene.desk.db.$client
    .prepare(
      "SELECT entity, entity_id, before, after FROM audit_log WHERE action = 'markRejectionHandled'",
    )
    .all() as { entity: string; entity_id: string; before: string; after: string }[];
}

describe('a refused change marked as dealt with', () => {
  it('stays listed with who and when, leaves the count, and is audited once', async () => {
    const s = await buildScene();
    const status = async () =>
      (await expectOk(s.desk.callWithSession(s.token, 'getSyncStatus', {}))) as SyncStatus;
    // An older refusal, still to deal with, besides the scene's newer one.
    const older = refusedChange(s.desk, s.orderId, Date.now() - 3_600_000);
    const before = await status();
    expect(before.unhandled).toBe(2);
    expect(before.rejected.map((r) => r.mutationId)).toEqual([s.rejectedMutationId, older]);

    const { handledAt } = (await expectOk(
      s.desk.callWithSession(s.token, 'markRejectionHandled', {
        mutationId: s.rejectedMutationId,
      }),
    )) as { handledAt: number };
    const after = await status();
    expect(after.unhandled).toBe(1);
    // What still needs someone comes first, although it is older.
    expect(after.rejected.map((r) => [r.mutationId, r.handledAt, r.handledBy])).toEqual([
      [older, null, null],
      [s.rejectedMutationId, handledAt, 'Marta Rossi'],
    ]);
    expect(auditRows(s)).toEqual([
      {
        entity: 'sync_rejection',
        entity_id: s.rejectedMutationId,
        before: JSON.stringify({ handledAt: null }),
        after: JSON.stringify({ handledAt }),
      },
    ]);

    // Marking it again changes nothing: same time, no second change in the trail (the call
    // itself is still recorded, as every mutation call is).
    const again = await expectOk(
      s.desk.callWithSession(s.token, 'markRejectionHandled', {
        mutationId: s.rejectedMutationId,
      }),
    );
    expect(again).toEqual({ handledAt });
    expect(auditRows(s).filter((row) => row.entity === 'sync_rejection')).toHaveLength(1);
  });

  it('an unknown or malformed id is refused with a reason and changes nothing', async () => {
    const s = await buildScene();
    const unknown = await s.desk.callWithSession(s.token, 'markRejectionHandled', {
      mutationId: '0196f3a2-0000-7000-8000-000000000000',
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const empty = await s.desk.callWithSession(s.token, 'markRejectionHandled', {
      mutationId: '  ',
    });
    expect(empty).toMatchObject({ ok: false, error: { code: 'validation' } });
    const status = (await expectOk(
      s.desk.callWithSession(s.token, 'getSyncStatus', {}),
    )) as SyncStatus;
    expect(status.unhandled).toBe(1);
    expect(status.rejected[0]).toMatchObject({ handledAt: null, handledBy: null });
    expect(auditRows(s).filter((row) => row.entity === 'sync_rejection')).toHaveLength(0);
  });

  it('needs someone signed in', async () => {
    const s = await buildScene();
    const result = await s.desk.callWithSession(undefined, 'markRejectionHandled', {
      mutationId: s.rejectedMutationId,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });
});
