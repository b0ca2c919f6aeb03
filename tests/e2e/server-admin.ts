/** The head-office server's admin API, as the browser tests that run a server child use it. */
export async function createSiteOn(
  server: { url: string; adminKey: string },
  code: string,
  kind: string,
  name = `Sportello ${code}`,
): Promise<string> {
  const response = await fetch(`${server.url}/admin/sites`, {
    method: 'POST',
    headers: { 'x-admin-key': server.adminKey, 'content-type': 'application/json' },
    body: JSON.stringify({
      code,
      name,
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

/** Revokes every desk of a site, as an admin does with a lost computer; returns their ids. */
export async function revokeDesksOf(
  server: { url: string; adminKey: string },
  code: string,
): Promise<string[]> {
  const headers = { 'x-admin-key': server.adminKey };
  const listed = await fetch(`${server.url}/admin/desks?site=${code}`, { headers });
  if (!listed.ok) throw new Error(`desks of ${code}: ${listed.status}`);
  const { desks } = (await listed.json()) as { desks: { deskId: string }[] };
  for (const { deskId } of desks) {
    const revoked = await fetch(`${server.url}/admin/desks/${deskId}/revoke`, {
      method: 'POST',
      headers,
    });
    if (!revoked.ok) throw new Error(`revoke ${deskId}: ${revoked.status}`);
  }
  return desks.map((d) => d.deskId);
}

/** A new one-time enrolment code for an existing site; with `series`, for a counter of its own. */
export async function enrolmentCodeFor(
  server: { url: string; adminKey: string },
  code: string,
  series?: string,
): Promise<string> {
  const response = await fetch(`${server.url}/admin/sites/${code}/enrolment-codes`, {
    method: 'POST',
    headers: { 'x-admin-key': server.adminKey, 'content-type': 'application/json' },
    body: JSON.stringify(series ? { series } : {}),
  });
  if (!response.ok) throw new Error(`enrolment code for ${code}: ${response.status}`);
  return ((await response.json()) as { enrolmentCode: string }).enrolmentCode;
}
