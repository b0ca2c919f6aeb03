import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PushStats } from './push';

/** Counters of this instance since it started (each instance reports its own). */
export class ServerMetrics implements PushStats {
  readonly startedAt = Date.now();
  accepted = 0;
  rejected = 0;
  replayed = 0;
  skewed = 0;
  pushes = 0;
  pulls = 0;
  pulledChanges = 0;
  authFailures = 0;
  enrolments = 0;
  refusedRequests = 0;
  /** Pulls refused because the desk's cursor names a change this database does not hold. */
  cursorsRefused = 0;
  /** Downloads of a desk's scope from `records` begun: its cursor was older than the archived log. */
  downloadsBegun = 0;
  /** Changes removed from the change log by this instance's sweeps (`archiveKeepDays`). */
  archivedChanges = 0;
  /** Abandoned partial uploads deleted by this instance's sweeps. */
  sweptUploads = 0;
  /** Complete blobs no attachment named any more, deleted by this instance's sweeps. */
  sweptUnnamedBlobs = 0;
  /** Tables this instance's sweeps vacuumed where no autovacuum runs (PGlite). */
  vacuumedTables = 0;
  /** Backups of a PGlite head office's folder this instance's sweeps took. */
  backupsTaken = 0;
  pushLatencyMs: number[] = [];

  recordPushLatency(ms: number): void {
    this.pushSeconds.observe(ms / 1000);
    this.pushLatencyMs.push(ms);
    if (this.pushLatencyMs.length > 1000) this.pushLatencyMs.splice(0, 500);
  }

  snapshot() {
    const sorted = [...this.pushLatencyMs].sort((a, b) => a - b);
    const p95 = sorted.length
      ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!
      : 0;
    return {
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      mutationsAccepted: this.accepted,
      mutationsRejected: this.rejected,
      mutationsReplayed: this.replayed,
      clockSkewFlagged: this.skewed,
      pushes: this.pushes,
      pulls: this.pulls,
      pulledChanges: this.pulledChanges,
      authFailures: this.authFailures,
      enrolments: this.enrolments,
      refusedRequests: this.refusedRequests,
      pullCursorsRefused: this.cursorsRefused,
      pullDownloadsBegun: this.downloadsBegun,
      archivedChanges: this.archivedChanges,
      sweptUploads: this.sweptUploads,
      sweptUnnamedBlobs: this.sweptUnnamedBlobs,
      vacuumedTables: this.vacuumedTables,
      backupsTaken: this.backupsTaken,
      pushLatencyP95Ms: p95,
    };
  }

  /**
   * Prometheus text exposition, through prom-client: the counts as counters (`…_total`), push
   * handling time as a histogram (a scraper computes its own quantiles across instances), this
   * process's CPU, memory and event-loop lag, and the last 1000 pushes' p95 as a gauge.
   */
  async prometheus(): Promise<string> {
    return (this.registry ??= this.buildRegistry()).metrics();
  }

  /** The content type of `prometheus()`. */
  get prometheusContentType(): string {
    return (this.registry ??= this.buildRegistry()).contentType;
  }

  private registry: Registry | undefined;
  /** Kept from the start, so that it counts every push (the registry is made at the first scrape). */
  private readonly pushSeconds = new Histogram({
    name: 'sportello_push_duration_seconds',
    help: 'time to handle a push, from its request to its answer',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10],
    registers: [],
  });

  private buildRegistry(): Registry {
    const registry = new Registry();
    // This instance's counts, as counters: the field, the metric's name, what it counts.
    const counted: [keyof ServerMetrics & string, string, string][] = [
      ['accepted', 'mutations_accepted', 'mutations accepted'],
      ['rejected', 'mutations_rejected', 'mutations refused, the reason sent back to the desk'],
      ['replayed', 'mutations_replayed', 'mutations sent again, answered from the stored answer'],
      ['skewed', 'clock_skew_flagged', 'mutations from a desk clock more than 5 minutes off'],
      ['pushes', 'pushes', 'push requests handled'],
      ['pulls', 'pulls', 'pull requests handled'],
      ['pulledChanges', 'pulled_changes', 'changes sent in pulls'],
      ['authFailures', 'auth_failures', 'requests with missing, wrong or revoked credentials'],
      ['enrolments', 'enrolments', 'desks enrolled'],
      ['refusedRequests', 'refused_requests', 'requests refused as malformed or too large'],
      [
        'cursorsRefused',
        'pull_cursors_refused',
        'pulls refused for a cursor this database does not hold (restored from a backup?)',
      ],
      [
        'downloadsBegun',
        'pull_downloads_begun',
        'downloads of a desk scope begun because its cursor was older than the archived change log',
      ],
      ['archivedChanges', 'archived_changes', 'changes archived from the change log'],
      ['sweptUploads', 'swept_uploads', 'abandoned partial uploads deleted'],
      ['sweptUnnamedBlobs', 'swept_unnamed_blobs', 'complete blobs no attachment named, deleted'],
      [
        'vacuumedTables',
        'vacuumed_tables',
        'tables vacuumed by the sweep where no autovacuum runs',
      ],
      ['backupsTaken', 'backups_taken', "backups of a PGlite head office's data folder taken"],
    ];
    for (const [field, name, help] of counted) {
      const read = () => this[field] as number;
      new Counter({
        name: `sportello_${name}_total`,
        help: `${help}, by this instance since it started`,
        registers: [registry],
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    }
    const snapshot = () => this.snapshot();
    new Gauge({
      name: 'sportello_push_latency_p95_seconds',
      help: 'p95 of the last 1000 pushes handled by this instance',
      registers: [registry],
      collect() {
        this.set(snapshot().pushLatencyP95Ms / 1000);
      },
    });
    registry.registerMetric(this.pushSeconds);
    collectDefaultMetrics({ register: registry, prefix: 'sportello_' });
    return registry;
  }
}
