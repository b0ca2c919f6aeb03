import type { deviceCategories } from '../contract/orders';
import { luhnCheckDigit, type SeedLanguage } from './people';
import type { SeededRandom } from './random';

export type Category = (typeof deviceCategories)[number];

interface Model {
  brand: string;
  model: string;
  /** Type allocation code (first eight digits of the IMEI) for devices with a modem. */
  tac?: string;
}

/** How often each category comes to the counter. */
export const categoryWeights: Record<Category, number> = {
  phone: 38,
  tablet: 9,
  laptop: 14,
  tv: 8,
  large_appliance: 10,
  small_appliance: 12,
  footwear: 5,
  other: 4,
};

export const models: Record<Category, readonly Model[]> = {
  phone: [
    { brand: 'Apple', model: 'iPhone 13', tac: '35391110' },
    { brand: 'Apple', model: 'iPhone 14', tac: '35467711' },
    { brand: 'Apple', model: 'iPhone 15 Pro', tac: '35094852' },
    { brand: 'Apple', model: 'iPhone SE (2022)', tac: '35330711' },
    { brand: 'Samsung', model: 'Galaxy S23', tac: '35067821' },
    { brand: 'Samsung', model: 'Galaxy S24 Ultra', tac: '35082735' },
    { brand: 'Samsung', model: 'Galaxy A54 5G', tac: '35157264' },
    { brand: 'Samsung', model: 'Galaxy A14', tac: '35289316' },
    { brand: 'Xiaomi', model: 'Redmi Note 12 Pro', tac: '86244806' },
    { brand: 'Xiaomi', model: '13T', tac: '86081106' },
    { brand: 'Google', model: 'Pixel 7a', tac: '35806414' },
    { brand: 'Google', model: 'Pixel 8', tac: '35205719' },
    { brand: 'Motorola', model: 'moto g84', tac: '35317582' },
    { brand: 'OPPO', model: 'Reno10', tac: '86735306' },
    { brand: 'Huawei', model: 'P30 Lite', tac: '86736104' },
  ],
  tablet: [
    { brand: 'Apple', model: 'iPad (9th generation)', tac: '35311711' },
    { brand: 'Apple', model: 'iPad Air (5th generation)' },
    { brand: 'Samsung', model: 'Galaxy Tab S8', tac: '35439018' },
    { brand: 'Samsung', model: 'Galaxy Tab A8' },
    { brand: 'Lenovo', model: 'Tab M10 Plus' },
    { brand: 'Xiaomi', model: 'Pad 6' },
  ],
  laptop: [
    { brand: 'Lenovo', model: 'ThinkPad T14 Gen 3' },
    { brand: 'Lenovo', model: 'IdeaPad 5 14' },
    { brand: 'HP', model: 'Pavilion 15-eh' },
    { brand: 'HP', model: 'EliteBook 840 G9' },
    { brand: 'Dell', model: 'XPS 13 9315' },
    { brand: 'Dell', model: 'Inspiron 15 3520' },
    { brand: 'Apple', model: 'MacBook Air M2 13"' },
    { brand: 'Apple', model: 'MacBook Pro 14" M3' },
    { brand: 'ASUS', model: 'VivoBook 15 X1504' },
    { brand: 'Acer', model: 'Aspire 5 A515' },
  ],
  tv: [
    { brand: 'Samsung', model: 'QE55Q80C' },
    { brand: 'Samsung', model: 'UE43CU7100' },
    { brand: 'LG', model: 'OLED55C34LA' },
    { brand: 'LG', model: '50UR78006LK' },
    { brand: 'Sony', model: 'KD-55X85L' },
    { brand: 'Philips', model: '55PUS8108/12' },
    { brand: 'TCL', model: '55C745' },
    { brand: 'Hisense', model: '50E7KQ' },
  ],
  large_appliance: [
    { brand: 'Bosch', model: 'WAN28281IT Serie 4' },
    { brand: 'Whirlpool', model: 'W7X 94T KS' },
    { brand: 'Candy', model: 'Smart Pro CO4 1072D3' },
    { brand: 'Indesit', model: 'BWE 71283X W IT' },
    { brand: 'Electrolux', model: 'EW7F394SA' },
    { brand: 'Samsung', model: 'RB34T602ESA' },
    { brand: 'Smeg', model: 'FAB28RPB5' },
    { brand: 'Beko', model: 'DVN05320W' },
    { brand: 'Hotpoint', model: 'H2I HD526 A' },
  ],
  small_appliance: [
    { brand: "De'Longhi", model: 'Magnifica S ECAM22.110.B' },
    { brand: "De'Longhi", model: 'Dedica EC685' },
    { brand: 'Dyson', model: 'V11 Absolute' },
    { brand: 'Dyson', model: 'Supersonic HD07' },
    { brand: 'Philips', model: 'Airfryer XL HD9270' },
    { brand: 'Kenwood', model: 'Chef XL KVL4100S' },
    { brand: 'Nespresso', model: 'Vertuo Next' },
    { brand: 'Braun', model: 'Series 9 Pro' },
    { brand: 'Rowenta', model: 'Focus Excel DW5322' },
    { brand: 'iRobot', model: 'Roomba i7' },
  ],
  footwear: [
    { brand: 'Geox', model: 'U Spherica' },
    { brand: "Tod's", model: 'Gommino' },
    { brand: 'Timberland', model: '6 Inch Premium' },
    { brand: 'Nike', model: 'Air Max 90' },
    { brand: 'Clarks', model: 'Desert Boot' },
    { brand: 'Ecco', model: 'Soft 7' },
    { brand: 'Dr. Martens', model: '1460' },
  ],
  other: [
    { brand: 'Nintendo', model: 'Switch OLED' },
    { brand: 'Sony', model: 'PlayStation 5' },
    { brand: 'GoPro', model: 'HERO11 Black' },
    { brand: 'Garmin', model: 'Forerunner 255' },
    { brand: 'Bose', model: 'QuietComfort 45' },
    { brand: 'Apple', model: 'Watch Series 8', tac: '35349812' },
    { brand: 'Canon', model: 'EOS 250D' },
  ],
};

export const complaints: Record<Category, Record<SeedLanguage, readonly string[]>> = {
  phone: {
    it: [
      'Schermo rotto dopo una caduta, il touch non risponde',
      'La batteria si scarica in poche ore',
      'Non si carica, il connettore sembra allentato',
      'Non si accende più',
      'Il microfono non funziona durante le chiamate',
      'Caduto in acqua, si spegne da solo',
      'La fotocamera posteriore non mette a fuoco',
    ],
    ru: [
      'Разбит экран после падения, сенсор не реагирует',
      'Батарея садится за несколько часов',
      'Не заряжается, разъём разболтан',
      'Не включается',
      'Собеседник не слышит меня при звонке',
      'Упал в воду, сам выключается',
      'Основная камера не фокусируется',
    ],
    en: [
      'Cracked screen after a drop, touch not responding',
      'Battery drains within a few hours',
      'Will not charge, port feels loose',
      'Does not switch on',
      'Microphone not working on calls',
      'Dropped in water, keeps switching off',
      'Rear camera will not focus',
    ],
  },
  tablet: {
    it: ['Vetro crepato nell’angolo', 'Non si carica', 'Wi-Fi che si disconnette continuamente'],
    ru: ['Трещина на стекле в углу', 'Не заряжается', 'Постоянно отключается Wi-Fi'],
    en: ['Glass cracked in one corner', 'Will not charge', 'Wi-Fi keeps dropping'],
  },
  laptop: {
    it: [
      'Non si avvia, schermo nero',
      'Tastiera: alcuni tasti non funzionano dopo un versamento di caffè',
      'Si surriscalda e si spegne',
      'Cerniera rotta, lo schermo non sta su',
      'Molto lento, chiede la pulizia e un SSD',
    ],
    ru: [
      'Не загружается, чёрный экран',
      'После пролитого кофе не работают некоторые клавиши',
      'Перегревается и выключается',
      'Сломана петля, экран не держится',
      'Очень медленный, нужна чистка и SSD',
    ],
    en: [
      'Will not boot, black screen',
      'Some keys dead after a coffee spill',
      'Overheats and shuts down',
      'Broken hinge, screen will not stay up',
      'Very slow, wants a clean-up and an SSD',
    ],
  },
  tv: {
    it: [
      'Nessuna immagine, solo audio',
      'Righe verticali sullo schermo',
      'Si spegne dopo pochi minuti',
      'Il telecomando non viene riconosciuto',
    ],
    ru: [
      'Нет изображения, только звук',
      'Вертикальные полосы на экране',
      'Выключается через несколько минут',
      'Не реагирует на пульт',
    ],
    en: [
      'No picture, sound only',
      'Vertical lines on the screen',
      'Turns off after a few minutes',
      'Does not respond to the remote',
    ],
  },
  large_appliance: {
    it: [
      'La lavatrice non scarica l’acqua',
      'Il frigorifero non raffredda',
      'Perde acqua dal fondo',
      'Errore E21 sul display',
      'Fa molto rumore durante la centrifuga',
    ],
    ru: [
      'Стиральная машина не сливает воду',
      'Холодильник не охлаждает',
      'Течёт снизу',
      'Ошибка E21 на дисплее',
      'Сильно шумит при отжиме',
    ],
    en: [
      'Washing machine will not drain',
      'Fridge not cooling',
      'Leaking from underneath',
      'Error E21 on the display',
      'Very noisy on the spin cycle',
    ],
  },
  small_appliance: {
    it: [
      'La macchina del caffè perde acqua',
      'Non macina più i chicchi',
      'Il motore si ferma dopo pochi secondi',
      'Non si accende',
      'Batteria che non tiene la carica',
    ],
    ru: [
      'Кофемашина подтекает',
      'Не мелет зёрна',
      'Мотор останавливается через несколько секунд',
      'Не включается',
      'Аккумулятор не держит заряд',
    ],
    en: [
      'Coffee machine leaking water',
      'Grinder no longer grinds',
      'Motor stops after a few seconds',
      'Does not switch on',
      'Battery will not hold a charge',
    ],
  },
  footwear: {
    it: [
      'Suola staccata sulla punta',
      'Rifare i tacchi',
      'Cucitura aperta sul lato',
      'Cerniera rotta',
    ],
    ru: [
      'Отклеилась подошва на носке',
      'Заменить набойки',
      'Разошёлся шов сбоку',
      'Сломана молния',
    ],
    en: ['Sole coming away at the toe', 'Heels need replacing', 'Side seam split', 'Broken zip'],
  },
  other: {
    it: [
      'Il joystick sinistro si muove da solo',
      'Non legge i dischi',
      'Non si accoppia via Bluetooth',
      'Lo schermo non si accende',
    ],
    ru: [
      'Левый стик дрейфует',
      'Не читает диски',
      'Не подключается по Bluetooth',
      'Не включается экран',
    ],
    en: [
      'Left joystick drifts',
      'Will not read discs',
      'Will not pair over Bluetooth',
      'Screen stays dark',
    ],
  },
};

export function demoComplaint(
  random: SeededRandom,
  category: Category,
  language: SeedLanguage,
): string {
  return random.pick(complaints[category][language]);
}

const conditionsByCategory: Record<Category, readonly string[]> = {
  phone: ['scratched', 'screen_cracked', 'back_cracked', 'dented', 'water_damage'],
  tablet: ['scratched', 'screen_cracked', 'dented'],
  laptop: ['scratched', 'dented', 'missing_keys', 'stickers'],
  tv: ['scratched', 'panel_cracked'],
  large_appliance: ['scratched', 'dented', 'rust'],
  small_appliance: ['scratched', 'limescale', 'dirty'],
  footwear: ['worn', 'dirty'],
  other: ['scratched', 'dented'],
};

const accessoriesByCategory: Record<Category, readonly string[]> = {
  phone: ['case', 'charger', 'cable', 'sim_tray', 'box'],
  tablet: ['case', 'charger', 'pen', 'keyboard'],
  laptop: ['charger', 'bag', 'mouse'],
  tv: ['remote', 'stand', 'power_cable'],
  large_appliance: [],
  small_appliance: ['power_cable', 'water_tank', 'attachments'],
  footwear: ['box', 'shoe_bag'],
  other: ['charger', 'cable', 'controller', 'box'],
};

export function demoCondition(random: SeededRandom, category: Category): string[] {
  return conditionsByCategory[category].filter(() => random.chance(0.2));
}

export function demoAccessories(random: SeededRandom, category: Category): string[] {
  return accessoriesByCategory[category].filter(() => random.chance(0.35));
}

export function demoModel(random: SeededRandom, category: Category): Model {
  return random.pick(models[category]);
}

/** An IMEI with a real-looking TAC, a random serial part and a valid Luhn check digit. */
export function demoImei(random: SeededRandom, tac: string): string {
  const body = tac + random.digits(6);
  return body + luhnCheckDigit(body);
}

const serialAlphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

export function demoSerial(random: SeededRandom, brand: string): string {
  const length = brand === 'Apple' ? 12 : random.int(9, 14);
  let out = brand === 'Samsung' ? 'R5' : '';
  while (out.length < length) out += serialAlphabet[random.int(0, serialAlphabet.length - 1)];
  return out;
}
