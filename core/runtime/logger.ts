import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';

/** Keys whose values are personal data or secrets: never written to a log, at any depth listed. */
const sensitiveKeys = [
  'password',
  'current',
  'next',
  'pin',
  'token',
  'passwordHash',
  'pinHash',
  'unlockCode',
  'unlockSecret',
  'secret',
  'name',
  'customerName',
  'phone',
  'customerPhone',
  'email',
  'customerEmail',
  'address',
  'taxId',
  'vatNumber',
  'notes',
  'complaint',
  'input',
  'args',
  'before',
  'after',
  'authorization',
  'cookie',
  'x-sportello-token',
];

/** Every path pino should censor: each key at the top level and up to three levels down. */
export const redactedPaths = sensitiveKeys.flatMap((key) => {
  const k = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const dot = k.startsWith('[') ? '' : '.';
  return [k, `*${dot}${k}`, `*.*${dot}${k}`, `*.*.*${dot}${k}`];
});

/**
 * The one logger factory every host uses (Electron main, browser-mode host, CLI, server):
 * personal data and secrets are censored by key before anything is written.
 */
export function createLogger(
  options: { level?: string; name?: string } = {},
  destination?: DestinationStream,
): PinoLogger {
  const logger = pino(
    {
      level: options.level ?? process.env.SPORTELLO_LOG_LEVEL ?? 'info',
      redact: { paths: redactedPaths, censor: '[redacted]' },
    },
    destination,
  );
  // Not pino's `name`: that key is censored, as a customer's name would be.
  return options.name ? logger.child({ host: options.name }) : logger;
}
