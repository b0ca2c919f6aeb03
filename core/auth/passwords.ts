import { hash, verify } from '@node-rs/argon2';

// Argon2id (algorithm 2; the package's enum is a const enum), OWASP's minimum: 19 MiB, 2 passes.
const options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password or PIN as an argon2id PHC string with its own salt. */
export function hashSecret(secret: string): Promise<string> {
  return hash(secret, options);
}

/** A dummy hash to verify against when the login is unknown, so timing does not tell. */
let decoy: Promise<string> | undefined;

export async function verifySecret(stored: string | null, secret: string): Promise<boolean> {
  if (!stored) {
    decoy ??= hashSecret('decoy password that matches nothing');
    await verify(await decoy, secret).catch(() => false);
    return false;
  }
  return verify(stored, secret).catch(() => false);
}
