import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backUpDatabase } from '../../../core/backup/backup';
import { DamagedDatabaseError } from '../../../core/backup/integrity';
import { databaseFile, openDesk } from '../../../core/runtime/desk';
import { expectOk, intakeInput, tempDir } from '../../support/desk';

// A large desk database is checked in a worker after the desk has started (see
// docs/decisions.md); these force that path on small files.

/** A desk folder holding a few orders and one backup, with pages scribbled over. */
async function damagedDesk(): Promise<{ dataDir: string; backup: string }> {
  const dataDir = tempDir();
  const desk = openDesk({ dataDir });
  for (let i = 0; i < 30; i++)
    await expectOk(desk.call('createIntake', intakeInput({ complaint: `Guasto numero ${i}` })));
  const { file } = await backUpDatabase(desk.db, {
    folder: tempDir('sportello-backups-'),
    siteCode: 'MI01',
    timezone: 'Europe/Rome',
    now: Date.now(),
    dataDir,
  });
  desk.db.$client.pragma('wal_checkpoint(TRUNCATE)');
  desk.close();
  const bytes = fs.readFileSync(databaseFile(dataDir));
  bytes.fill(0x5a, 4096 * 3, 4096 * 6);
  fs.writeFileSync(databaseFile(dataDir), bytes);
  return { dataDir, backup: file };
}

describe('integrity check in the background', () => {
  it('a sound database starts and is reported checked', async () => {
    const dataDir = tempDir();
    openDesk({ dataDir }).close();
    const desk = openDesk({ dataDir, integrityCheck: 'background' });
    try {
      await expect(desk.integrity).resolves.toEqual({ checked: 'background' });
    } finally {
      desk.close();
    }
  });

  it('a damaged database opens, then is reported with the way back and logged', async () => {
    const { dataDir, backup } = await damagedDesk();
    const logged: { details: object; message: string }[] = [];
    const desk = openDesk({
      dataDir,
      integrityCheck: 'background',
      logger: {
        error: (details, message) => logged.push({ details, message }),
        warn() {},
        info() {},
      },
    });
    try {
      const report = await desk.integrity;
      expect(report.checked).toBe('background');
      expect(report.damaged).toBeInstanceOf(DamagedDatabaseError);
      expect(report.damaged?.wayBack).toMatchObject({ kind: 'restore_backup', file: backup });
      expect(logged).toHaveLength(1);
      expect(logged[0]!.message).toContain(backup);
      expect(logged[0]!.details).toMatchObject({ wayBack: { kind: 'restore_backup' } });
    } finally {
      desk.close();
    }

    fs.rmSync(path.join(dataDir, 'last-backup.json'));
    const again = openDesk({ dataDir, integrityCheck: 'background' });
    try {
      expect((await again.integrity).damaged?.wayBack).toEqual({
        kind: 'rebootstrap_from_server',
      });
    } finally {
      again.close();
    }
  });

  it('by default a small file is still checked before the desk opens', async () => {
    const { dataDir } = await damagedDesk();
    expect(() => openDesk({ dataDir })).toThrow(DamagedDatabaseError);
  });
});
