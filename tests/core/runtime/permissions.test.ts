import { describe, expect, it } from 'vitest';
import { contract, type MethodName } from '../../../core/contract';
import { testDesk } from '../../support/desk';
import { actorWith } from '../../support/people';
import { publicMethods, refusalMatrix } from './role-matrix';

function totalChanges(desk: ReturnType<typeof testDesk>): number {
  return (desk.db.$client.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
}

describe('who may call what', () => {
  const matrix = refusalMatrix();

  it('the matrix covers the contract: each non-public method is refused to at least one role or open to all', () => {
    expect(matrix.length).toBeGreaterThan(10);
    expect(publicMethods().sort()).toEqual([
      'enrolDesk',
      'getFirstRunState',
      // The first-run screen asks which site a code is for before anyone exists to sign in;
      // later the handler decides: an admin joining, anyone signed in enrolling again after a
      // revocation, never anonymously (enrol-from-app.test.ts, reenrol-preview.test.ts).
      'previewEnrolment',
      'setUpHeadOffice',
      'signIn',
    ]);
  });

  it.each(matrix)('$role is refused $method, and nothing is written', async ({ method, role }) => {
    const desk = testDesk();
    const before = totalChanges(desk);
    // A well-formed-looking input is not needed: the role is checked before the input.
    const result = await desk.call(method, {}, actorWith(desk, [role]));
    expect(result).toEqual({ ok: false, error: { code: 'forbidden', params: { method } } });
    expect(totalChanges(desk)).toBe(before);
  });

  it('someone with no session is refused every method that is not public', async () => {
    const desk = testDesk();
    for (const method of Object.keys(contract) as MethodName[]) {
      if (contract[method].public) continue;
      const result = await desk.callWithSession(undefined, method, {});
      expect(result, method).toEqual({
        ok: false,
        error: { code: 'unauthenticated', params: { method } },
      });
    }
  });
});
