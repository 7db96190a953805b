// Countries, cities, streets and names the generator draws parties from. Names of people and
// companies are combinations of common words and names; any resemblance to a real business is
// a coincidence. Postcode templates: '#' is a digit, '@' an upper-case letter.
import type { ProductCategory } from './products';
import type { OrderCurrency } from './money';

export interface City {
  readonly name: string;
  readonly postcode?: string;
}

interface AddressBook {
  readonly cities: readonly City[];
  readonly streets: readonly string[];
  /** "12 Baker Street" (true) or "Prinsengracht 263" (false). */
  readonly numberFirst: boolean;
}

/** A country sellers ship from. */
export interface OriginCountry extends AddressBook {
  readonly code: string;
  /** Share of sellers (and so of consignments) from this country. */
  readonly weight: number;
  readonly legalSuffixes: readonly string[];
  /** Chinese-style names lead with the city ("Shenzhen Brightway Electronics Co., Ltd."). */
  readonly cityInCompanyName: boolean;
  readonly categories: readonly (readonly [ProductCategory, number])[];
  /** Country of origin of the goods other than this one, with its share (resellers). */
  readonly goodsFrom?: readonly [country: string, share: number];
}

/** A market buyers live in. */
export interface DestinationCountry extends AddressBook {
  readonly code: string;
  readonly weight: number;
  readonly currency: OrderCurrency;
  /** EU member: customs union, EUR 150 duty relief threshold, ICS2. */
  readonly eu: boolean;
  readonly firstNames: readonly string[];
  readonly lastNames: readonly string[];
  readonly businessSuffixes: readonly string[];
}

export const COMPANY_WORDS = [
  'Brightway', 'Sunrise', 'Evergreen', 'Bluepeak', 'Silverline', 'Goldleaf', 'Northstar', 'Harbourview',
  'Lotus', 'Jade River', 'Maple', 'Summit', 'Crystal', 'Horizon', 'Pioneer', 'Zenith', 'Orchid', 'Falcon',
  'Coral', 'Aurora', 'Cedar', 'Vista', 'Apex', 'Luma', 'Nova', 'Kestrel', 'Willow', 'Opal', 'Meridian', 'Sapphire',
] as const;

export const TRADE_WORDS: Readonly<Record<ProductCategory, readonly string[]>> = {
  electronics: ['Electronics', 'Digital', 'Technology'],
  apparel: ['Garments', 'Apparel', 'Textile'],
  footwear: ['Footwear', 'Shoes'],
  home: ['Home Goods', 'Houseware', 'Living'],
  beauty: ['Cosmetics', 'Beauty'],
  accessories: ['Accessories', 'Leather Goods', 'Fashion'],
  'toys-sports': ['Toys', 'Sports'],
  food: ['Foods', 'Tea & Coffee'],
  books: ['Books', 'Publishing'],
  tools: ['Tools', 'Hardware'],
};

const EU_STREETS_DE = ['Hauptstraße', 'Bahnhofstraße', 'Gartenweg', 'Lindenallee', 'Schillerstraße', 'Bergstraße'];

export const ORIGIN_COUNTRIES: readonly OriginCountry[] = [
  {
    code: 'CN', weight: 40, legalSuffixes: ['Co., Ltd.'], cityInCompanyName: true, numberFirst: true,
    cities: [
      { name: 'Shenzhen', postcode: '518###' }, { name: 'Guangzhou', postcode: '510###' }, { name: 'Yiwu', postcode: '322###' },
      { name: 'Shanghai', postcode: '200###' }, { name: 'Ningbo', postcode: '315###' }, { name: 'Dongguan', postcode: '523###' },
    ],
    streets: ['Keyuan Road', 'Shennan Avenue', 'Huangpu Road', 'Zhongshan Road', 'Jiefang Road', 'Binhai Avenue'],
    categories: [['electronics', 35], ['home', 20], ['toys-sports', 15], ['apparel', 12], ['accessories', 10], ['footwear', 5], ['tools', 3]],
  },
  {
    code: 'HK', weight: 6, legalSuffixes: ['Limited', 'Co., Limited'], cityInCompanyName: false, numberFirst: true,
    cities: [{ name: 'Kowloon' }, { name: 'Kwun Tong' }, { name: 'Tsuen Wan' }, { name: 'Wan Chai' }],
    streets: ['Nathan Road', 'Hoi Bun Road', 'Castle Peak Road', 'Hennessy Road'],
    categories: [['electronics', 45], ['accessories', 35], ['toys-sports', 20]],
    goodsFrom: ['CN', 0.7],
  },
  {
    code: 'US', weight: 10, legalSuffixes: ['LLC', 'Inc.'], cityInCompanyName: false, numberFirst: true,
    cities: [
      { name: 'New York', postcode: '100##' }, { name: 'Los Angeles', postcode: '900##' }, { name: 'Chicago', postcode: '606##' },
      { name: 'Dallas', postcode: '752##' }, { name: 'Seattle', postcode: '981##' },
    ],
    streets: ['Main Street', 'Oak Avenue', 'Market Street', 'Industrial Parkway', 'Commerce Drive'],
    categories: [['food', 25], ['electronics', 20], ['apparel', 20], ['beauty', 15], ['books', 10], ['toys-sports', 10]],
    goodsFrom: ['CN', 0.4],
  },
  {
    code: 'GB', weight: 7, legalSuffixes: ['Ltd'], cityInCompanyName: false, numberFirst: true,
    cities: [
      { name: 'London', postcode: 'E# #@@' }, { name: 'Manchester', postcode: 'M# #@@' },
      { name: 'Birmingham', postcode: 'B# #@@' }, { name: 'Leeds', postcode: 'LS# #@@' },
    ],
    streets: ['High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Mill Lane'],
    categories: [['apparel', 30], ['books', 20], ['beauty', 20], ['food', 15], ['accessories', 15]],
    goodsFrom: ['CN', 0.3],
  },
  {
    code: 'TR', weight: 6, legalSuffixes: ['Ltd. Şti.', 'A.Ş.'], cityInCompanyName: false, numberFirst: false,
    cities: [{ name: 'Istanbul', postcode: '34###' }, { name: 'Izmir', postcode: '35###' }, { name: 'Bursa', postcode: '16###' }, { name: 'Denizli', postcode: '20###' }],
    streets: ['Atatürk Caddesi', 'Cumhuriyet Caddesi', 'İstiklal Caddesi', 'Organize Sanayi Bölgesi'],
    categories: [['apparel', 40], ['home', 35], ['food', 15], ['footwear', 10]],
  },
  {
    code: 'IN', weight: 5, legalSuffixes: ['Pvt. Ltd.'], cityInCompanyName: false, numberFirst: true,
    cities: [{ name: 'Mumbai', postcode: '400###' }, { name: 'New Delhi', postcode: '110###' }, { name: 'Jaipur', postcode: '302###' }, { name: 'Tiruppur', postcode: '641###' }],
    streets: ['MG Road', 'Link Road', 'Station Road', 'Industrial Area Phase 2'],
    categories: [['apparel', 40], ['home', 25], ['food', 20], ['accessories', 15]],
  },
  {
    code: 'VN', weight: 4, legalSuffixes: ['Co., Ltd.'], cityInCompanyName: false, numberFirst: true,
    cities: [{ name: 'Ho Chi Minh City', postcode: '700###' }, { name: 'Hanoi', postcode: '100###' }, { name: 'Da Nang', postcode: '550###' }],
    streets: ['Nguyen Hue Street', 'Le Loi Street', 'Tran Hung Dao Street'],
    categories: [['apparel', 45], ['footwear', 35], ['food', 20]],
  },
  {
    code: 'JP', weight: 3, legalSuffixes: ['K.K.', 'Co., Ltd.'], cityInCompanyName: false, numberFirst: true,
    cities: [{ name: 'Tokyo', postcode: '1##-####' }, { name: 'Osaka', postcode: '5##-####' }],
    streets: ['Chuo-dori', 'Sakura-dori', 'Midosuji'],
    categories: [['electronics', 35], ['beauty', 30], ['food', 20], ['toys-sports', 15]],
  },
  {
    code: 'KR', weight: 4, legalSuffixes: ['Co., Ltd.'], cityInCompanyName: false, numberFirst: true,
    cities: [{ name: 'Seoul', postcode: '0####' }, { name: 'Busan', postcode: '4####' }, { name: 'Incheon', postcode: '2####' }],
    streets: ['Teheran-ro', 'Gangnam-daero', 'Jungang-daero'],
    categories: [['beauty', 50], ['electronics', 35], ['apparel', 15]],
  },
  {
    code: 'DE', weight: 6, legalSuffixes: ['GmbH', 'GmbH & Co. KG'], cityInCompanyName: false, numberFirst: false,
    cities: [{ name: 'Berlin', postcode: '1####' }, { name: 'Hamburg', postcode: '2####' }, { name: 'Munich', postcode: '8####' }, { name: 'Cologne', postcode: '50###' }],
    streets: EU_STREETS_DE,
    categories: [['tools', 30], ['home', 25], ['toys-sports', 20], ['books', 10], ['food', 15]],
    goodsFrom: ['CN', 0.35],
  },
  {
    code: 'PK', weight: 3, legalSuffixes: ['(Pvt.) Ltd.'], cityInCompanyName: false, numberFirst: true,
    cities: [{ name: 'Karachi', postcode: '74###' }, { name: 'Lahore', postcode: '54###' }, { name: 'Sialkot', postcode: '51###' }, { name: 'Faisalabad', postcode: '38###' }],
    streets: ['Shahrah-e-Faisal', 'Mall Road', 'Industrial Estate Road'],
    categories: [['home', 45], ['apparel', 35], ['toys-sports', 20]],
  },
  {
    code: 'TH', weight: 2, legalSuffixes: ['Co., Ltd.'], cityInCompanyName: false, numberFirst: true,
    cities: [{ name: 'Bangkok', postcode: '10###' }, { name: 'Chiang Mai', postcode: '50###' }],
    streets: ['Sukhumvit Road', 'Rama IV Road', 'Nimmanhaemin Road'],
    categories: [['beauty', 40], ['food', 30], ['accessories', 30]],
  },
  {
    code: 'BD', weight: 2, legalSuffixes: ['Ltd.'], cityInCompanyName: false, numberFirst: true,
    cities: [{ name: 'Dhaka', postcode: '12##' }, { name: 'Chattogram', postcode: '4###' }, { name: 'Gazipur', postcode: '17##' }],
    streets: ['Dhanmondi Road', 'Airport Road', 'EPZ Road'],
    categories: [['apparel', 80], ['home', 20]],
  },
];

export const DESTINATION_COUNTRIES: readonly DestinationCountry[] = [
  {
    code: 'NL', weight: 8, currency: 'EUR', eu: true, numberFirst: false,
    cities: [{ name: 'Amsterdam', postcode: '10## @@' }, { name: 'Rotterdam', postcode: '30## @@' }, { name: 'Utrecht', postcode: '35## @@' }, { name: 'Eindhoven', postcode: '56## @@' }, { name: 'Groningen', postcode: '97## @@' }],
    streets: ['Prinsengracht', 'Kerkstraat', 'Dorpsstraat', 'Stationsweg', 'Molenweg', 'Julianalaan'],
    firstNames: ['Anna', 'Daan', 'Sanne', 'Lucas', 'Emma', 'Sem', 'Julia', 'Bram', 'Fleur', 'Thijs'],
    lastNames: ['de Vries', 'Jansen', 'van Dijk', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Bos'],
    businessSuffixes: ['B.V.'],
  },
  {
    code: 'DE', weight: 14, currency: 'EUR', eu: true, numberFirst: false,
    cities: [{ name: 'Berlin', postcode: '1####' }, { name: 'Hamburg', postcode: '2####' }, { name: 'Munich', postcode: '8####' }, { name: 'Frankfurt am Main', postcode: '60###' }, { name: 'Leipzig', postcode: '04###' }],
    streets: EU_STREETS_DE,
    firstNames: ['Lena', 'Jonas', 'Mia', 'Leon', 'Hannah', 'Paul', 'Lea', 'Felix', 'Marie', 'Lukas'],
    lastNames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Schäfer'],
    businessSuffixes: ['GmbH', 'e.K.'],
  },
  {
    code: 'FR', weight: 10, currency: 'EUR', eu: true, numberFirst: true,
    cities: [{ name: 'Paris', postcode: '750##' }, { name: 'Lyon', postcode: '6900#' }, { name: 'Marseille', postcode: '130##' }, { name: 'Toulouse', postcode: '310##' }, { name: 'Lille', postcode: '590##' }],
    streets: ['rue de la République', 'avenue Victor Hugo', 'rue Nationale', 'boulevard Gambetta', 'rue des Lilas'],
    firstNames: ['Camille', 'Louis', 'Chloé', 'Hugo', 'Manon', 'Léa', 'Gabriel', 'Inès', 'Arthur', 'Jade'],
    lastNames: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau'],
    businessSuffixes: ['SARL', 'SAS'],
  },
  {
    code: 'BE', weight: 4, currency: 'EUR', eu: true, numberFirst: false,
    cities: [{ name: 'Brussels', postcode: '10##' }, { name: 'Antwerp', postcode: '20##' }, { name: 'Ghent', postcode: '90##' }, { name: 'Liège', postcode: '40##' }],
    streets: ['Kerkstraat', 'Rue de la Station', 'Stationsstraat', 'Chaussée de Louvain'],
    firstNames: ['Noah', 'Olivia', 'Louise', 'Arthur', 'Elise', 'Jules', 'Marie', 'Victor', 'Lotte', 'Finn'],
    lastNames: ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'Dubois'],
    businessSuffixes: ['BV', 'SRL'],
  },
  {
    code: 'IT', weight: 7, currency: 'EUR', eu: true, numberFirst: false,
    cities: [{ name: 'Milan', postcode: '201##' }, { name: 'Rome', postcode: '001##' }, { name: 'Turin', postcode: '101##' }, { name: 'Naples', postcode: '801##' }],
    streets: ['Via Roma', 'Via Garibaldi', 'Corso Vittorio Emanuele', 'Via Dante'],
    firstNames: ['Giulia', 'Francesco', 'Sofia', 'Alessandro', 'Aurora', 'Lorenzo', 'Martina', 'Matteo', 'Chiara', 'Andrea'],
    lastNames: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco'],
    businessSuffixes: ['S.r.l.'],
  },
  {
    code: 'ES', weight: 6, currency: 'EUR', eu: true, numberFirst: false,
    cities: [{ name: 'Madrid', postcode: '280##' }, { name: 'Barcelona', postcode: '080##' }, { name: 'Valencia', postcode: '460##' }, { name: 'Seville', postcode: '410##' }],
    streets: ['Calle Mayor', 'Calle Real', 'Avenida de la Constitución', 'Calle del Sol'],
    firstNames: ['Lucía', 'Hugo', 'Martina', 'Mateo', 'Sofía', 'Daniel', 'Paula', 'Pablo', 'Carmen', 'Alejandro'],
    lastNames: ['García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín'],
    businessSuffixes: ['S.L.'],
  },
  {
    code: 'PL', weight: 5, currency: 'PLN', eu: true, numberFirst: false,
    cities: [{ name: 'Warsaw', postcode: '0#-###' }, { name: 'Kraków', postcode: '3#-###' }, { name: 'Gdańsk', postcode: '80-###' }, { name: 'Wrocław', postcode: '5#-###' }],
    streets: ['ul. Marszałkowska', 'ul. Długa', 'ul. Polna', 'ul. Kościuszki'],
    firstNames: ['Zuzanna', 'Jakub', 'Julia', 'Antoni', 'Maja', 'Jan', 'Hanna', 'Szymon', 'Aleksandra', 'Filip'],
    lastNames: ['Nowak', 'Kowalczyk', 'Wójcik', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak', 'Dąbrowski', 'Mazur'],
    businessSuffixes: ['Sp. z o.o.'],
  },
  {
    code: 'SE', weight: 3, currency: 'SEK', eu: true, numberFirst: false,
    cities: [{ name: 'Stockholm', postcode: '1## ##' }, { name: 'Gothenburg', postcode: '4## ##' }, { name: 'Malmö', postcode: '2## ##' }],
    streets: ['Storgatan', 'Kungsgatan', 'Drottninggatan', 'Skolgatan'],
    firstNames: ['Alice', 'William', 'Maja', 'Oscar', 'Elsa', 'Lucas', 'Astrid', 'Hugo', 'Ebba', 'Liam'],
    lastNames: ['Johansson', 'Andersson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson'],
    businessSuffixes: ['AB'],
  },
  {
    code: 'US', weight: 22, currency: 'USD', eu: false, numberFirst: true,
    cities: [{ name: 'New York', postcode: '100##' }, { name: 'Los Angeles', postcode: '900##' }, { name: 'Chicago', postcode: '606##' }, { name: 'Houston', postcode: '770##' }, { name: 'Miami', postcode: '331##' }, { name: 'Denver', postcode: '802##' }],
    streets: ['Maple Street', 'Oak Avenue', 'Pine Street', 'Elm Street', 'Washington Avenue', 'Lake Drive'],
    firstNames: ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'James', 'Sophia', 'William', 'Isabella', 'Benjamin'],
    lastNames: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Garcia', 'Rodriguez', 'Wilson'],
    businessSuffixes: ['LLC', 'Inc.'],
  },
  {
    code: 'GB', weight: 9, currency: 'GBP', eu: false, numberFirst: true,
    cities: [{ name: 'London', postcode: 'N# #@@' }, { name: 'Bristol', postcode: 'BS# #@@' }, { name: 'Glasgow', postcode: 'G# #@@' }, { name: 'Liverpool', postcode: 'L# #@@' }],
    streets: ['High Street', 'Park Road', 'Queens Road', 'Kings Avenue', 'New Road'],
    firstNames: ['Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Harry', 'Mia', 'Jack', 'Freya', 'Charlie'],
    lastNames: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Davies', 'Evans', 'Thomas', 'Roberts'],
    businessSuffixes: ['Ltd'],
  },
  {
    code: 'CH', weight: 3, currency: 'CHF', eu: false, numberFirst: false,
    cities: [{ name: 'Zürich', postcode: '80##' }, { name: 'Geneva', postcode: '12##' }, { name: 'Basel', postcode: '40##' }, { name: 'Bern', postcode: '30##' }],
    streets: ['Bahnhofstrasse', 'Dorfstrasse', 'Rue du Rhône', 'Seestrasse'],
    firstNames: ['Mia', 'Noah', 'Emma', 'Liam', 'Lina', 'Luca', 'Elena', 'Leon', 'Sara', 'Gabriel'],
    lastNames: ['Müller', 'Meier', 'Schmid', 'Keller', 'Weber', 'Huber', 'Schneider', 'Meyer', 'Steiner', 'Fischer'],
    businessSuffixes: ['AG', 'GmbH'],
  },
  {
    code: 'CA', weight: 4, currency: 'CAD', eu: false, numberFirst: true,
    cities: [{ name: 'Toronto', postcode: 'M#@ #@#' }, { name: 'Vancouver', postcode: 'V#@ #@#' }, { name: 'Montréal', postcode: 'H#@ #@#' }, { name: 'Calgary', postcode: 'T#@ #@#' }],
    streets: ['King Street', 'Queen Street', 'Yonge Street', 'Rue Sainte-Catherine'],
    firstNames: ['Olivia', 'Noah', 'Charlotte', 'Liam', 'Emma', 'William', 'Amelia', 'Benjamin', 'Chloé', 'Félix'],
    lastNames: ['Smith', 'Tremblay', 'Brown', 'Martin', 'Roy', 'Wilson', 'Gagnon', 'MacDonald', 'Taylor', 'Campbell'],
    businessSuffixes: ['Inc.', 'Ltd.'],
  },
  {
    code: 'AU', weight: 5, currency: 'AUD', eu: false, numberFirst: true,
    cities: [{ name: 'Sydney', postcode: '20##' }, { name: 'Melbourne', postcode: '30##' }, { name: 'Brisbane', postcode: '40##' }, { name: 'Perth', postcode: '60##' }],
    streets: ['George Street', 'Collins Street', 'Queen Street', 'Beach Road'],
    firstNames: ['Charlotte', 'Oliver', 'Amelia', 'Jack', 'Isla', 'Noah', 'Olivia', 'William', 'Mia', 'Leo'],
    lastNames: ['Smith', 'Jones', 'Williams', 'Brown', 'Wilson', 'Taylor', 'Nguyen', 'Johnson', 'Martin', 'White'],
    businessSuffixes: ['Pty Ltd'],
  },
];

export const BUSINESS_TRADE_WORDS = ['Retail', 'Trading', 'Supplies', 'Store', 'Handel', 'Shop'] as const;

export const ORIGIN_BY_CODE: ReadonlyMap<string, OriginCountry> = new Map(ORIGIN_COUNTRIES.map((c) => [c.code, c]));
export const DESTINATION_BY_CODE: ReadonlyMap<string, DestinationCountry> = new Map(DESTINATION_COUNTRIES.map((c) => [c.code, c]));

export const EU_COUNTRIES: ReadonlySet<string> = new Set(['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK']);

/** Fills a postcode template: '#' → digit, '@' → letter. */
export function fillTemplate(template: string, nextIndex: (n: number) => number): string {
  let out = '';
  for (const ch of template) {
    if (ch === '#') out += String(nextIndex(10));
    else if (ch === '@') out += 'ABDEFGHJLNPQRSTUWXYZ'[nextIndex(20)];
    else out += ch;
  }
  return out;
}
