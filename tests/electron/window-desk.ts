import fs from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import type { OrderDetail } from '../../core/contract/orders';
import { openDesk, type Desk } from '../../core/runtime/desk';
import { expectOk, intakeInput, tempDir } from '../support/desk';
import { setUpHeadOffice } from '../support/people';

/**
 * A desk with a head-office admin signed in and one order, opened before the file's tests and
 * closed after them: what main's shell calls reach as the window's person. `as` is the
 * session call main makes for a window (its id is not needed here).
 */
export function windowDesk(folderPrefix: string) {
  const dataDir = tempDir(folderPrefix);
  const state = {} as { desk: Desk; token: string; order: OrderDetail };
  beforeAll(async () => {
    state.desk = openDesk({ dataDir });
    state.token = (await setUpHeadOffice(state.desk)).token;
    state.order = (await expectOk(
      state.desk.callWithSession(state.token, 'createIntake', intakeInput()),
    )) as OrderDetail;
  });
  afterAll(() => {
    state.desk?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return Object.assign(state, {
    as: (_contentsId: number, method: string, input: unknown) =>
      state.desk.callWithSession(state.token, method, input),
  });
}
