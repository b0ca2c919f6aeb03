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
  /** Abandoned partial uploads deleted by this instance's sweeps. */
  sweptUploads = 0;
  pushLatencyMs: number[] = [];

  recordPushLatency(ms: number): void {
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
      sweptUploads: this.sweptUploads,
      pushLatencyP95Ms: p95,
    };
  }

  /** Prometheus text exposition format. */
  prometheus(): string {
    return Object.entries(this.snapshot())
      .map(([name, value]) => {
        const metric = `sportello_${name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
        return `# TYPE ${metric} gauge\n${metric} ${value}`;
      })
      .join('\n')
      .concat('\n');
  }
}
