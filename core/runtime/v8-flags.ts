/**
 * V8 flags the desk's processes run with. V8 sizes the young generation from the machine's
 * memory (up to 64 MB per semi-space on a large machine), which the desk never needs: at 4 MB
 * a head-office bootstrap of 100 000 orders peaks at about half the memory, with no measured
 * CPU cost (bench `replication-throughput`). Semi-space size is read when the heap is created,
 * so the flag must be on the command line: `v8.setFlagsFromString` at run time changes nothing.
 * Used by the Electron shell (renderer processes via `js-flags`), `npm run web` (package.json)
 * and the replication benchmark's head-office desk.
 */
export const deskV8Flags = ['--max-semi-space-size=4'] as const;
