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

  it('several are marked at once in one audited step; an unknown id among them marks none', async () => {
    const s = await buildScene();
    const status = async () =>
      (await expectOk(s.desk.callWithSession(s.token, 'getSyncStatus', {}))) as SyncStatus;
    const older = refusedChange(s.desk, s.orderId, Date.now() - 3_600_000);
    const oldest = refusedChange(s.desk, s.orderId, Date.now() - 7_200_000);
    // One of them was already dealt with, earlier, by the same person: it keeps its time.
    const { handledAt: earlier } = (await expectOk(
      s.desk.callWithSession(s.token, 'markRejectionHandled', { mutationId: oldest }),
    )) as { handledAt: number };
    const listed = (await status()).rejected.map((r) => r.mutationId);
    expect(listed).toEqual([s.rejectedMutationId, older, oldest]);

    const refused = await s.desk.callWithSession(s.token, 'markRejectionsHandled', {
      mutationIds: [...listed, '0196f3a2-0000-7000-8000-000000000000'],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await status()).unhandled).toBe(2);

    const result = await expectOk(
      s.desk.callWithSession(s.token, 'markRejectionsHandled', {
        mutationIds: [...listed, older],
      }),
    );
    expect(result).toEqual({ marked: 2 });
    const after = await status();
    expect(after.unhandled).toBe(0);
    const byId = new Map(after.rejected.map((r) => [r.mutationId, r]));
    expect(byId.get(oldest)!.handledAt).toBe(earlier);
    expect(byId.get(older)!.handledAt).toBe(byId.get(s.rejectedMutationId)!.handledAt);
    expect(byId.get(older)!.handledBy).toBe('Marta Rossi');
    // One trail row per refusal marked, none for the one marked before.
    expect(auditRows(s).map((row) => row.entity_id)).toEqual([oldest]);
    const bulkRows = s.desk.db.$client
      .prepare(
        "SELECT entity_id FROM audit_log WHERE action = 'markRejectionsHandled' AND entity = 'sync_rejection'",
      )
      .all() as { entity_id: string }[];
    expect(bulkRows.map((row) => row.entity_id).sort()).toEqual(
      [older, s.rejectedMutationId].sort(),
    );

    // Marking them again marks nothing.
    expect(
      await expectOk(
        s.desk.callWithSession(s.token, 'markRejectionsHandled', { mutationIds: listed }),
      ),
    ).toEqual({ marked: 0 });
    const empty = await s.desk.callWithSession(s.token, 'markRejectionsHandled', {
      mutationIds: [],
    });
    expect(empty).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('needs someone signed in', async () => {
    const s = await buildScene();
    const result = await s.desk.callWithSession(undefined, 'markRejectionHandled', {
      mutationId: s.rejectedMutationId,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });
});
