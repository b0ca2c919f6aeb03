/** One figure a benchmark case reports, compared against its target when it has one. */
export interface Measurement {
  metric: string;
  unit: 'ms' | 's' | 'rows/s' | 'MB' | 'count' | 'x';
  /** Raw samples (latencies); the harness reports p50/p95/max from them. */
  samples?: number[];
  /** CPU time of the same samples (process.cpuUsage): the table shows its p95 beside the wall p95. */
  cpuSamples?: number[];
  /** A single figure (throughput, peak memory, ratio). */
  value?: number;
  /** Which statistic the target applies to, and the bound. */
  target?: { stat: 'p50' | 'p95' | 'max' | 'value'; op: '<=' | '>='; bound: number };
  note?: string;
}

export interface BenchContext {
  /** A scratch folder for this run, removed afterwards. */
  scratchDir: string;
  /** A folder kept between runs (git-ignored) for expensive fixtures such as a seeded 100 000-order DB. */
  cacheDir: string;
  /** `npm run bench -- --quick`: fewer samples, for a smoke run. */
  quick: boolean;
  log(message: string): void;
}

/** A file in bench/cases/ default-exports one of these. */
export interface BenchCase {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<Measurement[]>;
}
