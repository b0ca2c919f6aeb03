/**
 * Turns what someone typed into an FTS5 query for the trigram indexes: every word must occur
 * somewhere. Phone-like words are reduced to their digits, as the index stores phones.
 * Returns null when no word is long enough for a trigram (three characters).
 */
export function ftsQuery(term: string): string | null {
  const phrase = (w: string) => `"${w.replace(/"/g, '""')}"`;
  const words = term
    .trim()
    .split(/\s+/)
    .map((w) => {
      if (!/^[\d+\-().]+$/.test(w)) return [w];
      // "2026-00" is a phone fragment or a piece of an order number: look for either form.
      const digits = w.replace(/\D/g, '');
      return digits === w ? [w] : [digits, w];
    })
    .map((forms) => forms.filter((w) => [...w].length >= 3))
    .filter((forms) => forms.length > 0);
  if (words.length === 0) return null;
  return words
    .map((forms) =>
      forms.length === 1 ? phrase(forms[0]!) : `(${forms.map(phrase).join(' OR ')})`,
    )
    .join(' ');
}

/** A LIKE pattern for terms too short for the trigram index, with wildcards escaped. */
export function likePrefix(term: string): string {
  return `${term.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
