/** A scanner types far faster than a person: this many ms at most between its keystrokes. */
export const maxScannerGapMs = 50;
export const minScanLength = 4;

/**
 * Collects printable keystrokes that arrive in a fast burst; Enter after such a burst yields
 * the scanned text. Any slow keystroke starts the burst again.
 */
export class ScannerBurst {
  private text = '';
  private lastAt = 0;

  /** Feeds one key; returns the scanned text when the key is the Enter that ends a burst. */
  key(key: string, at: number): string | null {
    const fast = at - this.lastAt <= maxScannerGapMs;
    this.lastAt = at;
    if (key === 'Enter') {
      const scanned = fast && this.text.length >= minScanLength ? this.text : null;
      this.text = '';
      return scanned;
    }
    if (key.length !== 1) {
      this.text = '';
      return null;
    }
    this.text = fast ? this.text + key : key;
    return null;
  }
}
