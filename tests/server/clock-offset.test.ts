import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../core/contract/sync';
import { syncOnce } from '../../core/sync/sync-once';
import type { SyncTransport } from '../../core/sync/transport';
import { expectOk } from '../support/desk';
import { cliSync, enrolledDesk } from '../support/sync-desk';
import { serverForSuite } from '../support/sync-server';

const twoHoursFive = (2 * 60 + 5) * 60_000;
/** The request, the page and the desk's own work stand between the two readings. */
const tolerance = 5_000;

describe("a desk compares its clock with the head office's at every pull", () => {
  const server = serverForSuite();

  it('records how far off it is, and keeps the last reading when a server does not say', async () => {
    const desk = await enrolledDesk(server(), 'MI01');
    const status = async () => (await expectOk(desk.call('getSyncStatus', {}))) as SyncStatus;
    expect((await status()).clockOffsetMs).toBeNull();

    // This computer's clock is 2 h 5 min slow: the head office is that much ahead.
    const slow = await syncOnce(desk, desk.transport, { now: () => Date.now() - twoHoursFive });
    expect(slow.ok).toBe(true);
    expect(Math.abs(slow.clockOffsetMs! - twoHoursFive)).toBeLessThan(tolerance);
    expect(Math.abs((await status()).clockOffsetMs! - twoHoursFive)).toBeLessThan(tolerance);

    // A server of the previous version sends no time with its pages: the last reading stays.
    const silent: SyncTransport = {
      push: (mutations) => desk.transport.push(mutations),
      pull: async (cursor, limit, options) => {
        const page = await desk.transport.pull(cursor, limit, options);
        delete page.end.serverTime;
        return page;
      },
    };
    const unsaid = await syncOnce(desk, silent);
    expect(unsaid.ok).toBe(true);
    expect(unsaid.clockOffsetMs).toBeUndefined();
    expect(Math.abs((await status()).clockOffsetMs! - twoHoursFive)).toBeLessThan(tolerance);

    // Set right, the next round says so.
    await syncOnce(desk, desk.transport);
    expect(Math.abs((await status()).clockOffsetMs!)).toBeLessThan(tolerance);
  });
});

describe('`npm run cli -- sync` on a desk whose clock is off', () => {
  // Here the head office's clock is the one ahead: to the desk it is all the same.
  const server = serverForSuite('pglite', { now: () => Date.now() + twoHoursFive });

  it('says so, by how much and which way', async () => {
    const desk = await enrolledDesk(server(), 'MI02');
    const { code, text } = await cliSync(desk);
    expect(code).toBe(0);
    expect(text).toContain(
      "CLOCK OFF: this computer's clock is 2 h 5 min behind the head office's",
    );
  });

  it('says the whole round in the language of the terminal', async () => {
    const desk = await enrolledDesk(server(), 'MI03');
    const round = (environment: Record<string, string>) => cliSync(desk, environment);
    const italian = await round({ LANG: 'it_IT.UTF-8' });
    expect(italian.code).toBe(0);
    expect(italian.text).toContain(`server: ${server().url}`);
    expect(italian.text).toContain('(raggiunto)');
    expect(italian.text).toContain('inviate: 0, accettate: 0, rifiutate: 0');
    expect(italian.text).toContain('in attesa di invio: 0');
    expect(italian.text).toContain(
      "OROLOGIO SBAGLIATO: l'orologio di questo computer è indietro di 2 h 5 min",
    );
    const russian = await round({ SPORTELLO_LANG: 'ru' });
    expect(russian.code).toBe(0);
    expect(russian.text).toContain('(доступен)');
    expect(russian.text).toContain('ждут отправки: 0');
    expect(russian.text).toContain('ЧАСЫ СБИТЫ: часы этого компьютера отстают');
    expect(russian.text).not.toMatch(/commands\.sync|CLOCK OFF|waiting to send/);
  });
});
