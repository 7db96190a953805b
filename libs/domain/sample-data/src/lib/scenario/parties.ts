// Sellers and buyers, derived on demand from (seed, country, index): a million-event run needs
// no party table in memory, and the same index always yields the same party.
import type { EventPayload } from '@borderledger/events';
import { Sfc32, WeightedTable, type Random } from '../random/prng';
import {
  BUSINESS_TRADE_WORDS,
  COMPANY_WORDS,
  DESTINATION_COUNTRIES,
  ORIGIN_COUNTRIES,
  TRADE_WORDS,
  fillTemplate,
  type City,
  type DestinationCountry,
  type OriginCountry,
} from '../reference/geography';
import { PLATFORMS, type PlatformProfile } from '../reference/participants';
import type { ProductCategory } from '../reference/products';
import { digits } from './identifiers';

export type Party = EventPayload<'buy.order.placed', 1>['seller'];

export interface Seller {
  readonly key: string;
  readonly origin: OriginCountry;
  readonly party: Party;
  /** Nine digits of the seller's trader number, used in its consignment references. */
  readonly traderNumber: string;
  readonly city: City;
  readonly platform: PlatformProfile;
  readonly categories: WeightedTable<ProductCategory>;
  /** The marketplace collects the payment (payee) rather than the seller. */
  readonly marketplaceCollects: boolean;
  /** Packs its own parcels (the platform reports packing) instead of using a fulfilment centre. */
  readonly selfFulfils: boolean;
}

export interface Buyer {
  readonly key: string;
  readonly destination: DestinationCountry;
  readonly party: Party;
  readonly city: City;
  readonly business: boolean;
  readonly firstName?: string;
  readonly lastName?: string;
}

function streetAddress(streets: readonly string[], numberFirst: boolean, random: Random): string {
  const street = random.pick(streets);
  const n = random.int(1, 240);
  return numberFirst ? `${n} ${street}` : `${street} ${n}`;
}

function postcodeFor(city: City, random: Random): string | undefined {
  return city.postcode === undefined ? undefined : fillTemplate(city.postcode, (n) => random.below(n));
}

function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

export interface PartyDirectoryOptions {
  readonly seedKey: string;
  readonly sellers: number;
  readonly buyers: number;
}

export class PartyDirectory {
  private readonly seedKey: string;
  private readonly sellerCounts = new Map<string, number>();
  private readonly buyerCounts = new Map<string, number>();
  private readonly sellers = new Map<string, Seller>();
  private readonly platformTables = new Map<string, WeightedTable<PlatformProfile>>();

  constructor(options: PartyDirectoryOptions) {
    this.seedKey = options.seedKey;
    const originWeight = ORIGIN_COUNTRIES.reduce((s, c) => s + c.weight, 0);
    for (const c of ORIGIN_COUNTRIES) this.sellerCounts.set(c.code, Math.max(3, Math.round((options.sellers * c.weight) / originWeight)));
    const destinationWeight = DESTINATION_COUNTRIES.reduce((s, c) => s + c.weight, 0);
    for (const c of DESTINATION_COUNTRIES) this.buyerCounts.set(c.code, Math.max(20, Math.round((options.buyers * c.weight) / destinationWeight)));
  }

  /** A seller from `origin`; popular sellers (low indices) get most orders, as on real marketplaces. */
  pickSeller(origin: OriginCountry, random: Random): Seller {
    const count = this.sellerCounts.get(origin.code) ?? 3;
    const u = random.float();
    return this.seller(origin, Math.floor(u * u * count));
  }

  pickBuyer(destination: DestinationCountry, random: Random): Buyer {
    return this.buyer(destination, random.below(this.buyerCounts.get(destination.code) ?? 20));
  }

  seller(origin: OriginCountry, index: number): Seller {
    const key = `${origin.code}-${index}`;
    const cached = this.sellers.get(key);
    if (cached) return cached;
    const random = Sfc32.fromString(`${this.seedKey}|seller|${key}`);
    const categories = new WeightedTable(origin.categories);
    const main = categories.pick(random);
    const city = random.pick(origin.cities);
    const word = random.pick(COMPANY_WORDS);
    const trade = random.pick(TRADE_WORDS[main]);
    const suffix = random.pick(origin.legalSuffixes);
    const name = origin.cityInCompanyName ? `${city.name} ${word} ${trade} ${suffix}` : `${word} ${trade} ${suffix}`;
    const seller: Seller = {
      key,
      origin,
      party: {
        name,
        identificationNumber: `${origin.code}${digits(random, 12)}`,
        typeOfPerson: 'legal-person',
        address: withoutUndefined({
          streetAndNumber: streetAddress(origin.streets, origin.numberFirst, random),
          postcode: postcodeFor(city, random),
          city: city.name,
          country: origin.code as Party['address']['country'],
        }),
      },
      traderNumber: digits(random, 9),
      city,
      platform: this.platformTable(origin.code).pick(random),
      categories,
      marketplaceCollects: random.chance(0.7),
      selfFulfils: random.chance(0.35),
    };
    this.sellers.set(key, seller);
    return seller;
  }

  buyer(destination: DestinationCountry, index: number): Buyer {
    const key = `${destination.code}-${index}`;
    const random = Sfc32.fromString(`${this.seedKey}|buyer|${key}`);
    const city = random.pick(destination.cities);
    const business = random.chance(0.08);
    const firstName = random.pick(destination.firstNames);
    const lastName = random.pick(destination.lastNames);
    const name = business
      ? `${lastName} ${random.pick(BUSINESS_TRADE_WORDS)} ${random.pick(destination.businessSuffixes)}`
      : `${firstName} ${lastName}`;
    const party: Party = withoutUndefined({
      name,
      identificationNumber: business ? `${destination.code}${digits(random, 10)}` : undefined,
      typeOfPerson: business ? 'legal-person' : 'natural-person',
      address: withoutUndefined({
        streetAndNumber: streetAddress(destination.streets, destination.numberFirst, random),
        postcode: postcodeFor(city, random),
        city: city.name,
        country: destination.code as Party['address']['country'],
      }),
    });
    return business ? { key, destination, party, city, business } : { key, destination, party, city, business, firstName, lastName };
  }

  private platformTable(origin: string): WeightedTable<PlatformProfile> {
    let table = this.platformTables.get(origin);
    if (!table) {
      table = new WeightedTable(PLATFORMS.map((p) => [p, p.sellerOrigins[origin] ?? 0] as const));
      this.platformTables.set(origin, table);
    }
    return table;
  }
}
