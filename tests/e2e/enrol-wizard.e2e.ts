import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { e2ePort } from '../../playwright.config';
import { openDesk as openDeskFolder, type Desk } from '../../core/runtime/desk';
import { enrolDesk } from '../../core/sync/enrol';
import { syncOnce } from '../../core/sync/sync-once';
import { settingsCredentialStore } from '../../core/sync/sync-state';
import { httpTransport } from '../../core/sync/transport';
import { seriousViolations } from './axe';
import { e2eToken, openDesk, signInWithPassword } from './desk-page';
import { createSiteOn, enrolmentCodeFor } from './server-admin';

/**
 * A fresh desk enrolled from the first-run wizard: the real browser-mode host (`npm run web`,
 * which starts the sync loop when the desk enrols while running) against a running head-office
 * server. Ports: main E2E port + 9 (server), + 4 (the desk); replication.e2e.ts uses + 5…8.
 */
const root = path.resolve(import.meta.dirname, '../..');
const serverPort = e2ePort + 9;
const deskPort = e2ePort + 4;
const serverUrl = `http://127.0.0.1:${serverPort}`;
const adminKey = 'enrol-e2e-admin-key-not-secret';
/** Screenshots for people to look at, when SPORTELLO_SCREENSHOT_DIR is set. */
const shotDir = process.env.SPORTELLO_SCREENSHOT_DIR;

let dataRoot = '';
const children: ChildProcess[] = [];

function tsx(script: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  children.push(child);
  return child;
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 60_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} not ready within ${timeoutMs} ms`);
}

const createSite = (code: string, kind: string, name?: string) =>
  createSiteOn({ url: serverUrl, adminKey }, code, kind, name);

/** The desks the head office has enrolled for a site. */
async function desksOf(site: string): Promise<unknown[]> {
  const response = await fetch(`${serverUrl}/admin/desks?site=${site}`, {
    headers: { 'x-admin-key': adminKey },
  });
  return ((await response.json()) as { desks: unknown[] }).desks;
}

/** Whether the head office would still take a code (asked without spending it). */
async function codeStillGood(code: string): Promise<boolean> {
  const response = await fetch(`${serverUrl}/enrol/preview`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  return response.ok;
}

/** The head office, in this process: set up, enrolled, and where its admin adds people. */
async function headOfficeDesk(): Promise<Desk> {
  const desk = openDeskFolder({ dataDir: path.join(dataRoot, 'hq') });
  const set = await desk.callWithSession(undefined, 'setUpHeadOffice', {
    site: {
      code: 'HQ',
      name: 'Sportello Sede',
      timezone: 'Europe/Rome',
      country: 'IT',
      currency: 'EUR',
      locale: 'it-IT',
      legal: { legalName: 'Sportello Assistenza S.r.l.', address: 'Via Dante 1, Milano' },
    },
    admin: { name: 'Sara Conti', login: 'sara', password: 'head office password' },
  });
  if (!set.ok) throw new Error(JSON.stringify(set.error));
  await enrolDesk(desk, serverUrl, await createSite('HQ', 'head_office'));
  // Reopened to act as the enrolled site, as the CLI's enrolment asks.
  desk.close();
  return openDeskFolder({ dataDir: path.join(dataRoot, 'hq') });
}

async function syncHeadOffice(desk: Desk) {
  const credentials = settingsCredentialStore(desk.db, desk.secrets).load()!;
  const round = await syncOnce(desk, httpTransport(credentials));
  if (!round.ok || round.push.rejected > 0)
    throw new Error(`head office sync: ${JSON.stringify(round)}`);
}

const shoot = async (page: Page, name: string) => {
  if (shotDir) await page.screenshot({ path: path.join(shotDir, `${name}.png`) });
};

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sportello-enrol-'));
  // Its daily backup (a second's dump, a minute after start) is tested on its own.
  tsx(
    'server/main.ts',
    ['--data', path.join(dataRoot, 'server'), '--port', `${serverPort}`, '--backups', 'off'],
    {
      SPORTELLO_ADMIN_KEY: adminKey,
    },
  );
  await until(async () => (await fetch(`${serverUrl}/health`)).ok, 'the server');
  tsx('core/web/main.ts', ['--data', path.join(dataRoot, 'desk'), '--port', `${deskPort}`], {
    SPORTELLO_WEB_TOKEN: e2eToken,
  });
  await until(
    async () => (await fetch(`http://127.0.0.1:${deskPort}/index.html`)).ok,
    'the fresh desk',
  );
});

test.afterAll(async () => {
  for (const child of children) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dataRoot, { recursive: true, force: true });
});

test('a fresh desk enrols from the wizard with a code, downloads its site and its people, and opens on sign-in', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const hq = await headOfficeDesk();
  await createSite('MI05', 'reception');
  // This computer is the site's second counter: it numbers in a series of its own.
  const code = await enrolmentCodeFor({ url: serverUrl, adminKey }, 'MI05', 'MI05B');

  await page.goto(`http://127.0.0.1:${deskPort}/#/?token=${e2eToken}`);
  await page.getByRole('button', { name: /Enrol this desk with a code/ }).click();
  const form = page.getByRole('form', { name: 'Enrol this desk' });
  // Keyboard first: the address has the focus, Tab to the code, Enter sends.
  await expect(form.getByLabel('Head office address', { exact: false })).toBeFocused();
  await page.keyboard.type(serverUrl);
  await page.keyboard.press('Tab');
  await page.keyboard.type('WRONG-CODE-0000');
  await page.keyboard.press('Enter');
  await expect(form.getByRole('alert')).toContainText(
    'This enrolment code is wrong, already used or expired',
  );
  expect(await seriousViolations(page)).toEqual([]);
  // The command line stays as a hint for IT staff.
  await expect(form.getByText('npm run cli -- enrol --server URL --code CODE')).toBeVisible();
  for (const [lang, phrase] of [
    ['it', 'Il codice di registrazione è sbagliato'],
    ['ru', 'Код подключения неверный'],
    ['en', 'This enrolment code is wrong'],
  ] as const) {
    await page.getByRole('combobox').last().selectOption(lang);
    // The form's name is translated too: the alert is found on the page.
    await expect(page.getByRole('alert')).toContainText(phrase);
    if (lang !== 'en') await shoot(page, `enrol-wrong-code-${lang}`);
  }
  await shoot(page, 'enrol-wrong-code-en');

  // The workshop's code, mixed up on the phone: the desk says which site it is for before it
  // spends it, and Back returns to the code with nothing enrolled.
  const workshopCode = await createSite('LAB1', 'workshop_own', 'Laboratorio Milano');
  const codeField = form.getByLabel('Enrolment code', { exact: false });
  await codeField.fill(workshopCode);
  await codeField.press('Enter');
  const confirmation = page.getByRole('form', { name: 'Check the site' });
  await expect(confirmation).toContainText(
    'This code is for LAB1 — Laboratorio Milano (own workshop).',
  );
  await expect(confirmation).toContainText('This desk will become it.');
  // Confirm is the default: Enter would go on.
  await expect(confirmation.getByRole('button', { name: 'Confirm' })).toBeFocused();
  expect(await seriousViolations(page), 'confirmation').toEqual([]);
  for (const [lang, phrase] of [
    ['ru', 'Этот код — для LAB1 «Laboratorio Milano» (своя мастерская).'],
    ['it', 'Questo codice è per LAB1 — Laboratorio Milano (laboratorio interno).'],
    ['en', 'This code is for LAB1 — Laboratorio Milano (own workshop).'],
  ] as const) {
    await page.getByRole('combobox').last().selectOption(lang);
    await expect(page.getByText(phrase)).toBeVisible();
    await shoot(page, `enrol-confirm-${lang}`);
  }
  await confirmation.getByRole('button', { name: 'Back' }).click();
  await expect(codeField).toBeFocused();
  await expect(codeField).toHaveValue(workshopCode);
  await expect(form.getByLabel('Head office address', { exact: false })).toHaveValue(serverUrl);
  expect(await desksOf('LAB1')).toEqual([]);
  expect(await codeStillGood(workshopCode)).toBe(true);

  await codeField.fill(code);
  await codeField.press('Enter');
  await expect(confirmation).toContainText(
    'This code is for MI05 — Sportello MI05 (reception desk).',
  );
  // Esc goes back as well; Enter, Enter comes again and confirms.
  await page.keyboard.press('Escape');
  await expect(codeField).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(confirmation.getByRole('button', { name: 'Confirm' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('This desk is now MI05 "Sportello MI05".')).toBeVisible({
    timeout: 15_000,
  });
  await expect(
    page.getByText('It numbers its orders in a series of its own: MI05B.'),
  ).toBeVisible();
  // No one of MI05 exists yet: the screen says who makes them.
  await expect(page.getByText('No one can sign in here yet')).toBeVisible({ timeout: 15_000 });
  // Opened again, the desk still says so rather than offering a sign-in no one can use.
  await page.goto(`http://127.0.0.1:${deskPort}/#/?token=${e2eToken}`);
  await expect(page.getByText('No one can sign in here yet')).toBeVisible();
  await expect(
    page.getByText('It numbers its orders in a series of its own: MI05B.'),
  ).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  for (const lang of ['it', 'ru', 'en'] as const) {
    await page.getByRole('combobox').last().selectOption(lang);
    await shoot(page, `enrol-no-people-${lang}`);
  }

  // The head office's admin adds Nina to MI05: she comes down, and sign-in opens by itself.
  await syncHeadOffice(hq);
  const milan = hq.db.$client.prepare("SELECT id FROM sites WHERE code = 'MI05'").get() as {
    id: string;
  };
  const admin = await hq.callWithSession(undefined, 'signIn', {
    with: 'password',
    login: 'sara',
    password: 'head office password',
  });
  if (!admin.ok) throw new Error(JSON.stringify(admin.error));
  const created = await hq.callWithSession((admin.value as { token: string }).token, 'createUser', {
    name: 'Nina Rossi',
    login: 'nina',
    password: 'a long password',
    roles: ['receptionist'],
    siteId: milan.id,
  });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  await syncHeadOffice(hq);
  hq.close();

  await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible({
    timeout: 20_000,
  });
  await signInWithPassword(page, { login: 'nina', password: 'a long password' });
  await expect(page.getByRole('button', { name: /^Signed in: Nina Rossi$/ })).toBeVisible();
});

test('a head office set up on its own joins the server from its sync badge, as its admin', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  // Another browser-mode desk, set up at first run and never enrolled (E2E port + 10).
  const port = e2ePort + 10;
  tsx('core/web/main.ts', ['--data', path.join(dataRoot, 'alone'), '--port', `${port}`], {
    SPORTELLO_WEB_TOKEN: e2eToken,
  });
  const desk = `http://127.0.0.1:${port}`;
  await until(async () => (await fetch(`${desk}/index.html`)).ok, 'the stand-alone desk');
  const admin = {
    name: 'Lucia Ferri',
    login: 'lucia',
    password: 'head office password',
    pin: '2468',
  };
  const set = await fetch(`${desk}/api/setUpHeadOffice`, {
    method: 'POST',
    headers: { 'x-sportello-token': e2eToken, 'content-type': 'application/json' },
    body: JSON.stringify({
      site: {
        code: 'HQ2',
        name: 'Sede Due',
        timezone: 'Europe/Rome',
        country: 'IT',
        currency: 'EUR',
        locale: 'it-IT',
        legal: { legalName: 'Sportello Due S.r.l.', address: 'Via Verdi 2, Torino' },
      },
      admin,
    }),
  });
  expect(((await set.json()) as { ok: boolean }).ok).toBe(true);
  const code = await createSite('HQ2', 'head_office');

  const page = await (await browser.newContext({ baseURL: desk })).newPage();
  await openDesk(page, '/', admin);
  await page.getByRole('button', { name: /Stand-alone desk\. Join the head office$/ }).click();
  const form = page.getByRole('form', { name: 'Join the head office' });
  await form.getByRole('textbox', { name: 'Head office address' }).fill(serverUrl);
  await form.getByRole('textbox', { name: 'Enrolment code' }).fill('WRONG-CODE-0000');
  await form.getByRole('button', { name: 'Continue' }).click();
  await expect(form.getByRole('alert')).toContainText(
    'This enrolment code is wrong, already used or expired',
  );
  await form.getByRole('textbox', { name: 'Enrolment code' }).fill(code);
  expect(await seriousViolations(page), 'join form').toEqual([]);
  await shoot(page, 'join-head-office-en');
  await form.getByRole('button', { name: 'Continue' }).click();
  // Which site the code is for, first; Back changes nothing.
  const confirmation = page.getByRole('form', { name: 'Check the site' });
  await expect(confirmation).toContainText('This code is for HQ2 — Sportello HQ2 (head office).');
  await expect(confirmation.getByRole('button', { name: 'Confirm' })).toBeFocused();
  expect(await seriousViolations(page), 'join confirmation').toEqual([]);
  await shoot(page, 'join-confirm-en');
  await confirmation.getByRole('button', { name: 'Back' }).click();
  await expect(form.getByRole('textbox', { name: 'Enrolment code' })).toBeFocused();
  expect(await desksOf('HQ2')).toEqual([]);
  await page.keyboard.press('Enter');
  // Esc in the dialog goes back to the code too, rather than closing it.
  await expect(confirmation.getByRole('button', { name: 'Confirm' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(form.getByRole('textbox', { name: 'Enrolment code' })).toBeFocused();
  await page.keyboard.press('Enter');
  await confirmation.getByRole('button', { name: 'Confirm' }).click();
  // The sync loop starts at once: the badge becomes the replication status.
  await expect(page.getByTestId('sync-indicator')).toContainText('Online', { timeout: 30_000 });
  expect(await desksOf('HQ2')).toHaveLength(1);
});
