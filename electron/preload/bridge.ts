import { channelFor, shellChannelFor, shellMethodNames } from '../ipc-channels';

export type Invoke = (channel: string, input: unknown) => Promise<unknown>;
export type Bridge = Readonly<Record<string, (input: unknown) => Promise<unknown>>>;

/**
 * The object the renderer sees as `window.sportello`: one function per contract method,
 * each bound to its own channel, plus the shell's calls (`listPrinters`, `printDocument`,
 * `openAttachment`) on theirs. No generic send/invoke and no event access, so the page
 * cannot reach any other channel.
 */
export function buildBridge(methodNames: readonly string[], invoke: Invoke): Bridge {
  const bridge: Record<string, (input: unknown) => Promise<unknown>> = Object.create(null);
  for (const name of methodNames) {
    const channel = channelFor(name);
    bridge[name] = (input: unknown) => invoke(channel, input);
  }
  for (const name of shellMethodNames) {
    const channel = shellChannelFor(name);
    bridge[name] = (input: unknown) => invoke(channel, input);
  }
  return Object.freeze(bridge);
}
