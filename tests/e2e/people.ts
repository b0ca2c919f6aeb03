/** The people of the browser tests' desk (tests/e2e/serve.ts sets them up). Not secrets. */
export const e2eSite = {
  code: 'MI01',
  name: 'Sportello Milano Centro',
  timezone: 'Europe/Rome',
  country: 'IT',
  currency: 'EUR',
  locale: 'it-IT',
  legal: { legalName: 'Sportello Assistenza S.r.l.', address: 'Corso Buenos Aires 1, Milano' },
};

export const e2eAdmin = {
  name: 'Marta Rossi',
  login: 'marta',
  password: 'correct horse battery',
  pin: '4321',
};

export const e2eReceptionist = {
  name: 'Luca Bianchi',
  login: 'luca',
  password: 'a long password',
  pin: '1234',
};

export type E2ePerson = typeof e2eAdmin;

/** A second host on the next port serves a desk nobody has set up (the first-run wizard). */
export const freshDeskPort = (port: number) => port + 1;
