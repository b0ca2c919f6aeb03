import { describe, expect, it } from 'vitest';
import { followCountry, initialTimeZone } from '../../renderer/src/auth/site-defaults';

const italian = {
  country: 'IT',
  currency: 'EUR',
  timezone: 'Europe/Rome',
  locale: 'it-IT',
  siteName: 'Sportello Torino',
};

describe("a new site's country, currency, time zone and locale at first run", () => {
  it("takes the computer's zone where it is a place, the country's where the computer is on UTC", () => {
    expect(initialTimeZone('Europe/Berlin', 'IT')).toBe('Europe/Berlin');
    expect(initialTimeZone('UTC', 'IT')).toBe('Europe/Rome');
    expect(initialTimeZone('Etc/UTC', 'RU')).toBe('Europe/Moscow');
    expect(initialTimeZone('Etc/GMT-3', 'RU')).toBe('Europe/Moscow');
    expect(initialTimeZone(undefined, 'XX')).toBe('Europe/Rome');
  });

  it('follows a new country in the fields still as the old country set them, and only those', () => {
    expect(followCountry(italian, 'ru')).toEqual({
      ...italian,
      country: 'ru',
      currency: 'RUB',
      timezone: 'Europe/Moscow',
      locale: 'ru-RU',
    });
    // A zone typed by the person stays; the rest follows.
    const typed = { ...italian, timezone: 'Europe/Kaliningrad' };
    expect(followCountry(typed, 'RU')).toMatchObject({
      currency: 'RUB',
      timezone: 'Europe/Kaliningrad',
      locale: 'ru-RU',
    });
    // Typing a code letter by letter ("R", then "RU") changes nothing until it is a known one,
    // and an unknown country leaves every field as it is.
    const halfway = followCountry(italian, 'R');
    expect(halfway).toEqual({ ...italian, country: 'R' });
    expect(followCountry(halfway, 'RU')).toMatchObject({ currency: 'RUB' });
    const erased = followCountry(followCountry(typed, ''), 'R');
    expect(followCountry(erased, 'RU')).toMatchObject({ timezone: 'Europe/Kaliningrad' });
    expect(followCountry(italian, 'US')).toEqual({ ...italian, country: 'US' });
  });
});
