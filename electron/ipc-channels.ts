import type { DeskShell } from '../core/contract/documents';

/** One IPC channel per contract method: `sportello:<method>`. Shared by main and preload. */
export const channelPrefix = 'sportello:';

const methodNamePattern = /^[a-z][A-Za-z0-9]{0,63}$/;

export function channelFor(method: string): string {
  if (!methodNamePattern.test(method)) throw new Error(`Not a contract method name: ${method}`);
  return channelPrefix + method;
}

/**
 * The shell's own calls beside the contract (printing, showing a PDF document), each on
 * `sportello-shell:<name>`: a prefix no contract channel can take, so the two sets never collide.
 */
export const shellChannelPrefix = 'sportello-shell:';

export const shellMethodNames = [
  'listPrinters',
  'printDocument',
  'openAttachment',
] as const satisfies readonly (keyof DeskShell)[];

export function shellChannelFor(name: string): string {
  if (!methodNamePattern.test(name)) throw new Error(`Not a shell method name: ${name}`);
  return shellChannelPrefix + name;
}
