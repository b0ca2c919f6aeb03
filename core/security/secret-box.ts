import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the 32-byte key comes from. The file provider keeps it in `<dataDir>/keys/secret.key`
 * (mode 0600); the Electron shell wraps it with safeStorage (`protected-key.ts`).
 */
export interface KeyProvider {
  key(): Buffer;
}

/** The plain key file, and the one wrapped by the shell's KeyProtector. */
export function keyFiles(dataDir: string) {
  const folder = path.join(dataDir, 'keys');
  return {
    plain: path.join(folder, 'secret.key'),
    wrapped: path.join(folder, 'secret.key.protected'),
  };
}

export function fileKeyProvider(dataDir: string): KeyProvider {
  const { plain: file, wrapped } = keyFiles(dataDir);
  let cached: Buffer | undefined;
  return {
    key() {
      if (cached) return cached;
      // A key the desk app wrapped is not readable here; a new plain key would seal with
      // another key, so codes sealed here would never open in the app.
      if (fs.existsSync(wrapped))
        throw new Error(`the desk key is wrapped by the desk app (${wrapped}); open it there`);
      fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      try {
        // 'wx' fails if the file exists, so two processes never overwrite each other's key.
        fs.writeFileSync(file, crypto.randomBytes(32), { flag: 'wx', mode: 0o600 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const key = fs.readFileSync(file);
      if (key.length !== 32) throw new Error(`secret key file ${file} is not 32 bytes`);
      cached = key;
      return key;
    },
  };
}

/** Seals short secrets (unlock codes) with AES-256-GCM; the context binds a secret to its row. */
export interface SecretBox {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

const version = 'v1';

export function createSecretBox(keys: KeyProvider): SecretBox {
  return {
    seal(plaintext, context) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', keys.key(), iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
      return [version, ...parts].join(':');
    },
    open(sealed, context) {
      const [v, iv, tag, body] = sealed.split(':');
      if (v !== version || !iv || !tag || body === undefined)
        throw new Error('unknown sealed format');
      const decipher = crypto.createDecipheriv(
        'aes-256-gcm',
        keys.key(),
        Buffer.from(iv, 'base64url'),
      );
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}
