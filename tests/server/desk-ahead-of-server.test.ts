import { beforeAll, describe, expect, it } from 'vitest';
import { mutationSchemaVersion } from '../../core/contract/replication';
import type { SyncStatus } from '../../core/contract/sync';
import { resources } from '../../renderer/src/i18n/resources';
import { syncProblemKey } from '../../renderer/src/sync/sync-state';
import { expectOk, intakeInput } from '../support/desk';
import { cliSync, enrolledDesk } from '../support/sync-desk';
import { backends, serverForSuite, warmUpBackend } from '../support/sync-server';

/**
 * Desks updated on Sunday night, the head office's server on Monday: the server cannot read the
 * desk's changes yet. The receptionist and whoever runs `cli sync` are told why nothing goes up
 * and what to do, not a bare code with "it is tried again".
 */
describe.each(backends)('a desk updated before the head office’s server (%s)', (backend) => {
  beforeAll(() => warmUpBackend(backend), 120_000);
  const server = serverForSuite(backend, { currentSchemaVersion: mutationSchemaVersion - 1 });

  it('keeps its changes and says the server needs the update, at the counter and in the terminal, in every language', async () => {
    const desk = await enrolledDesk(server(), 'MI21', 'reception');
    await expectOk(desk.call('createIntake', intakeInput()));

    const english = await cliSync(desk, { LANG: 'en_GB.UTF-8' });
    expect(english.code).toBe(1);
    expect(english.text).toContain('waiting to send: 1');
    expect(english.text).toContain(
      "problem: push_server_update_required\nThis desk has been updated but the head office's server has not yet",
    );
    expect(english.text).not.toContain('The head office refused the request');
    expect((await cliSync(desk, { LANG: 'it_IT.UTF-8' })).text).toContain(
      'il server della sede non ancora',
    );
    expect((await cliSync(desk, { SPORTELLO_LANG: 'ru' })).text).toContain(
      'а сервер головного офиса ещё нет',
    );

    // Nothing queued is dropped, and the sync drawer has its own words for it.
    const status = (await expectOk(desk.call('getSyncStatus', {}))) as SyncStatus;
    expect(status).toMatchObject({
      waiting: 1,
      rejected: [],
      updateRequired: false,
      lastError: 'push_server_update_required',
    });
    const key = syncProblemKey(status.lastError!);
    expect(key).toBe('push_server_update_required');
    const drawer = (language: 'en' | 'it' | 'ru') =>
      (resources[language].sync as { error: Record<string, string> }).error[key];
    expect(drawer('en')).toMatch(/^This desk has been updated .* tell the head office/);
    expect(drawer('it')).toMatch(/avvisa la sede che il suo server va aggiornato/);
    expect(drawer('ru')).toMatch(/сервер нужно обновить/);
  });
});
