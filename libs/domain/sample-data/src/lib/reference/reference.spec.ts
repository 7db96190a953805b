import { COUNTRY_CODES, CURRENCY_CODES, HS_CODE_PATTERN, PARTICIPANT_ID_PATTERN, getEventDefinition } from '@borderledger/events';
import { DESTINATION_COUNTRIES, ORIGIN_COUNTRIES } from './geography';
import { EUR_CONVERSION_RATES, ORDER_CURRENCIES, charmPrice, formatMinor, fromEurCents, parseMinor, toEurCents } from './money';
import { SAMPLE_PARTICIPANTS } from './participants';
import { PRODUCT_CATEGORIES, PRODUCTS_BY_CATEGORY, REFERENCE_PRODUCTS, referenceProductByHsCode } from './products';
import { AIR_GATEWAYS, AIR_HUBS, CUSTOMS_OFFICES, SEA_GATEWAYS, SEA_PORTS } from './transport';
import { WATCH_LIST } from './watch-list';

describe('reference data', () => {
  it('has one product per 6-digit HS subheading, each with descriptions, a price and a mass', () => {
    const codes = REFERENCE_PRODUCTS.map((p) => p.hsCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const p of REFERENCE_PRODUCTS) {
      expect(p.hsCode).toMatch(HS_CODE_PATTERN);
      expect(p.hsCode).toHaveLength(6);
      expect(p.descriptions.length).toBeGreaterThanOrEqual(2);
      expect(p.referenceUnitValueEurCents).toBeGreaterThan(0);
      expect(parseMinor(p.referenceUnitValueEur)).toBe(p.referenceUnitValueEurCents);
      expect(p.unitMassKg).toBeGreaterThan(0);
      expect(referenceProductByHsCode(`${p.hsCode}90`)).toBe(p);
    }
    expect(new Set(REFERENCE_PRODUCTS.map((p) => p.chapter)).size).toBeGreaterThanOrEqual(18);
    for (const c of PRODUCT_CATEGORIES) expect(PRODUCTS_BY_CATEGORY[c].length).toBeGreaterThan(0);
  });

  it('keeps every description unique to its product (so a description identifies its HS code)', () => {
    const all = REFERENCE_PRODUCTS.flatMap((p) => p.descriptions);
    expect(new Set(all).size).toBe(all.length);
  });

  it('only uses ISO country and currency codes', () => {
    const countries = new Set<string>(COUNTRY_CODES);
    for (const c of [...ORIGIN_COUNTRIES, ...DESTINATION_COUNTRIES]) expect(countries.has(c.code)).toBe(true);
    for (const c of ORDER_CURRENCIES) expect(CURRENCY_CODES).toContain(c);
    for (const d of DESTINATION_COUNTRIES) expect(ORDER_CURRENCIES).toContain(d.currency);
    for (const w of WATCH_LIST) expect(countries.has(w.country)).toBe(true);
  });

  it('has gateways for every origin and destination, and a customs office for every gateway', () => {
    for (const o of ORIGIN_COUNTRIES) {
      expect(AIR_HUBS[o.code]?.length).toBeGreaterThan(0);
      expect(SEA_PORTS[o.code]?.length).toBeGreaterThan(0);
    }
    for (const d of DESTINATION_COUNTRIES) {
      expect(AIR_GATEWAYS[d.code]?.length).toBeGreaterThan(0);
      for (const g of [...AIR_GATEWAYS[d.code], ...(SEA_GATEWAYS[d.code] ?? [])]) expect(CUSTOMS_OFFICES[g.unLocode]).toMatch(new RegExp(`^${g.country}`));
    }
  });

  it('lists participants with valid ids and the roles the catalogue lets them emit with', () => {
    const ids = SAMPLE_PARTICIPANTS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(PARTICIPANT_ID_PATTERN);
    const roles = new Set(SAMPLE_PARTICIPANTS.map((p) => p.role));
    expect([...roles].sort()).toEqual(['carrier', 'logistics', 'platform']);
    expect(getEventDefinition('ship.consignment.departed').emitterRoles).toContain('carrier');
  });

  it('has a watch-listed seller for every origin and a watch-listed buyer for every destination', () => {
    for (const o of ORIGIN_COUNTRIES) expect(WATCH_LIST.some((w) => w.role === 'seller' && w.country === o.code)).toBe(true);
    for (const d of DESTINATION_COUNTRIES) expect(WATCH_LIST.some((w) => w.role === 'buyer' && w.country === d.code)).toBe(true);
  });

  it('does money in integer minor units', () => {
    expect(formatMinor(0)).toBe('0.00');
    expect(formatMinor(1234)).toBe('12.34');
    expect(formatMinor(5)).toBe('0.05');
    expect(parseMinor('12.3')).toBe(1230);
    expect(parseMinor('12')).toBe(1200);
    expect(() => formatMinor(-1)).toThrow(RangeError);
    expect(fromEurCents(15_000, 'EUR')).toBe(15_000);
    expect(fromEurCents(15_000, 'USD')).toBe(16_200);
    expect(toEurCents(fromEurCents(15_000, 'SEK'), 'SEK')).toBe(15_000);
    expect(Object.keys(EUR_CONVERSION_RATES).sort()).toEqual([...ORDER_CURRENCIES].sort());
    expect(charmPrice(2487, false)).toBe(2490);
    expect(charmPrice(2487, true)).toBe(2489);
  });
});
