import { hash, verify } from '@node-rs/argon2';

// Argon2id (algorithm 2; the package's enum is a const enum), OWASP's minimum: 19 MiB, 2 passes.
const productionCost = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
// Only inside vitest and only when a test asks: the fuzz makes thousands of sign-in attempts.
const testCost = { algorithm: 2, memoryCost: 64, timeCost: 1, parallelism: 1 } as const;

let simulatorCost = false;

/**
 * For the replication simulator only (`tests/sim/run-seed.ts`): its people type a wrong password
 * or are added some eight times a seed, and at the production cost that was ~5 % of a seed's CPU
 * for thousands of seeds. A call in code, for this process, never an environment variable or
 * setting a desk or the server reads; nothing outside `tests/` calls it
 * (`tests/core/auth/passwords.test.ts` checks).
 */
export function useTestHashCostInThisSimulator(): void {
  simulatorCost = true;
}

function cost() {
  return simulatorCost || (process.env.VITEST && process.env.SPORTELLO_FAST_HASH_FOR_TESTS === '1')
    ? testCost
    : productionCost;
}

/** Hashes a password or PIN as an argon2id PHC string with its own salt. */
export function hashSecret(secret: string): Promise<string> {
  return hash(secret, cost());
}

/** A dummy hash to verify against when the login is unknown, so timing does not tell. */
const decoys = new Map<number, Promise<string>>();

export async function verifySecret(stored: string | null, secret: string): Promise<boolean> {
  if (!stored) {
    const { memoryCost } = cost();
    if (!decoys.has(memoryCost)) decoys.set(memoryCost, hashSecret('decoy that matches nothing'));
    await verify(await decoys.get(memoryCost)!, secret).catch(() => false);
    return false;
  }
  return verify(stored, secret).catch(() => false);
}
