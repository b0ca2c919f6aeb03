import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, roles, type MethodName, type Role } from '../../core/contract';
import { anonymousActor, type Actor } from '../../core/runtime/context';
import fs from 'node:fs';
import { openDesk } from '../../core/runtime/desk';
import { tempDir } from '../support/desk';
import { buildScene, sampleInputs, type Scene } from '../support/contract-samples';

/** 10 000 per method by default; FUZZ_RUNS=100000 for a long run, FUZZ_SEED to replay one. */
const numRuns = Number(process.env.FUZZ_RUNS ?? 10_000);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

const nasty = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.integer(),
  fc.double(),
  fc.uuid(),
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    null,
    undefined,
    '',
    ' ',
    '\u0000',
    'x'.repeat(5000),
    -1,
    Number.MAX_SAFE_INTEGER,
    '2026-02-30',
    "' OR 1=1 --",
    '<img src=x onerror=alert(1)>',
    '__proto__',
    [],
    {},
  ),
);

type Json = Record<string, unknown> | unknown[];

function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys: (string | number)[] = Array.isArray(value)
    ? value.map((_, i) => i)
    : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((k) =>
      leafPaths((value as Record<string | number, unknown>)[k], [...prefix, k]),
    ),
  ];
}

/** The valid sample with a few fields replaced by odd values or removed. */
function mutate(sample: unknown, edits: [number, unknown, boolean][]): unknown {
  let root: unknown = structuredClone(sample);
  for (const [pick, value, remove] of edits) {
    const paths = leafPaths(root);
    const path = paths[pick % paths.length]!;
    if (path.length === 0) {
      root = value;
      continue;
    }
    const parent = path
      .slice(0, -1)
      .reduce<unknown>((node, key) => (node as Json)[key as never], root) as Json;
    const key = path.at(-1)!;
    if (remove && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[key as string];
    else (parent as Record<string | number, unknown>)[key] = value;
  }
  return root;
}

function totalChanges(scene: Scene): number {
  return (scene.desk.db.$client.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
}

describe('every contract method survives random input', () => {
  const opened: { scene: Scene; dir: string }[] = [];

  beforeAll(() => {
    process.env.SPORTELLO_FAST_HASH_FOR_TESTS = '1';
  });
  afterAll(() => {
    delete process.env.SPORTELLO_FAST_HASH_FOR_TESTS;
    for (const { scene, dir } of opened) {
      scene.desk.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  /** A fresh desk per method, so one method's thousands of writes do not slow the next. */
  async function freshScene(): Promise<Scene> {
    const dir = tempDir('sportello-fuzz-');
    const scene = await buildScene({}, openDesk({ dataDir: dir, synchronous: 'NORMAL' }));
    opened.push({ scene, dir });
    return scene;
  }

  it.each(Object.keys(contract) as MethodName[])(
    '%s',
    async (method) => {
      const scene = await freshScene();
      const dispatchAs = (actor: Actor, name: MethodName, raw: unknown) =>
        scene.desk.call(name, raw, actor);
      const sample = sampleInputs[method](scene);
      const input = fc.oneof(
        { weight: 1, arbitrary: fc.constant(sample) },
        {
          weight: 20,
          arbitrary: fc
            .array(fc.tuple(fc.nat(), nasty, fc.boolean()), { minLength: 1, maxLength: 3 })
            .map((edits) => mutate(sample, edits)),
        },
        { weight: 20, arbitrary: fc.anything({ maxDepth: 3 }) },
      );
      const actor = fc
        .record({
          roles: fc.subarray([...roles] as Role[]),
          who: fc.constantFrom('admin', 'receptionist', 'system'),
        })
        .map(({ roles: held, who }): Actor => {
          if (held.length === 0) return anonymousActor(scene.desk.site.id);
          // Hosts only ever produce actors of real users (from a session) or the desk's own.
          const userId =
            who === 'admin'
              ? scene.adminId
              : who === 'receptionist'
                ? scene.userId
                : scene.desk.defaultActor.userId;
          return { userId, name: who, roles: held, siteId: scene.desk.site.id };
        });

      await fc.assert(
        fc.asyncProperty(actor, input, async (who, raw) => {
          const before = totalChanges(scene);
          const result = await dispatchAs(who, method, raw);
          if (result.ok) return;
          expect(result.error.code).not.toBe('internal');
          if (result.error.code === 'forbidden' || result.error.code === 'unauthenticated') {
            expect(totalChanges(scene)).toBe(before);
          }
        }),
        { numRuns, ...(seed !== undefined ? { seed } : {}) },
      );
    },
    300_000,
  );
});
