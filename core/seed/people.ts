import { normalisePhone } from '../contract/phone';
import { mailDomains, names, type SeedLanguage } from './names';
import type { SeededRandom } from './random';

export { seedLanguages, type SeedLanguage } from './names';

/** Russian surnames ending -ов/-ев/-ёв/-ин take -а for a woman. */
function feminineRussian(surname: string): string {
  return /(ов|ев|ёв|ин)$/.test(surname) ? `${surname}а` : surname;
}

const cyrillicToLatin: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

function emailPart(name: string): string {
  return [...name.toLowerCase()]
    .map((ch) => cyrillicToLatin[ch] ?? ch)
    .join('')
    .normalize('NFD')
    .replace(/[^a-z0-9]/g, '');
}

/** Mobile prefixes in use in each country; the rest of the number is random and then checked. */
const mobilePlans = {
  IT: {
    code: '+39',
    prefixes: [
      '320',
      '328',
      '329',
      '333',
      '334',
      '335',
      '338',
      '339',
      '340',
      '342',
      '345',
      '347',
      '348',
      '349',
      '351',
      '366',
      '380',
      '388',
      '389',
      '392',
      '393',
    ],
    rest: 7,
  },
  RU: {
    code: '+7',
    prefixes: [
      '903',
      '905',
      '909',
      '910',
      '912',
      '915',
      '916',
      '917',
      '919',
      '921',
      '925',
      '926',
      '929',
      '977',
      '985',
      '999',
    ],
    rest: 7,
  },
  GB: {
    code: '+44',
    prefixes: [
      '7400',
      '7450',
      '7500',
      '7700',
      '7712',
      '7723',
      '7745',
      '7780',
      '7801',
      '7825',
      '7850',
      '7900',
      '7911',
      '7956',
      '7970',
    ],
    rest: 6,
  },
} as const;

const landlinePlans = {
  IT: { code: '+39', prefixes: ['02', '06', '011', '055', '081', '051'], rest: 7 },
  RU: { code: '+7', prefixes: ['495', '499', '812'], rest: 7 },
  GB: { code: '+44', prefixes: ['20', '161', '121', '131'], rest: 7 },
} as const;

export type PhoneCountry = keyof typeof mobilePlans;

/** A valid phone number in E.164, checked the way an intake checks it. */
export function demoPhone(random: SeededRandom, country: PhoneCountry, landline = false): string {
  const plan = landline ? landlinePlans[country] : mobilePlans[country];
  for (let attempt = 0; attempt < 50; attempt++) {
    const raw = `${plan.code} ${random.pick(plan.prefixes)} ${random.digits(plan.rest)}`;
    const phone = normalisePhone(raw, country);
    if (phone) return phone;
  }
  throw new Error(`could not make a valid ${country} phone number`);
}

/** An Italian partita IVA: ten digits and a Luhn check digit. */
function partitaIva(random: SeededRandom): string {
  const body = random.digits(7) + random.pick(['001', '015', '036', '058', '037']);
  return body + luhnCheckDigit(body);
}

export function luhnCheckDigit(body: string): string {
  let sum = 0;
  // Doubling starts from the digit next to the check digit.
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A Russian company INN: nine digits and a weighted check digit. */
function russianCompanyInn(random: SeededRandom): string {
  const body = random.pick(['77', '78', '50', '16']) + random.digits(7);
  const weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const sum = weights.reduce((s, w, i) => s + w * (body.charCodeAt(i) - 48), 0);
  return body + String((sum % 11) % 10);
}

export interface DemoCustomer {
  language: SeedLanguage;
  kind: 'person' | 'company';
  name: string;
  /** For the seeder's own searches; not stored. */
  surname: string;
  phone: string;
  email?: string;
  taxId?: string;
  vatNumber?: string;
}

const phoneCountryOf: Record<SeedLanguage, PhoneCountry> = { it: 'IT', ru: 'RU', en: 'GB' };

export function demoCustomer(random: SeededRandom, language: SeedLanguage): DemoCustomer {
  const book = names[language];
  const female = random.chance(0.5);
  const first = random.pick(female ? book.female : book.male);
  const baseSurname = random.pick(book.surnames);
  const surname = language === 'ru' && female ? feminineRussian(baseSurname) : baseSurname;
  // Many Russian- and English-speaking customers of an Italian desk live in Italy.
  const country = random.chance(0.3) ? 'IT' : phoneCountryOf[language];
  const isCompany = random.chance(0.12);
  const domain = random.pick(mailDomains[language]);

  if (isCompany) {
    const suffix = random.pick(book.companySuffixes);
    const name = `${random
      .pick(book.companies)
      .replace('{s}', baseSurname)
      .replace('{f}', first)
      .replace('{n}', String(random.int(1, 99)))}${suffix ? ` ${suffix}` : ''}`;
    const vat =
      language === 'it'
        ? { vatNumber: `IT${partitaIva(random)}` }
        : language === 'ru'
          ? { vatNumber: `RU${russianCompanyInn(random)}` }
          : { vatNumber: `GB${random.digits(9)}` };
    return {
      language,
      kind: 'company',
      name,
      surname: baseSurname,
      phone: demoPhone(random, country, random.chance(0.6)),
      email: `info@${emailPart(baseSurname)}${random.int(1, 999)}.${language === 'en' ? 'co.uk' : language}`,
      ...vat,
    };
  }

  const ordered =
    language === 'ru' && random.chance(0.3) ? `${surname} ${first}` : `${first} ${surname}`;
  const email = random.chance(0.7)
    ? `${emailPart(first)}.${emailPart(surname)}${random.chance(0.5) ? random.int(1, 99) : ''}@${domain}`
    : undefined;
  return {
    language,
    kind: 'person',
    name: ordered,
    surname,
    phone: demoPhone(random, country, random.chance(0.05)),
    ...(email ? { email } : {}),
  };
}
