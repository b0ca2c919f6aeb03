import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sites } from '../../../core/db/schema';
import { expectOk, intakeInput } from '../../support/desk';
import { addWorkshop, deskWithClock } from '../../support/counter';

describe('listWorkshops: where the desk can send a device', () => {
  it('lists the active workshops by name, not the desk itself nor a closed workshop', async () => {
    const { desk } = deskWithClock();
    const second = addWorkshop(desk, 'LAB2');
    const first = addWorkshop(desk, 'LAB1');
    const closed = addWorkshop(desk, 'LAB3');
    desk.db.update(sites).set({ active: false }).where(eq(sites.id, closed)).run();
    desk.db.update(sites).set({ kind: 'workshop_partner' }).where(eq(sites.id, second)).run();

    const listed = await expectOk(desk.call('listWorkshops', {}));
    expect(listed).toEqual([
      { id: first, code: 'LAB1', name: 'Laboratorio LAB1', kind: 'workshop_own' },
      { id: second, code: 'LAB2', name: 'Laboratorio LAB2', kind: 'workshop_partner' },
    ]);
  });

  it('a workshop it lists is one sendToWorkshop accepts', async () => {
    const { desk } = deskWithClock();
    addWorkshop(desk);
    const [workshop] = (await expectOk(desk.call('listWorkshops', {}))) as { id: string }[];
    const order = (await expectOk(desk.call('createIntake', intakeInput()))) as { id: string };
    const sent = await expectOk(
      desk.call('sendToWorkshop', { orderId: order.id, workshopSiteId: workshop!.id }),
    );
    expect(sent).toMatchObject({ status: 'in_transit_to_workshop', workshopSiteId: workshop!.id });
  });
});
