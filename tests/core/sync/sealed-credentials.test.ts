import { eq } from 'drizzle-orm';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { settings } from '../../../core/db/schema';
import type { openDesk } from '../../../core/runtime/desk';
import { settingsCredentialStore } from '../../../core/sync/sync-state';
import { expectOk, intakeInput } from '../../support/desk';
import { enrolledDesk, reopenDesk } from '../../support/sync-desk';
import { startTestServer, warmUpBackend, type TestServer } from '../../support/sync-server';

/** Every byte the desk keeps in its data folder except its key: database, log, backups. */
function bytesOnDisk(dataDir: string): Buffer {
  const files = fs
    .readdirSync(dataDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.parentPath.endsWith('keys'))
    .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name)));
  return Buffer.concat(files);
}

const storedRow = (desk: { db: ReturnType<typeof openDesk>['db'] }) =>
  desk.db.$client
    .prepare("SELECT value FROM settings WHERE key = 'sync.credentials'")
    .pluck()
    .get() as string;

describe('the sync credentials at rest', () => {
  let server: TestServer;
  beforeAll(() => warmUpBackend('pglite'), 120_000);
  afterEach(() => server?.close());

  it('after enrolment the database file never holds the secret, and the desk still syncs', async () => {
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'SC01');
    const { secret, deskId } = settingsCredentialStore(desk.db, desk.secrets).load()!;
    expect(secret.length).toBeGreaterThan(16);
    await expectOk(desk.call('createIntake', intakeInput()));
    expect(await desk.sync()).toMatchObject({ ok: true, push: { accepted: 1 } });
    desk.db.$client.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = bytesOnDisk(desk.dataDir);
    expect(bytes.includes(deskId)).toBe(true);
    expect(bytes.includes(secret)).toBe(false);
    expect(storedRow(desk)).not.toContain(secret);
  });

  it('a credential stored in plain text by an older version is sealed when the desk opens', async () => {
    server = await startTestServer('pglite');
    const enrolled = await enrolledDesk(server, 'SC02');
    const credentials = settingsCredentialStore(enrolled.db, enrolled.secrets).load()!;
    // What the older version wrote: the secret in the clear.
    enrolled.db
      .update(settings)
      .set({ value: credentials })
      .where(eq(settings.key, 'sync.credentials'))
      .run();
    enrolled.db.$client.pragma('wal_checkpoint(TRUNCATE)');
    expect(bytesOnDisk(enrolled.dataDir).includes(credentials.secret)).toBe(true);
    enrolled.close();

    const reopened = reopenDesk(enrolled.dataDir);
    expect(JSON.parse(storedRow(reopened))).toEqual({
      serverUrl: credentials.serverUrl,
      deskId: credentials.deskId,
      sealedSecret: expect.stringMatching(/^v1:/),
    });
    expect(bytesOnDisk(reopened.dataDir).includes(credentials.secret)).toBe(false);
    expect(settingsCredentialStore(reopened.db, reopened.secrets).load()).toEqual(credentials);
    await expectOk(reopened.call('createIntake', intakeInput()));
    expect(await reopened.sync()).toMatchObject({ ok: true, push: { accepted: 1 } });
  });

  it('a row pointed at another server no longer opens, so the secret is never sent there', async () => {
    server = await startTestServer('pglite');
    const desk = await enrolledDesk(server, 'SC03');
    desk.db.$client
      .prepare(
        "UPDATE settings SET value = json_set(value, '$.serverUrl', 'https://elsewhere.example') WHERE key = 'sync.credentials'",
      )
      .run();
    expect(() => settingsCredentialStore(desk.db, desk.secrets).load()).toThrow(
      /cannot open the sync credentials/,
    );
  });
});
