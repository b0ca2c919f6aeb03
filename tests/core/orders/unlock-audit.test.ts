import { describe, expect, it } from 'vitest';
import { expectOk, intakeInput, testDesk } from '../../support/desk';
import { actorWith } from '../../support/people';

describe('reading an unlock code is audited', () => {
  it('a technician who reveals a code leaves a row naming them and the order, without the code', async () => {
    const desk = testDesk();
    const order = (await expectOk(
      desk.call('createIntake', intakeInput({ unlock: { kind: 'pin', value: '2580' } })),
    )) as { id: string };
    const technician = actorWith(desk, ['technician']);
    const revealed = await expectOk(
      desk.call('revealUnlockCode', { orderId: order.id }, technician),
    );
    expect(revealed).toEqual({ kind: 'pin', value: '2580' });

    const rows = desk.db.$client
      .prepare(
        `SELECT user_id AS userId, site_id AS siteId, entity, entity_id AS entityId, after
         FROM audit_log WHERE action = 'revealUnlockCode'`,
      )
      .all() as {
      userId: string;
      siteId: string;
      entity: string;
      entityId: string;
      after: string;
    }[];
    expect(rows).toEqual([
      {
        userId: technician.userId,
        siteId: desk.site.id,
        entity: 'order',
        entityId: order.id,
        after: JSON.stringify({ kind: 'pin' }),
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain('2580');
    // Replicated to the head office like every audit row.
    const queued = desk.db.$client
      .prepare(`SELECT args FROM outbox WHERE name = 'audit.append' ORDER BY seq DESC LIMIT 1`)
      .get() as { args: string };
    expect(queued.args).toContain('revealUnlockCode');
    expect(queued.args).not.toContain('2580');
  });

  it('an order without a code, or a refused reader, still says who asked (or writes nothing)', async () => {
    const desk = testDesk();
    const order = (await expectOk(desk.call('createIntake', intakeInput()))) as { id: string };
    const technician = actorWith(desk, ['technician']);
    expect(await expectOk(desk.call('revealUnlockCode', { orderId: order.id }, technician))).toBe(
      null,
    );
    const count = () =>
      (
        desk.db.$client
          .prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'revealUnlockCode'`)
          .get() as { n: number }
      ).n;
    expect(count()).toBe(1);
    const refused = await desk.call(
      'revealUnlockCode',
      { orderId: order.id },
      actorWith(desk, ['receptionist']),
    );
    expect(refused.ok).toBe(false);
    expect(count()).toBe(1);
  });
});
