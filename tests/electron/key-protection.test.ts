import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { safeStorageProtector } from '../../electron/main/key-protector';
import { protectedKeyProvider, ProtectedKeyUnavailable } from '../../core/security/protected-key';
import { createSecretBox, fileKeyProvider, keyFiles } from '../../core/security/secret-box';
import { openDesk } from '../../core/runtime/desk';
import { intakeInput, tempDir } from '../support/desk';
import { safeStorage } from './fake-electron';

let dataDir: string;
beforeEach(() => {
  dataDir = tempDir('sportello-keys-');
  safeStorage.available = true;
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const appBox = () =>
  createSecretBox(protectedKeyProvider(dataDir, safeStorageProtector(safeStorage)));
const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('the desk key at rest in the Electron app', () => {
  it('a new desk keeps its key only wrapped by safeStorage, never as a plain file', () => {
    const sealed = appBox().seal('2580', 'unlock:order-1');
    const files = keyFiles(dataDir);
    expect(fs.existsSync(files.plain)).toBe(false);
    const wrapped = fs.readFileSync(files.wrapped);
    expect(wrapped.subarray(0, 14).toString()).toBe('fake-keychain:');
    expect(mode(files.wrapped)).toBe(0o600);
    // A later start unwraps the same key: what was sealed opens.
    expect(appBox().open(sealed, 'unlock:order-1')).toBe('2580');
  });

  it('a desk that had a plain key file has it wrapped and removed, and old codes still open', () => {
    const before = createSecretBox(fileKeyProvider(dataDir)).seal('1379', 'unlock:order-2');
    const files = keyFiles(dataDir);
    expect(fs.existsSync(files.plain)).toBe(true);
    expect(appBox().open(before, 'unlock:order-2')).toBe('1379');
    expect(fs.existsSync(files.plain)).toBe(false);
    expect(fs.existsSync(files.wrapped)).toBe(true);
    expect(appBox().open(before, 'unlock:order-2')).toBe('1379');
  });

  it('where safeStorage is not available the key file stays, readable by this account only', () => {
    safeStorage.available = false;
    const sealed = appBox().seal('0000', 'unlock:order-3');
    const files = keyFiles(dataDir);
    expect(fs.existsSync(files.wrapped)).toBe(false);
    expect(mode(files.plain)).toBe(0o600);
    expect(mode(path.dirname(files.plain))).toBe(0o700);
    expect(createSecretBox(fileKeyProvider(dataDir)).open(sealed, 'unlock:order-3')).toBe('0000');
  });

  it("Linux's basic_text fallback protects nothing, so it counts as not available", () => {
    const protector = safeStorageProtector({
      ...safeStorage,
      getSelectedStorageBackend: () => 'basic_text',
    });
    expect(protector.available()).toBe(false);
  });

  it('a wrapped key is never replaced: without the keychain, sealing fails rather than re-keys', () => {
    appBox().seal('2580', 'unlock:order-4');
    const wrapped = fs.readFileSync(keyFiles(dataDir).wrapped);
    safeStorage.available = false;
    expect(() => appBox().seal('1111', 'unlock:order-5')).toThrow(ProtectedKeyUnavailable);
    // The CLI and browser mode have no keychain: they refuse instead of minting a second key.
    expect(() => createSecretBox(fileKeyProvider(dataDir)).seal('1111', 'unlock:order-5')).toThrow(
      /wrapped by the desk app/,
    );
    expect(fs.existsSync(keyFiles(dataDir).plain)).toBe(false);
    expect(fs.readFileSync(keyFiles(dataDir).wrapped)).toEqual(wrapped);
  });
});

describe('a desk whose key the app wrapped, opened where there is no keychain', () => {
  it('refuses an intake with an unlock code as secret_unavailable, and saves nothing', async () => {
    appBox().seal('2580', 'unlock:order-0');
    const desk = openDesk({ dataDir });
    try {
      const refused = await desk.call(
        'createIntake',
        intakeInput({ unlock: { kind: 'pin', value: '1234' } }),
      );
      expect(refused).toEqual({ ok: false, error: { code: 'secret_unavailable' } });
      const orders = desk.db.$client.prepare('SELECT count(*) AS n FROM repair_orders').get();
      expect(orders).toEqual({ n: 0 });
      expect((await desk.call('createIntake', intakeInput())).ok).toBe(true);
    } finally {
      desk.close();
    }
  });
});
