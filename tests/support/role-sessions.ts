import { roles, type Role } from '../../core/contract/roles';
import type { Scene } from './contract-samples';
import { expectOk } from './desk';

/** Logins made by `addOnePersonPerRole`: each holds exactly one role. */
export const roleLogin = (role: Role) => `only.${role}`;
export const rolePassword = 'a password for one role';

/** Adds one person per role to a scene's desk (created by its admin). */
export async function addOnePersonPerRole(scene: Scene): Promise<void> {
  for (const role of roles) {
    await expectOk(
      scene.desk.callWithSession(scene.token, 'createUser', {
        name: `Only ${role}`,
        login: roleLogin(role),
        password: rolePassword,
        roles: [role],
      }),
    );
  }
}

/** SQLite's count of rows changed on the desk's connection: unchanged means nothing written. */
export function totalChanges(scene: Scene): number {
  const row = scene.desk.db.$client.prepare('SELECT total_changes() AS n').get() as { n: number };
  return row.n;
}
