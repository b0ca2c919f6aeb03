import { z } from 'zod';
import { Id, requiredText, TimeZoneName } from './common';
import { method } from './define';
import { everyone, roles, type Role } from './roles';

const admins: readonly Role[] = ['admin'];
const managersAndAdmins: readonly Role[] = ['manager', 'admin'];

export const Login = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(40)
  .refine((v) => /^[a-z0-9._-]+$/.test(v), { params: { code: 'invalid_login' } });

/** Long enough to resist guessing at a counter; no composition rules (NIST SP 800-63B). */
export const Password = z.string().min(10).max(200);

/** A short PIN for fast switching between people at a shared counter. */
export const Pin = z
  .string()
  .refine((v) => /^\d{4,8}$/.test(v), { params: { code: 'invalid_pin' } });

export const RoleName = z.enum(roles);

export const UserSummary = z.object({
  id: Id,
  name: z.string(),
  login: z.string(),
  roles: z.array(RoleName),
  siteId: Id,
  active: z.boolean(),
  hasPin: z.boolean(),
});
export type UserSummary = z.infer<typeof UserSummary>;

export const SessionOutput = z.object({
  token: z.string(),
  expiresAt: z.int(),
  idleTimeoutMinutes: z.int(),
  user: UserSummary,
});

const siteKinds = ['head_office', 'reception', 'workshop_own', 'workshop_partner'] as const;

export const NewSite = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .refine((v) => /^[A-Z0-9]{2,8}$/.test(v), { params: { code: 'invalid_site_code' } }),
  name: requiredText(120),
  timezone: TimeZoneName,
  country: z
    .string()
    .trim()
    .toUpperCase()
    .refine((v) => /^[A-Z]{2}$/.test(v), { params: { code: 'invalid_country' } }),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .refine((v) => /^[A-Z]{3}$/.test(v), { params: { code: 'invalid_currency' } }),
  locale: requiredText(20),
  legal: z.object({
    legalName: requiredText(200),
    address: requiredText(500),
    vatNumber: z.string().trim().max(32).optional(),
    taxCode: z.string().trim().max(32).optional(),
    registrationNumber: z.string().trim().max(32).optional(),
    phone: z.string().trim().max(40).optional(),
    email: z.string().trim().max(254).optional(),
  }),
});

export const NewUser = z.object({
  name: requiredText(120),
  login: Login,
  password: Password,
  pin: Pin.optional(),
  roles: z.array(RoleName).min(1).max(roles.length),
  siteId: Id.optional(),
});

export const FirstRunState = z.object({
  setUp: z.boolean(),
  site: z.object({
    code: z.string(),
    name: z.string(),
    kind: z.enum(siteKinds),
    /** The series its orders are numbered in: the site's code, or a further counter's own. */
    seriesCode: z.string(),
  }),
  /** People who may switch in with a PIN at this desk (names only: the counter shows them). */
  pinUsers: z.array(z.object({ id: Id, name: z.string() })),
  /** How many people of this site can sign in (after enrolment: those the head office made). */
  people: z.int(),
  /** An enrolled desk's first download, which the first-run screen waits for; null if not enrolled. */
  firstSync: z
    .object({ done: z.boolean(), remaining: z.int(), error: z.string().nullable() })
    .nullable(),
});

export const authMethods = {
  getFirstRunState: method({
    summary: 'Whether this desk has been set up, and who may sign in here with a PIN.',
    kind: 'query',
    input: z.object({}),
    output: FirstRunState,
    roles: everyone,
    public: true,
  }),
  setUpHeadOffice: method({
    summary: 'First run: create the head office and its first admin, and sign that admin in.',
    kind: 'mutation',
    input: z.object({ site: NewSite, admin: NewUser.omit({ roles: true, siteId: true }) }),
    output: SessionOutput,
    roles: everyone,
    public: true,
  }),
  signIn: method({
    summary:
      'Sign in with login and password, or pick a person (or name a login) and type their PIN.',
    kind: 'mutation',
    input: z.discriminatedUnion('with', [
      z.object({ with: z.literal('password'), login: Login, password: z.string().max(200) }),
      // The counter picks a face (`userId`); the command line names a login (`--user … --pin`).
      z
        .object({
          with: z.literal('pin'),
          userId: Id.optional(),
          login: Login.optional(),
          pin: z.string().max(8),
        })
        .refine((input) => (input.userId === undefined) !== (input.login === undefined), {
          message: 'either userId or login',
          path: ['userId'],
        }),
    ]),
    output: SessionOutput,
    roles: everyone,
    public: true,
  }),
  signOut: method({
    summary: 'End this session: the counter goes back to the sign-in screen.',
    kind: 'mutation',
    input: z.object({}),
    output: z.object({ signedOut: z.boolean() }),
    roles: everyone,
  }),
  whoAmI: method({
    summary: 'The person signed in, their roles and site.',
    kind: 'query',
    input: z.object({}),
    output: z.object({
      user: UserSummary,
      expiresAt: z.int().nullable(),
      /** The counter locks itself after this many idle minutes. */
      idleTimeoutMinutes: z.int(),
    }),
    roles: everyone,
  }),
  listUsers: method({
    summary: 'Everyone who can sign in, with roles and site.',
    kind: 'query',
    input: z.object({ includeInactive: z.boolean().default(false) }),
    output: z.array(UserSummary),
    roles: managersAndAdmins,
  }),
  createUser: method({
    summary: 'Add a person with their roles, site, password and optional PIN.',
    kind: 'mutation',
    input: NewUser,
    output: UserSummary,
    roles: admins,
  }),
  updateUser: method({
    summary: "Change a person's name, roles, site, PIN or password.",
    kind: 'mutation',
    input: z.object({
      id: Id,
      name: requiredText(120).optional(),
      roles: z.array(RoleName).min(1).max(roles.length).optional(),
      siteId: Id.optional(),
      password: Password.optional(),
      pin: Pin.nullable().optional(),
    }),
    output: UserSummary,
    roles: admins,
  }),
  deactivateUser: method({
    summary: 'Stop a person from signing in (their history stays); ends their sessions.',
    kind: 'mutation',
    input: z.object({ id: Id }),
    output: UserSummary,
    roles: admins,
  }),
  configureSignIn: method({
    summary: 'Set how many idle minutes lock the counter (sign-in again needed).',
    kind: 'mutation',
    input: z.object({ idleTimeoutMinutes: z.int().min(1).max(480) }),
    output: z.object({ idleTimeoutMinutes: z.int() }),
    roles: admins,
  }),
  changeOwnPassword: method({
    summary: 'Change your own password, proving the current one.',
    kind: 'mutation',
    input: z.object({ current: z.string().max(200), next: Password }),
    output: z.object({ changed: z.boolean() }),
    roles: everyone,
  }),
  changeOwnPin: method({
    summary: 'Set or remove your own PIN, proving your password.',
    kind: 'mutation',
    input: z.object({ current: z.string().max(200), pin: Pin.nullable() }),
    output: z.object({ hasPin: z.boolean() }),
    roles: everyone,
  }),
};
