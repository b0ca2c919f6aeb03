import type { KeyProtector } from '../../core/security/protected-key';

/** The part of Electron's `safeStorage` the desk uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * The desk key wrapped with the OS keychain through safeStorage. It takes strings, so the key
 * travels as base64. On Linux without a keyring safeStorage says it is unavailable (or offers
 * only its hard-coded "basic_text" password, which protects nothing): then the plain 0600 key
 * file stays, see docs/decisions.md.
 */
export function safeStorageProtector(
  safeStorage: SafeStorageLike & { getSelectedStorageBackend?(): string },
): KeyProtector {
  return {
    available: () =>
      safeStorage.isEncryptionAvailable() &&
      safeStorage.getSelectedStorageBackend?.() !== 'basic_text',
    protect: (plain) => safeStorage.encryptString(plain.toString('base64')),
    unprotect: (wrapped) => Buffer.from(safeStorage.decryptString(wrapped), 'base64'),
  };
}
