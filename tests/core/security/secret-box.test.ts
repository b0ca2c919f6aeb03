import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretBox, fileKeyProvider } from '../../../core/security/secret-box';
import { tempDir } from '../../support/desk';

describe('the secret box', () => {
  it('seals and opens with a key file it creates readable only by its owner', () => {
    const dir = tempDir();
    const box = createSecretBox(fileKeyProvider(dir));
    const sealed = box.seal('2580', 'unlock:order-1');
    expect(sealed).not.toContain('2580');
    expect(box.open(sealed, 'unlock:order-1')).toBe('2580');
    const keyFile = path.join(dir, 'keys', 'secret.key');
    expect(fs.statSync(keyFile).size).toBe(32);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    // A second desk process reads the same key rather than making a new one.
    expect(createSecretBox(fileKeyProvider(dir)).open(sealed, 'unlock:order-1')).toBe('2580');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('will not open a value moved to another order or tampered with', () => {
    const dir = tempDir();
    const box = createSecretBox(fileKeyProvider(dir));
    const sealed = box.seal('2580', 'unlock:order-1');
    expect(() => box.open(sealed, 'unlock:order-2')).toThrow();
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => box.open(tampered, 'unlock:order-1')).toThrow();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
