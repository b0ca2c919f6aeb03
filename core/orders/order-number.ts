/** The shape of an order number, `MI01-2026-000123`: pure, shared by the desk and the server. */
export function formatOrderNumber(siteCode: string, year: number, n: number): string {
  return `${siteCode}-${year}-${String(n).padStart(6, '0')}`;
}

const orderNumberPattern = /^([A-Z0-9]{2,8})-(\d{4})-(\d{6,})$/;

export function parseOrderNumber(
  number: string,
): { siteCode: string; year: number; n: number } | null {
  const m = orderNumberPattern.exec(number);
  if (!m) return null;
  return { siteCode: m[1]!, year: Number(m[2]), n: Number(m[3]) };
}
