/**
 * The shape of an order number, `MI01-2026-000123`: series code, year, number. Pure, shared by
 * the desk and the server. A site's series code is its own code; a second counter of the site
 * numbers under a series code of its own (`MI01B-2026-000001`, see `docs/head-office-server.md`).
 */
export function formatOrderNumber(seriesCode: string, year: number, n: number): string {
  return `${seriesCode}-${year}-${String(n).padStart(6, '0')}`;
}

const orderNumberPattern = /^([A-Z0-9]{2,8})-(\d{4})-(\d{6,})$/;

export function parseOrderNumber(
  number: string,
): { seriesCode: string; year: number; n: number } | null {
  const m = orderNumberPattern.exec(number);
  if (!m) return null;
  return { seriesCode: m[1]!, year: Number(m[2]), n: Number(m[3]) };
}
