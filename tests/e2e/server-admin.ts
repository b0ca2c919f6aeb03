/** The head-office server's admin API, as the browser tests that run a server child use it. */
export async function createSiteOn(
  server: { url: string; adminKey: string },
  code: string,
  kind: string,
): Promise<string> {
  const response = await fetch(`${server.url}/admin/sites`, {
    method: 'POST',
    headers: { 'x-admin-key': server.adminKey, 'content-type': 'application/json' },
    body: JSON.stringify({
      code,
      name: `Sportello ${code}`,
      kind,
      timezone: 'Europe/Rome',
      country: 'IT',
      currency: 'EUR',
      locale: 'it-IT',
    }),
  });
  if (!response.ok) throw new Error(`create-site ${code}: ${response.status}`);
  return ((await response.json()) as { enrolmentCode: string }).enrolmentCode;
}
