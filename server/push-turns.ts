/**
 * Pushes of one desk that are at this server instance at the same time are applied one after the
 * other, lowest seq first.
 *
 * A desk sends its next batch before the answer to the one before has come (`pushOutbox`'s
 * window). Without turns, the second push would take the desk's row lock between two of the first
 * one's transactions, find a gap and be refused, to be sent again. This is an optimisation, not
 * the guarantee: the seq check under the desk's row lock keeps the order, also for pushes that
 * reach two different instances; those may still be answered with a gap, which the desk follows.
 */
export class PushTurns {
  private readonly lines = new Map<string, Line>();

  /** Waits for this push's turn; the function returned ends it (once; later calls do nothing). */
  async take(deskId: string, firstSeq: number): Promise<() => void> {
    let line = this.lines.get(deskId);
    if (!line) {
      line = { busy: false, waiting: [] };
      this.lines.set(deskId, line);
    }
    if (line.busy) {
      const waiting = line.waiting;
      await new Promise<void>((go) => {
        const at = waiting.findIndex((w) => w.firstSeq > firstSeq);
        waiting.splice(at < 0 ? waiting.length : at, 0, { firstSeq, go });
      });
    }
    line.busy = true;
    let ended = false;
    const taken = line;
    return () => {
      if (ended) return;
      ended = true;
      const next = taken.waiting.shift();
      if (next) next.go();
      else {
        taken.busy = false;
        this.lines.delete(deskId);
      }
    };
  }

  /** Desks with a push being applied or waiting here (for tests and metrics). */
  get desks(): number {
    return this.lines.size;
  }
}

interface Line {
  busy: boolean;
  /** In seq order; each is started when the push before it ends. */
  waiting: { firstSeq: number; go: () => void }[];
}
