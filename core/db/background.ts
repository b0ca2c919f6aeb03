import nodeModule from 'node:module';
import { Worker } from 'node:worker_threads';

// Database work that must not hold up the desk's own thread: each runs in a worker thread on
// its own connection to the same file. The worker's code is a short script given as text, so
// every host (Electron's bundle, the browser-mode server, tests under tsx) starts it the same way
// without a separate entry file; it loads the same better-sqlite3 the desk uses.

const driver = nodeModule.createRequire(import.meta.url).resolve('better-sqlite3');

/** What the integrity worker answers: SQLite's messages, or the error opening/reading the file. */
export type IntegrityAnswer =
  { problems: string[] } | { error: { message: string; code?: string | undefined } };

const integrityScript = `
const { parentPort, workerData } = require('node:worker_threads');
let answer;
try {
  const Database = require(workerData.driver);
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check');
    const messages = rows.map((r) => r.integrity_check);
    answer = { problems: messages.length === 1 && messages[0] === 'ok' ? [] : messages };
  } finally {
    db.close();
  }
} catch (error) {
  answer = { error: { message: String(error), code: error && error.code } };
}
parentPort.postMessage(answer);
`;

export interface BackgroundIntegrityCheck {
  /** Never rejects: a worker that cannot run, or was stopped, answers with an error. */
  answer: Promise<IntegrityAnswer>;
  /** Lets the process go: the worker ends as soon as SQLite returns (it cannot be cut short). */
  stop(): void;
}

/**
 * `PRAGMA integrity_check` of the whole file on a read-only connection in a worker: on a large
 * database it reads every page (seconds), while the desk already serves.
 */
export function checkIntegrityInBackground(file: string): BackgroundIntegrityCheck {
  let worker: Worker;
  try {
    worker = new Worker(integrityScript, { eval: true, workerData: { driver, file } });
  } catch (error) {
    return { answer: Promise.resolve({ error: { message: String(error) } }), stop() {} };
  }
  // The check never keeps a closing process alive; its read-only connection cannot harm the file.
  worker.unref();
  const answer = new Promise<IntegrityAnswer>((resolve) => {
    worker.once('message', (answer: IntegrityAnswer) => resolve(answer));
    worker.once('error', (error) => resolve({ error: { message: String(error) } }));
    worker.once('exit', (code) =>
      resolve({ error: { message: `integrity check stopped (exit code ${code})` } }),
    );
  });
  return { answer, stop: () => void worker.terminate() };
}

const checkpointScript = `
const { workerData } = require('node:worker_threads');
const flags = new Int32Array(workerData.flags);
let db;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file, { fileMustExist: true });
  while (Atomics.load(flags, 0) === 0) {
    Atomics.wait(flags, 0, 0, workerData.intervalMs);
    if (Atomics.load(flags, 0) !== 0) break;
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or a passing I/O error: the next round tries again; the desk's own backstop remains.
    }
  }
} finally {
  if (db) db.close();
  Atomics.store(flags, 1, 1);
  Atomics.notify(flags, 1);
}
`;

export interface BackgroundCheckpoints {
  /** Stops the worker and waits (briefly) until its connection is closed. */
  stop(): void;
}

/**
 * Copies the write-ahead log back into the database file from a worker, every `intervalMs`.
 *
 * Left to the desk's connection, SQLite checkpoints inside the commit that crosses the WAL's size
 * threshold: with ~50 pages per intake that was one intake in twenty paying 10–60 ms. A PASSIVE
 * checkpoint never blocks the writer; the desk keeps a much higher automatic threshold only as a
 * backstop (by then the worker has copied almost everything, so that checkpoint is short).
 *
 * `stop()` is synchronous on purpose: when the desk closes its own connection next, it must be
 * the last one, so SQLite folds the log into the file and removes it as before.
 */
export function startBackgroundCheckpoints(
  file: string,
  options: { intervalMs?: number; onGone?: (reason: string) => void } = {},
): BackgroundCheckpoints {
  const flags = new Int32Array(new SharedArrayBuffer(8));
  const worker = new Worker(checkpointScript, {
    eval: true,
    workerData: { driver, file, intervalMs: options.intervalMs ?? 200, flags: flags.buffer },
  });
  worker.unref();
  let stopped = false;
  // A worker that ends unasked (it could not load the driver or open the file) is reported once.
  const gone = (reason: string) => {
    if (stopped) return;
    stopped = true;
    options.onGone?.(reason);
  };
  worker.once('error', (error) => gone(String(error)));
  worker.once('exit', (code) => gone(`exit code ${code}`));
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      Atomics.store(flags, 0, 1);
      Atomics.notify(flags, 0);
      // A checkpoint under way finishes first; a worker that never started never sets the flag.
      Atomics.wait(flags, 1, 0, 5_000);
      void worker.terminate();
    },
  };
}
