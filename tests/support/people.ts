import type { Actor } from '../../core/runtime/context';
import type { Role } from '../../core/contract/roles';
import type { Desk } from '../../core/runtime/desk';
import { expectOk } from './desk';

export const headOffice = {
  site: {
    code: 'HQ01',
    name: 'Sportello Sede',
    timezone: 'Europe/Rome',
    country: 'IT',
    currency: 'EUR',
    locale: 'it-IT',
    legal: { legalName: 'Sportello Assistenza S.r.l.', address: 'Via Dante 1, Milano' },
  },
  admin: { name: 'Marta Rossi', login: 'marta', password: 'correct horse battery', pin: '4321' },
};

export interface SignedIn {
  token: string;
  expiresAt: number;
  user: { id: string; roles: Role[] };
}

/** Runs first-run setup on a fresh desk; returns the admin's session. */
export async function setUpHeadOffice(desk: Desk): Promise<SignedIn> {
  return (await expectOk(
    desk.callWithSession(undefined, 'setUpHeadOffice', headOffice),
  )) as SignedIn;
}

/** An actor holding exactly these roles at the desk's site (for direct dispatch tests). */
export function actorWith(desk: Desk, roles: Role[], userId = desk.defaultActor.userId): Actor {
  return { userId, name: 'Test person', roles, siteId: desk.site.id };
}
