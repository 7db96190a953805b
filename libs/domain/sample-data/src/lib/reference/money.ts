// Money as integer minor units (cents): binary floating point would make 0.1 + 0.2 part of a
// signed record. Every currency the generator prices in has two decimals.

/** Currencies the generator prices orders in, and fixed conversion rates from EUR. */
export const ORDER_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'CAD', 'AUD', 'PLN', 'SEK'] as const;
export type OrderCurrency = (typeof ORDER_CURRENCIES)[number];

/**
 * Units of the currency per 1 EUR, in ten-thousandths. Fixed assumptions of this generator
 * (round numbers, not market rates), so values and the de minimis test stay reproducible; a
 * risk engine scoring generated data converts with the same table (`toEurCents`).
 */
export const EUR_CONVERSION_RATES: Readonly<Record<OrderCurrency, number>> = {
  EUR: 10_000,
  USD: 10_800,
  GBP: 8_500,
  CHF: 9_500,
  CAD: 14_700,
  AUD: 16_500,
  PLN: 43_000,
  SEK: 112_000,
};

export function fromEurCents(eurCents: number, currency: OrderCurrency): number {
  return Math.round((eurCents * EUR_CONVERSION_RATES[currency]) / 10_000);
}

export function toEurCents(minorUnits: number, currency: OrderCurrency): number {
  return Math.round((minorUnits * 10_000) / EUR_CONVERSION_RATES[currency]);
}

/** 1234 → "12.34". */
export function formatMinor(minorUnits: number): string {
  if (!Number.isSafeInteger(minorUnits) || minorUnits < 0) throw new RangeError(`bad amount ${minorUnits}`);
  return `${Math.floor(minorUnits / 100)}.${String(minorUnits % 100).padStart(2, '0')}`;
}

/** "12.34" → 1234; "12" → 1200; "12.3" → 1230. */
export function parseMinor(decimal: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(decimal);
  if (!match) throw new RangeError(`not a two-decimal amount: ${decimal}`);
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

/** Shop-style price: to the 10 cents, and sometimes one cent less (24.90 or 24.89). */
export function charmPrice(minorUnits: number, oneCentLess: boolean): number {
  const rounded = Math.max(10, Math.round(minorUnits / 10) * 10);
  return oneCentLess ? rounded - 1 : rounded;
}
