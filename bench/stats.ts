import type { Measurement } from './types';

export interface Summary {
  n?: number;
  p50?: number;
  p95?: number;
  max?: number;
  /** p95 of `cpuSamples`: a busy machine disturbs CPU time much less than wall time. */
  cpuP95?: number;
  value?: number;
  pass?: boolean;
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarise(m: Measurement): Summary {
  const summary: Summary = {};
  if (m.samples?.length) {
    const sorted = [...m.samples].sort((a, b) => a - b);
    summary.n = sorted.length;
    summary.p50 = percentile(sorted, 50);
    summary.p95 = percentile(sorted, 95);
    summary.max = sorted[sorted.length - 1]!;
  }
  if (m.cpuSamples?.length) {
    summary.cpuP95 = percentile(
      [...m.cpuSamples].sort((a, b) => a - b),
      95,
    );
  }
  if (m.value !== undefined) summary.value = m.value;
  if (m.target) {
    const actual = summary[m.target.stat];
    if (actual !== undefined) {
      summary.pass = m.target.op === '<=' ? actual <= m.target.bound : actual >= m.target.bound;
    }
  }
  return summary;
}

/** Times one synchronous or asynchronous call in milliseconds. */
export async function timed<T>(work: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}
