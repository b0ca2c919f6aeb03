import fs from 'node:fs';

/**
 * Restarts this process's peak-memory mark (Linux: `clear_refs` 5), so that the peak read
 * afterwards is the peak of what ran since, not of module loading. Elsewhere a no-op.
 */
export function resetPeakRss(): void {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not Linux: the peak then covers the whole process life.
  }
}

/**
 * This process's peak resident memory in MB. Linux's VmHWM belongs to the process image;
 * `getrusage`'s maxrss would also carry the parent's peak across fork and exec.
 */
export function peakRssMb(): number {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    if (kb) return Math.round(Number(kb) / 1024);
  } catch {
    // Not Linux: the figure below is a lower bound of the same thing.
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
