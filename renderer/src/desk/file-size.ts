/**
 * A file's size in the UI language, not the site's locale: it is on no document, and "1,5 МБ"
 * reads wrong to whoever works in English. Binary units, as file managers count them: kB up to
 * what would round to 1 024 kB, MB from there. Never "0 kB" for a file with something in it.
 */
export function fileSizeFormatter(language: string): (bytes: number) => string {
  const unit = (name: 'kilobyte' | 'megabyte') =>
    new Intl.NumberFormat(language, { style: 'unit', unit: name, maximumFractionDigits: 1 });
  const kilobytes = unit('kilobyte');
  const megabytes = unit('megabyte');
  return (bytes) => {
    const kb = bytes / 1024;
    // What would round up to "1 024 kB" is said as "1 MB".
    return kb < 1023.95 ? kilobytes.format(Math.max(0.1, kb)) : megabytes.format(kb / 1024);
  };
}
