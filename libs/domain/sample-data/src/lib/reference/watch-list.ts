// A fictional watch list for the "watch-listed party" anomaly. None of these names is taken
// from a real sanctions or enforcement list; they are invented so the risk engine's fuzzy
// matching can be scored. Normal sellers and buyers are built from other words (see
// geography.ts), so they do not come close to these names.

export type WatchListRole = 'seller' | 'buyer';

export interface WatchListEntry {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly city: string;
  readonly streetAndNumber: string;
  /** Which side of a sale the generator puts the entry on. */
  readonly role: WatchListRole;
}

type Row = readonly [id: string, role: WatchListRole, country: string, city: string, street: string, name: string];

const ROWS: readonly Row[] = [
  ['WL-0001', 'seller', 'CN', 'Guangzhou', '17 Huangpu Road', 'Golden Crescent Import & Export Co., Ltd.'],
  ['WL-0002', 'seller', 'CN', 'Shenzhen', '402 Binhai Avenue', 'Hengtai Dragonfly Trading Co., Ltd.'],
  ['WL-0003', 'seller', 'HK', 'Kowloon', '88 Nathan Road', 'Victory Pearl Enterprises Limited'],
  ['WL-0004', 'seller', 'US', 'Los Angeles', '950 Industrial Parkway', 'Redstone Quantum Supply Inc.'],
  ['WL-0005', 'seller', 'GB', 'London', '12 Church Lane', 'Blackmoor Procurement Services Ltd'],
  ['WL-0006', 'seller', 'TR', 'Istanbul', 'Cumhuriyet Caddesi 71', 'Karadeniz Global Dış Ticaret Ltd. Şti.'],
  ['WL-0007', 'seller', 'IN', 'Mumbai', '5 Link Road', 'Shreeji Orbital Exports Pvt. Ltd.'],
  ['WL-0008', 'seller', 'VN', 'Ho Chi Minh City', '23 Le Loi Street', 'Mekong Phoenix Trading Co., Ltd.'],
  ['WL-0009', 'seller', 'JP', 'Osaka', '3 Midosuji', 'Kurogane Precision Trading K.K.'],
  ['WL-0010', 'seller', 'KR', 'Busan', '120 Jungang-daero', 'Hanbit Oceanic Commerce Co., Ltd.'],
  ['WL-0011', 'seller', 'DE', 'Hamburg', 'Bergstraße 9', 'Nordwind Technik Vertrieb GmbH'],
  ['WL-0012', 'seller', 'PK', 'Karachi', '44 Shahrah-e-Faisal', 'Indus Crescent Textiles (Pvt.) Ltd.'],
  ['WL-0013', 'seller', 'TH', 'Bangkok', '301 Rama IV Road', 'Siam Krungthep Gateway Co., Ltd.'],
  ['WL-0014', 'seller', 'BD', 'Dhaka', '6 Airport Road', 'Padma Meghna Knitwear Ltd.'],
  ['WL-0101', 'buyer', 'NL', 'Rotterdam', 'Stationsweg 41', 'Tulpenveld Distributie B.V.'],
  ['WL-0102', 'buyer', 'DE', 'Hamburg', 'Lindenallee 3', 'Ostsee Import Kontor GmbH'],
  ['WL-0103', 'buyer', 'FR', 'Marseille', '27 boulevard Gambetta', 'Azur Négoce Méditerranée SARL'],
  ['WL-0104', 'buyer', 'US', 'Chicago', '2200 Lake Drive', 'Ironbridge Wholesale Distributors LLC'],
  ['WL-0105', 'buyer', 'GB', 'London', '9 Queens Road', 'Thamesgate Parcel Forwarding Ltd'],
  ['WL-0106', 'buyer', 'PL', 'Gdańsk', 'ul. Długa 15', 'Wisła Bałtyk Eksport Sp. z o.o.'],
  ['WL-0107', 'buyer', 'IT', 'Naples', 'Via Dante 60', 'Vesuvio Commerciale Estero S.r.l.'],
  ['WL-0108', 'buyer', 'ES', 'Valencia', 'Calle del Sol 8', 'Levante Distribuciones Globales S.L.'],
  ['WL-0109', 'buyer', 'BE', 'Antwerp', 'Stationsstraat 101', 'Scheldekaai Havenhandel BV'],
  ['WL-0110', 'buyer', 'CH', 'Basel', 'Seestrasse 12', 'Alpenrose Commodities AG'],
  ['WL-0111', 'buyer', 'SE', 'Malmö', 'Storgatan 4', 'Gotland Nordic Varuhandel AB'],
  ['WL-0112', 'buyer', 'CA', 'Vancouver', '500 King Street', 'Northern Lynx Distribution Inc.'],
  ['WL-0113', 'buyer', 'AU', 'Sydney', '77 Beach Road', 'Coral Sea Freightways Pty Ltd'],
];

export const WATCH_LIST: readonly WatchListEntry[] = ROWS.map(([id, role, country, city, streetAndNumber, name]) =>
  Object.freeze({ id, name, country, city, streetAndNumber, role }),
);

export function watchListEntriesFor(role: WatchListRole, country: string): readonly WatchListEntry[] {
  return WATCH_LIST.filter((e) => e.role === role && e.country === country);
}
