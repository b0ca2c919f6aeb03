import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileKeyProvider, keyFiles, type KeyProvider } from './secret-box';

/**
 * Wraps the desk key at rest with something only this OS account can undo: Electron's
 * `safeStorage` (Keychain, DPAPI, libsecret) in the shell. Core never imports Electron; the
 * shell injects this.
 */
export interface KeyProtector {
  /** Whether wrapping works right now (`safeStorage.isEncryptionAvailable()`). */
  available(): boolean;
  protect(plain: Buffer): Buffer;
  unprotect(wrapped: Buffer): Buffer;
}

/** The key could not be unwrapped: unlock codes stay unreadable until the OS keychain is back. */
export class ProtectedKeyUnavailable extends Error {
  override name = 'ProtectedKeyUnavailable';
}

function writeAtomically(file: string, content: Buffer): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content, { mode: 0o600 });
  fs.renameSync(temporary, file);
}

/**
 * The desk key, wrapped by `protector` where it is available: a new desk gets a wrapped key,
 * and a desk that still has a plain 0600 key file has it wrapped and the plain file removed
 * (checked by unwrapping before the plain copy goes). Where wrapping is not available the plain
 * 0600 key file is used, as before.
 */
export function protectedKeyProvider(dataDir: string, protector: KeyProtector): KeyProvider {
  const files = keyFiles(dataDir);
  const plain = fileKeyProvider(dataDir);
  let cached: Buffer | undefined;
  const unwrap = (): Buffer => {
    if (!protector.available())
      throw new ProtectedKeyUnavailable(`the desk key in ${files.wrapped} cannot be unwrapped now`);
    const key = protector.unprotect(fs.readFileSync(files.wrapped));
    if (key.length !== 32)
      throw new ProtectedKeyUnavailable('the unwrapped desk key is not 32 bytes');
    return key;
  };
  return {
    key() {
      if (cached) return cached;
      if (fs.existsSync(files.wrapped)) return (cached = unwrap());
      if (!protector.available()) return (cached = plain.key());
      fs.mkdirSync(path.dirname(files.wrapped), { recursive: true, mode: 0o700 });
      const key = fs.existsSync(files.plain) ? plain.key() : crypto.randomBytes(32);
      writeAtomically(files.wrapped, protector.protect(key));
      if (!unwrap().equals(key)) throw new Error('the wrapped desk key does not unwrap to itself');
      fs.rmSync(files.plain, { force: true });
      return (cached = key);
    },
  };
}
