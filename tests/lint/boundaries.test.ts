import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the import boundaries', () => {
  it('refuse electron in core/', async () => {
    const messages = await restrictedImports(
      'core/orders/bad.ts',
      "import { app } from 'electron';\nexport const x = app;\n",
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('core/ must run in plain Node');
  });

  it('refuse react and the renderer in core/', async () => {
    expect(
      await restrictedImports(
        'core/orders/bad.ts',
        "import { useState } from 'react';\nexport const x = useState;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        'core/orders/bad.ts',
        "import { x } from '../../renderer/src/api';\nexport const y = x;\n",
      ),
    ).toHaveLength(1);
  });

  it('keep the contract browser-safe', async () => {
    expect(
      await restrictedImports(
        'core/contract/bad.ts',
        "import fs from 'node:fs';\nexport const x = fs;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        'core/contract/bad.ts',
        "import { openDatabase } from '../db/open';\nexport const x = openDatabase;\n",
      ),
    ).toHaveLength(1);
  });

  it('let the renderer reach core only through the contract and the workflow table', async () => {
    const file = 'renderer/src/bad.ts';
    expect(
      await restrictedImports(
        file,
        "import { contract } from '../../core/contract';\nexport const x = contract;\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        file,
        "import { canTransition } from '../../core/orders/workflow';\nexport const x = canTransition;\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImports(
        file,
        "import { openDesk } from '../../core/runtime/desk';\nexport const x = openDesk;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restrictedImports(
        file,
        "import Database from 'better-sqlite3';\nexport const x = Database;\n",
      ),
    ).toHaveLength(1);
  });

  it('accept plain core code', async () => {
    expect(
      await restrictedImports(
        'core/orders/good.ts',
        "import { z } from 'zod';\nexport const x = z;\n",
      ),
    ).toEqual([]);
  });
});
