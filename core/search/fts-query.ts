/**
 * Turns what someone typed into an FTS5 query for the trigram indexes: every word must occur
 * somewhere. Phone-like words are reduced to their digits, as the index stores phones.
 * Returns null when no word is long enough for a trigram (three characters).
 */
export function ftsQuery(term: string): string | null {
  const words = term
    .trim()
    .split(/\s+/)
    .map((w) => (/^[\d+\-().]+$/.test(w) ? w.replace(/\D/g, '') : w))
    .filter((w) => [...w].length >= 3);
  if (words.length === 0) return null;
  return words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' ');
}

/** A LIKE pattern for terms too short for the trigram index, with wildcards escaped. */
export function likePrefix(term: string): string {
  return `${term.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
