import { expect, type APIRequestContext, type Page } from '@playwright/test';

export const e2eToken = process.env.SPORTELLO_WEB_TOKEN ?? 'e2e-token-not-secret';

/** Opens the desk the way a person does: the address the host printed, token included. */
export async function openDesk(page: Page, route = '/') {
  await page.goto(`/#${route}?token=${e2eToken}`);
  await expect(
    page.getByRole('navigation', { name: /main navigation|navigazione|меню/i }),
  ).toBeVisible();
}

/** Calls the contract directly, as the page would, to check what was (not) saved. */
export async function callDesk<T>(
  request: APIRequestContext,
  method: string,
  input: unknown,
): Promise<T> {
  const response = await request.post(`/api/${method}`, {
    headers: { 'x-sportello-token': e2eToken, 'content-type': 'application/json' },
    data: input,
  });
  const result = (await response.json()) as { ok: true; value: T } | { ok: false; error: unknown };
  if (!result.ok) throw new Error(`${method} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}
