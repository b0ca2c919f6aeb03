import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { e2eAdmin, type E2ePerson } from './people';

export const e2eToken = process.env.SPORTELLO_WEB_TOKEN ?? 'e2e-token-not-secret';

const mainNavigation = (page: Page) =>
  page.getByRole('navigation', { name: /main navigation|navigazione|меню/i });

/** The sign-in screen: login and password (the method is a segmented control of radios). */
export async function signInWithPassword(
  page: Page,
  person: Pick<E2ePerson, 'login' | 'password'>,
) {
  await page.locator('label', { hasText: /^Password$/ }).click();
  await page.getByRole('textbox', { name: 'Login' }).fill(person.login);
  await page.locator('input[type="password"]').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * Opens the desk the way a person does: the address the host printed, token included, then
 * signs in (the admin unless told otherwise) and waits for the main screen.
 */
export async function openDesk(page: Page, route = '/', person: E2ePerson = e2eAdmin) {
  await page.goto(`/#${route}?token=${e2eToken}`);
  // A page that already signed in this tab keeps its session; a fresh one asks first.
  const signIn = page.getByRole('heading', { name: 'Sign in', level: 1 });
  await expect(signIn.or(mainNavigation(page))).toBeVisible();
  if (await signIn.isVisible()) await signInWithPassword(page, person);
  await expect(mainNavigation(page)).toBeVisible();
}

const sessions = new Map<string, string>();

/** A session for `person` made over the API (as the page would), kept for the test run. */
export async function sessionFor(request: APIRequestContext, person: E2ePerson = e2eAdmin) {
  const known = sessions.get(person.login);
  if (known) return known;
  const response = await request.post('/api/signIn', {
    headers: { 'x-sportello-token': e2eToken, 'content-type': 'application/json' },
    data: { with: 'password', login: person.login, password: person.password },
  });
  const result = (await response.json()) as { ok: boolean; value: { token: string } };
  if (!result.ok) throw new Error(`sign-in of ${person.login} failed`);
  sessions.set(person.login, result.value.token);
  return result.value.token;
}

/** Calls the contract directly, as the page would, to check what was (not) saved. */
export async function callDeskRaw(
  request: APIRequestContext,
  method: string,
  input: unknown,
  person: E2ePerson = e2eAdmin,
) {
  const response = await request.post(`/api/${method}`, {
    headers: {
      'x-sportello-token': e2eToken,
      'x-sportello-session': await sessionFor(request, person),
      'content-type': 'application/json',
    },
    data: input,
  });
  return (await response.json()) as
    { ok: true; value: unknown } | { ok: false; error: { code: string } };
}

export async function callDesk<T>(
  request: APIRequestContext,
  method: string,
  input: unknown,
  person: E2ePerson = e2eAdmin,
): Promise<T> {
  const result = await callDeskRaw(request, method, input, person);
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}
