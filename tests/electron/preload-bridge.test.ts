import { describe, expect, it } from 'vitest';
import { methodNames } from '../../core/contract/client';
import { shellMethodNames } from '../../electron/ipc-channels';
import { buildBridge } from '../../electron/preload/bridge';

describe('window.sportello as the preload exposes it', () => {
  it('has one function per contract method, the shell’s printing calls, and nothing else', () => {
    const bridge = buildBridge(methodNames, async () => undefined);
    expect(Object.keys(bridge).sort()).toEqual([...methodNames, ...shellMethodNames].sort());
    expect(Object.getPrototypeOf(bridge)).toBeNull();
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('sends each call on that method’s own channel, with the input untouched', async () => {
    const sent: [string, unknown][] = [];
    const bridge = buildBridge(methodNames, async (channel, input) => {
      sent.push([channel, input]);
      return { ok: true, value: null };
    });
    const input = { page: { size: 20 } };
    await bridge.listOrders?.(input);
    await bridge.printDocument?.({ kind: 'test', format: 'a4', lang: 'en' });
    expect(sent).toEqual([
      ['sportello:listOrders', input],
      ['sportello-shell:printDocument', { kind: 'test', format: 'a4', lang: 'en' }],
    ]);
  });

  it('refuses to build a channel from a name that is not a method name', () => {
    for (const name of ['', 'sportello:x', '__proto__', 'a b', 'x'.repeat(80), 'Upper']) {
      expect(() => buildBridge([name], async () => undefined)).toThrow();
    }
  });
});
