import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalTimeZone, TimeZoneName } from '../../../core/contract/common';
import { CreateSiteRequest } from '../../../core/contract/replication';
import { expectOk, testDesk } from '../../support/desk';
import { headOffice } from '../../support/people';

describe('a time zone as typed', () => {
  it('is stored in its proper case, whatever case it was typed in', () => {
    expect(canonicalTimeZone('europe/rome')).toBe('Europe/Rome');
    expect(canonicalTimeZone('EUROPE/MOSCOW')).toBe('Europe/Moscow');
    expect(canonicalTimeZone('america/port-au-prince')).toBe('America/Port-au-Prince');
    expect(canonicalTimeZone('etc/gmt+1')).toBe('Etc/GMT+1');
    expect(canonicalTimeZone('utc')).toBe('UTC');
  });

  it('keeps a properly cased other name of a zone as typed, and fixes one typed carelessly', () => {
    expect(canonicalTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv');
    expect(canonicalTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    const careless = canonicalTimeZone('europe/kyiv');
    expect(careless).toMatch(/^Europe\/(Kiev|Kyiv)$/);
    expect(offsetAt(careless)).toBe(offsetAt('Europe/Kyiv'));
  });

  it('names the same zone as typed, and stays so when checked again (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Intl.supportedValuesOf('timeZone')),
        fc.func(fc.boolean()),
        (zone, upper) => {
          const typed = [...zone].map((c, i) => (upper(i) ? c.toUpperCase() : c.toLowerCase()));
          const stored = canonicalTimeZone(typed.join(''));
          expect(offsetAt(stored)).toBe(offsetAt(zone));
          expect(canonicalTimeZone(stored)).toBe(stored);
          expect(stored.toLowerCase()).toBe(zone.toLowerCase());
        },
      ),
    );
  });

  it('is refused when no runtime knows it, with the code the forms translate', () => {
    const refused = TimeZoneName.safeParse('Europe/Rme');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ params: { code: 'invalid_timezone' } });
    expect(CreateSiteRequest.shape.timezone.parse('europe/rome')).toBe('Europe/Rome');
  });

  it("the desk's first run stores the head office's zone in its proper case", async () => {
    const desk = testDesk();
    await expectOk(
      desk.callWithSession(undefined, 'setUpHeadOffice', {
        ...headOffice,
        site: { ...headOffice.site, timezone: 'europe/rome' },
      }),
    );
    expect(desk.site.timezone).toBe('Europe/Rome');
  });
});

/** The zone's offset from UTC at one fixed instant, as `Intl` says it. */
function offsetAt(zone: string): string {
  return new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(Date.UTC(2026, 0, 15, 12))
    .find((part) => part.type === 'timeZoneName')!.value;
}
