// Gateways and corridors: where goods are loaded and unloaded, and which countries a
// conveyance passes. UN/LOCODEs of the real places; customs office references are fictional
// values in the EU customs-office-list shape (country + 6 characters).

export interface Place {
  readonly unLocode: string;
  readonly country: string;
  readonly city: string;
}

const p = (unLocode: string, city: string): Place => ({ unLocode, country: unLocode.slice(0, 2), city });

/** Airports cargo from each origin country leaves from (Chinese sellers often fly out of Hong Kong). */
export const AIR_HUBS: Readonly<Record<string, readonly Place[]>> = {
  CN: [p('CNSZX', 'Shenzhen'), p('CNSHA', 'Shanghai'), p('HKHKG', 'Hong Kong')],
  HK: [p('HKHKG', 'Hong Kong')],
  US: [p('USNYC', 'New York'), p('USLAX', 'Los Angeles'), p('USCHI', 'Chicago')],
  GB: [p('GBLON', 'London')],
  TR: [p('TRIST', 'Istanbul')],
  IN: [p('INBOM', 'Mumbai'), p('INDEL', 'New Delhi')],
  VN: [p('VNSGN', 'Ho Chi Minh City')],
  JP: [p('JPTYO', 'Tokyo')],
  KR: [p('KRSEL', 'Seoul')],
  DE: [p('DEFRA', 'Frankfurt am Main'), p('DELEJ', 'Leipzig')],
  PK: [p('PKKHI', 'Karachi')],
  TH: [p('THBKK', 'Bangkok')],
  BD: [p('BDDAC', 'Dhaka')],
};

export const AIR_GATEWAYS: Readonly<Record<string, readonly Place[]>> = {
  NL: [p('NLAMS', 'Amsterdam')],
  DE: [p('DEFRA', 'Frankfurt am Main'), p('DELEJ', 'Leipzig')],
  FR: [p('FRCDG', 'Paris')],
  BE: [p('BELGG', 'Liège')],
  IT: [p('ITMIL', 'Milan')],
  ES: [p('ESMAD', 'Madrid')],
  PL: [p('PLWAW', 'Warsaw')],
  SE: [p('SESTO', 'Stockholm')],
  US: [p('USNYC', 'New York'), p('USLAX', 'Los Angeles'), p('USCHI', 'Chicago')],
  GB: [p('GBLON', 'London')],
  CH: [p('CHZRH', 'Zürich')],
  CA: [p('CATOR', 'Toronto')],
  AU: [p('AUSYD', 'Sydney')],
};

export const SEA_PORTS: Readonly<Record<string, readonly Place[]>> = {
  CN: [p('CNSHA', 'Shanghai'), p('CNNGB', 'Ningbo'), p('CNYTN', 'Shenzhen')],
  HK: [p('HKHKG', 'Hong Kong')],
  US: [p('USLAX', 'Los Angeles'), p('USNYC', 'New York')],
  GB: [p('GBFXT', 'Felixstowe')],
  TR: [p('TRIST', 'Istanbul')],
  IN: [p('INNSA', 'Nhava Sheva')],
  VN: [p('VNSGN', 'Ho Chi Minh City')],
  JP: [p('JPYOK', 'Yokohama')],
  KR: [p('KRPUS', 'Busan')],
  DE: [p('DEHAM', 'Hamburg')],
  PK: [p('PKKHI', 'Karachi')],
  TH: [p('THLCH', 'Laem Chabang')],
  BD: [p('BDCGP', 'Chattogram')],
};

/** Sea gateways of the destination markets (Switzerland has none: no sea lanes to CH). */
export const SEA_GATEWAYS: Readonly<Record<string, readonly Place[]>> = {
  NL: [p('NLRTM', 'Rotterdam')],
  DE: [p('DEHAM', 'Hamburg')],
  FR: [p('FRLEH', 'Le Havre')],
  BE: [p('BEANR', 'Antwerp')],
  IT: [p('ITGOA', 'Genoa')],
  ES: [p('ESVLC', 'Valencia')],
  PL: [p('PLGDN', 'Gdańsk')],
  SE: [p('SEGOT', 'Gothenburg')],
  US: [p('USLAX', 'Los Angeles'), p('USNYC', 'New York')],
  GB: [p('GBFXT', 'Felixstowe')],
  CA: [p('CAVAN', 'Vancouver'), p('CAMTR', 'Montréal')],
  AU: [p('AUSYD', 'Sydney')],
};

/** Truck terminals for the road corridors. */
export const ROAD_TERMINALS: Readonly<Record<string, Place>> = {
  TR: p('TRIST', 'Istanbul'),
  GB: p('GBLON', 'London'),
  DE: p('DEMUC', 'Munich'),
  NL: p('NLRTM', 'Rotterdam'),
  BE: p('BEBRU', 'Brussels'),
  FR: p('FRPAR', 'Paris'),
  IT: p('ITMIL', 'Milan'),
  ES: p('ESMAD', 'Madrid'),
  PL: p('PLWAW', 'Warsaw'),
  SE: p('SEGOT', 'Gothenburg'),
  CH: p('CHBSL', 'Basel'),
};

/** Road origins and the markets their trucks serve. */
export const ROAD_LANES: Readonly<Record<string, readonly string[]>> = {
  TR: ['NL', 'DE', 'FR', 'BE', 'IT', 'ES', 'PL', 'CH', 'GB'],
  GB: ['NL', 'DE', 'FR', 'BE', 'IT', 'ES', 'PL', 'SE', 'CH'],
  DE: ['CH', 'GB'],
};

/** Block trains from China to the EU's rail gateways. */
export const RAIL_TERMINALS = {
  origins: [p('CNCKG', 'Chongqing'), p('CNYIW', 'Yiwu')],
  destinations: { DE: p('DEDUI', 'Duisburg'), PL: p('PLWAW', 'Warsaw') } as Readonly<Record<string, Place>>,
  corridor: ['CN', 'KZ', 'RU', 'BY', 'PL'] as readonly string[],
};

/** Land neighbours (and ferry links) for road routing; listed in a fixed order so routes are stable. */
export const ROAD_NEIGHBOURS: Readonly<Record<string, readonly string[]>> = {
  TR: ['BG'],
  BG: ['TR', 'RO'],
  RO: ['BG', 'HU'],
  HU: ['RO', 'AT'],
  AT: ['HU', 'DE', 'IT', 'CH'],
  DE: ['AT', 'NL', 'BE', 'FR', 'PL', 'CH', 'SE'],
  NL: ['DE', 'BE', 'GB'],
  BE: ['NL', 'DE', 'FR', 'GB'],
  FR: ['BE', 'DE', 'IT', 'ES', 'CH', 'GB'],
  IT: ['AT', 'FR', 'CH'],
  ES: ['FR'],
  PL: ['DE'],
  CH: ['DE', 'FR', 'IT', 'AT'],
  SE: ['DE'],
  GB: ['FR', 'NL', 'BE'],
};

export type Region = 'europe' | 'east-asia' | 'south-asia' | 'north-america' | 'oceania';

export const REGIONS: Readonly<Record<string, Region>> = {
  CN: 'east-asia', HK: 'east-asia', JP: 'east-asia', KR: 'east-asia', VN: 'east-asia', TH: 'east-asia',
  IN: 'south-asia', PK: 'south-asia', BD: 'south-asia',
  US: 'north-america', CA: 'north-america',
  AU: 'oceania',
  GB: 'europe', DE: 'europe', TR: 'europe', NL: 'europe', FR: 'europe', BE: 'europe', IT: 'europe', ES: 'europe', PL: 'europe', SE: 'europe', CH: 'europe',
};

/** Sea passage: transit days and the countries a vessel calls at between the two ends. */
export const SEA_PASSAGES: Readonly<Partial<Record<`${Region}>${Region}`, { readonly days: readonly [number, number]; readonly via: readonly string[] }>>> = {
  'east-asia>europe': { days: [30, 40], via: ['SG', 'LK', 'EG'] },
  'south-asia>europe': { days: [20, 28], via: ['EG'] },
  'east-asia>north-america': { days: [14, 22], via: [] },
  'south-asia>north-america': { days: [26, 34], via: ['LK', 'SG'] },
  'east-asia>oceania': { days: [12, 20], via: [] },
  'south-asia>oceania': { days: [16, 24], via: ['SG'] },
  'europe>north-america': { days: [10, 16], via: [] },
  'europe>oceania': { days: [35, 45], via: ['EG', 'SG'] },
  'north-america>europe': { days: [10, 16], via: [] },
  'north-america>oceania': { days: [18, 26], via: [] },
  'north-america>east-asia': { days: [14, 22], via: [] },
};

/** Gulf hubs South Asian air cargo often transits. */
export const AIR_TRANSIT_HUBS = ['AE', 'QA'] as const;

/** Customs office of first entry per gateway (fictional references). */
export const CUSTOMS_OFFICES: Readonly<Record<string, string>> = {
  NLAMS: 'NL000396', NLRTM: 'NL000854', DEFRA: 'DE004205', DELEJ: 'DE008451', DEHAM: 'DE004852', DEDUI: 'DE003307',
  DEMUC: 'DE009101', FRCDG: 'FR000690', FRLEH: 'FR002300', FRPAR: 'FR000710', BELGG: 'BELGG000', BEANR: 'BEANR000',
  BEBRU: 'BEBRU000', ITMIL: 'IT076100', ITGOA: 'IT261101', ESMAD: 'ES002801', ESVLC: 'ES004601', PLWAW: 'PL141010',
  PLGDN: 'PL322010', SESTO: 'SE000010', SEGOT: 'SE000020', USNYC: 'US470100', USLAX: 'US270400', USCHI: 'US390100',
  GBLON: 'GB000060', GBFXT: 'GB000120', CHZRH: 'CH001251', CHBSL: 'CH002001', CATOR: 'CA049500', CAVAN: 'CA080900',
  CAMTR: 'CA039500', AUSYD: 'AU000200',
};

/** Flags of registry for the vessels. */
export const VESSEL_FLAGS = ['PA', 'LR', 'MH', 'MT', 'SG', 'HK', 'DK'] as const;
