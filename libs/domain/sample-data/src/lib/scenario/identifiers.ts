// Identifier formats. Every identifier carries the run tag (derived from the seed), so data sets
// generated with different seeds can share one ledger without their references colliding.
import type { Random } from '../random/prng';

const BASE36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const HEX = '0123456789abcdef';

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function runTagFrom(random: Random): string {
  let tag = '';
  for (let i = 0; i < 4; i++) tag += BASE36[random.below(36)];
  return tag;
}

export function digits(random: Random, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(random.below(10));
  return out;
}

export function letters(random: Random, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += BASE36[10 + random.below(26)];
  return out;
}

/** Fills '#' with digits and '@' with letters. */
export function fromTemplate(template: string, random: Random): string {
  let out = '';
  for (const ch of template) out += ch === '#' ? digits(random, 1) : ch === '@' ? letters(random, 1) : ch;
  return out;
}

/** IATA air waybill number: airline prefix, 7-digit serial and its modulus-7 check digit. */
export function airWaybillNumber(prefix: string, serial: number): string {
  const s = serial % 10_000_000;
  return `${prefix}-${pad(s, 7)}${s % 7}`;
}

/** IMO ship identification number with its check digit (weights 7..2 over the first six digits). */
export function imoNumber(random: Random): string {
  const first = digits(random, 6).replace(/^0/, '9');
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += Number(first[i]) * (7 - i);
  return `IMO${first}${sum % 10}`;
}

/**
 * UUIDv7 from a millisecond timestamp and the seeded generator: the same data set gets the same
 * event ids, so replaying it is idempotent end to end.
 */
export function uuidV7(unixMs: number, random: Random): string {
  const time = unixMs.toString(16).padStart(12, '0');
  const a = hex8(random.uint32());
  const b = hex8(random.uint32());
  const c = hex8(random.uint32());
  const variant = HEX[8 + (random.uint32() & 3)];
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${a.slice(0, 3)}-${variant}${a.slice(3, 6)}-${b}${c.slice(0, 4)}`;
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
let cachedDay = Number.NaN;
let cachedDate = '';

/** RFC 3339 in whole seconds, UTC: "2026-01-05T08:30:00Z". (Hot path: the date part is cached per day.) */
export function isoSeconds(unixMs: number): string {
  const day = Math.floor(unixMs / 86_400_000);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDate = new Date(day * 86_400_000).toISOString().slice(0, 11);
  }
  const secondOfDay = Math.floor((unixMs - day * 86_400_000) / 1000);
  const h = Math.floor(secondOfDay / 3600);
  const m = Math.floor((secondOfDay % 3600) / 60);
  return `${cachedDate}${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[secondOfDay % 60]}Z`;
}
