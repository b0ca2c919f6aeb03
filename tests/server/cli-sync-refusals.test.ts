import { describe, expect, it } from 'vitest';
import { refusalLines } from '../../core/cli/commands/sync';
import { cliTranslator } from '../../core/cli/i18n';
import type { OrderDetail } from '../../core/contract/orders';
import type { SyncStatus } from '../../core/contract/sync';
import { readSyncStatus } from '../../core/sync/status';
import { refusedChange } from '../support/contract-samples';
import { expectOk, intakeInput } from '../support/desk';
import { cliSync, enrolledDesk, principalOf, staleTransition } from '../support/sync-desk';
import { revokeDesk } from '../../server/sites';
import { backends, serverForSuite } from '../support/sync-server';

describe('`npm run cli -- sync` explains each refused change as the counter does', () => {
  const server = serverForSuite();

  it('says what was refused, why and what to do, in the terminal’s language, until it is dealt with', async () => {
    const { headOffice, order } = await staleTransition(server());

    const english = await cliSync(headOffice, { LANG: 'en_GB.UTF-8' });
    expect(english.code).toBe(0);
    expect(english.text).toContain('refused: 1');
    expect(english.text).toContain('1 refused change to deal with:');
    expect(english.text).toMatch(
      new RegExp(`  Status change · order ${order.number} · .+ \\[stale_transition\\]\\n`),
    );
    expect(english.text).toContain(
      "    The order's status had already been changed elsewhere (now: Cancelled).\n",
    );
    expect(english.text).toContain(
      '    What to do: Open the order, look at its current status and repeat the step if it still applies.',
    );
    expect(english.text).toContain('"Mark as dealt with"');

    // Already refused: a later round lists it again, in Italian and in Russian.
    const italian = await cliSync(headOffice, { LANG: 'it_IT.UTF-8' });
    expect(italian.text).toContain('1 modifica rifiutata da gestire:');
    expect(italian.text).toContain(`ordine ${order.number}`);
    expect(italian.text).toContain('(ora: Annullato)');
    expect(italian.text).toContain('Cosa fare: ');
    const russian = await cliSync(headOffice, { SPORTELLO_LANG: 'ru' });
    expect(russian.text).toContain('1 отклонённое изменение требует внимания:');
    expect(russian.text).toContain(`заказ ${order.number}`);
    expect(russian.text).toContain('(сейчас: Отменён)');
    expect(russian.text).toContain('Что делать: ');
    for (const text of [italian.text, russian.text])
      expect(text).not.toMatch(/rejection\.|commands\.sync|status\.cancelled|Status change/);

    // Dealt with at the counter: the command line stops listing it.
    const [refused] = ((await expectOk(headOffice.call('getSyncStatus', {}))) as SyncStatus)
      .rejected;
    await expectOk(headOffice.call('markRejectionHandled', { mutationId: refused!.mutationId }));
    const after = await cliSync(headOffice, { LANG: 'en_GB.UTF-8' });
    expect(after.text).not.toMatch(/refused changes? to deal with|stale_transition/);
  });

  it('says what to do when the head office no longer knows the desk, not just its code', async () => {
    const desk = await enrolledDesk(server(), 'MI03', 'reception');
    const { deskId } = principalOf(desk, 'MI03', 'reception');
    expect(await revokeDesk(server().db, deskId, Date.now())).toBe(true);
    const english = await cliSync(desk, { LANG: 'en_GB.UTF-8' });
    expect(english.code).toBe(1);
    expect(english.text).toContain(
      'problem: unauthenticated\nThe head office no longer recognises this desk (access revoked). Ask it for a new enrolment code',
    );
    const russian = await cliSync(desk, { SPORTELLO_LANG: 'ru' });
    expect(russian.text).toContain('Головной офис больше не узнаёт эту стойку (доступ отозван).');
  });

  it('lists ten and says how many more there are', async () => {
    const desk = await enrolledDesk(server(), 'MI02', 'reception');
    const order = (await expectOk(desk.call('createIntake', intakeInput()))) as OrderDetail;
    for (let i = 0; i < 12; i++) refusedChange(desk, order.id, Date.now() - i * 60_000);
    const lines = refusalLines(readSyncStatus(desk.db), 'en', cliTranslator('en'), 'Europe/Rome');
    expect(lines[0]).toBe('12 refused changes to deal with:');
    expect(lines.filter((l) => l.includes('[stale_transition]'))).toHaveLength(10);
    expect(lines).toContain('  …and 2 more, listed at the counter.');
    // The time each change was made, in the site's zone.
    const [newest] = readSyncStatus(desk.db).rejected;
    const rome = new Intl.DateTimeFormat('en', {
      dateStyle: 'short',
      timeStyle: 'short',
      timeZone: 'Europe/Rome',
    }).format(newest!.clientAt);
    expect(lines[1]).toContain(` · ${rome} [stale_transition]`);
  });
});

describe.each(backends)('`npm run cli -- sync` with the head office down (%s)', (backend) => {
  const server = serverForSuite(backend);

  it('says the waiting changes are safe and what to check, in the terminal’s language; they go once it is back', async () => {
    const desk = await enrolledDesk(server(), 'MI04', 'reception');
    await expectOk(desk.call('createIntake', intakeInput()));
    await server().stop();
    try {
      const english = await cliSync(desk, { LANG: 'en_GB.UTF-8' });
      expect(english.code).toBe(1);
      expect(english.text).toContain('(unreachable)');
      expect(english.text).toContain('waiting to send: 1\n');
      expect(english.text).toContain(
        'The head office could not be reached: nothing is lost, the changes waiting stay on this computer',
      );
      expect(english.text).toContain("Check this computer's network and the server address above");
      expect((await cliSync(desk, { LANG: 'it_IT.UTF-8' })).text).toContain(
        'La sede non è raggiungibile: nulla va perso',
      );
      expect((await cliSync(desk, { SPORTELLO_LANG: 'ru' })).text).toContain(
        'Головной офис недоступен: ничего не теряется',
      );
    } finally {
      await server().restart();
    }
    const back = await cliSync(desk, { LANG: 'en_GB.UTF-8' });
    expect(back.code).toBe(0);
    expect(back.text).toContain('accepted: 1');
    expect(back.text).toContain('waiting to send: 0\n');
    expect(back.text).not.toContain('could not be reached');
  });
});
