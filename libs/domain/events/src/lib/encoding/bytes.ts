// Byte helpers over Uint8Array only: the library must run unchanged in a browser, so no
// Buffer, btoa or DOM typings (lib "dom" is not loaded for this project).
import { concatBytes as nobleConcat } from '@noble/hashes/utils';

/** The one TextEncoder member used here, typed locally (no DOM lib); every browser and Node has it. */
interface Utf8Encoder {
  encode(input: string): Uint8Array;
}
// One encoder for the process: @noble/hashes' utf8ToBytes built one per call and copied its result.
const encoder: Utf8Encoder = new (globalThis as unknown as { TextEncoder: new () => Utf8Encoder }).TextEncoder();

/** Below this length a JS loop beats the call into TextEncoder (measured on Node 24). */
const SHORT_TEXT = 64;

export function utf8(text: string): Uint8Array {
  if (typeof text !== 'string') throw new Error('string expected');
  const n = text.length;
  if (n > SHORT_TEXT) return encoder.encode(text);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return encoder.encode(text);
    out[i] = c;
  }
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  return nobleConcat(...parts);
}

/** Length prefix (unsigned 32-bit big-endian) so variable fields cannot run into each other. */
export function u32be(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`u32be: ${value} is out of range`);
  }
  return new Uint8Array([(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));

/** RFC 4648 §5 base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[(n >>> 18) & 63] + ALPHABET[(n >>> 12) & 63] + ALPHABET[(n >>> 6) & 63] + ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[(n >>> 18) & 63] + ALPHABET[(n >>> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += ALPHABET[(n >>> 18) & 63] + ALPHABET[(n >>> 12) & 63] + ALPHABET[(n >>> 6) & 63];
  }
  return out;
}

/**
 * Strict decoder: rejects padding, foreign characters and non-zero trailing bits, so every
 * byte string has exactly one accepted text form (a signature or hash cannot be re-encoded
 * into a second "equal" string).
 */
export function fromBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new SyntaxError('base64url: impossible length');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  if (decodeBase64UrlInto(text, out, 0, out.length)) return out;
  // Only an invalid text gets here: name its first foreign character, else its trailing bits.
  for (let i = 0; i < text.length; i++) checkCharacter(text, i);
  throw new SyntaxError('base64url: non-canonical trailing bits');
}

function checkCharacter(text: string, i: number): void {
  const code = text.charCodeAt(i);
  if ((code < 128 ? DECODE[code] : -1) < 0) throw new SyntaxError(`base64url: invalid character at ${i}`);
}

/**
 * Decodes base64url text of exactly `byteLength` bytes into out[offset..], without allocating.
 * False (out partly written) for any text fromBase64Url rejects or decodes to another length.
 */
export function decodeBase64UrlInto(text: string, out: Uint8Array, offset: number, byteLength: number): boolean {
  if (typeof text !== 'string' || text.length !== Math.ceil((byteLength * 4) / 3) || offset + byteLength > out.length) return false;
  const rest = text.length % 4;
  const whole = text.length - rest;
  let o = offset;
  for (let i = 0; i < whole; i += 4) {
    const a = DECODE[text.charCodeAt(i) & 0x7f];
    const b = DECODE[text.charCodeAt(i + 1) & 0x7f];
    const c = DECODE[text.charCodeAt(i + 2) & 0x7f];
    const d = DECODE[text.charCodeAt(i + 3) & 0x7f];
    if ((a | b | c | d) < 0 || (text.charCodeAt(i) | text.charCodeAt(i + 1) | text.charCodeAt(i + 2) | text.charCodeAt(i + 3)) > 0x7f) return false;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  if (rest === 0) return true;
  const a = DECODE[text.charCodeAt(whole) & 0x7f];
  const b = DECODE[text.charCodeAt(whole + 1) & 0x7f];
  const c = rest === 3 ? DECODE[text.charCodeAt(whole + 2) & 0x7f] : 0;
  const high = text.charCodeAt(whole) | text.charCodeAt(whole + 1) | (rest === 3 ? text.charCodeAt(whole + 2) : 0);
  if ((a | b | c) < 0 || high > 0x7f) return false;
  if (rest === 2) {
    const n = (a << 6) | b;
    if (n & 0x0f) return false;
    out[o] = n >>> 4;
    return true;
  }
  const n = (a << 12) | (b << 6) | c;
  if (n & 0x03) return false;
  out[o++] = n >>> 10;
  out[o] = (n >>> 2) & 0xff;
  return true;
}

/** Same as `toBase64Url(bytes) === text`, without building the string. */
export function base64UrlEquals(bytes: Uint8Array, text: string): boolean {
  if (typeof text !== 'string' || text.length !== Math.ceil((bytes.length * 4) / 3)) return false;
  let t = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    if (
      text.charCodeAt(t) !== CODES[(n >>> 18) & 63] ||
      text.charCodeAt(t + 1) !== CODES[(n >>> 12) & 63] ||
      text.charCodeAt(t + 2) !== CODES[(n >>> 6) & 63] ||
      text.charCodeAt(t + 3) !== CODES[n & 63]
    ) {
      return false;
    }
    t += 4;
  }
  const rest = bytes.length - i;
  if (rest === 0) return true;
  const n = rest === 1 ? bytes[i] << 16 : (bytes[i] << 16) | (bytes[i + 1] << 8);
  if (text.charCodeAt(t) !== CODES[(n >>> 18) & 63] || text.charCodeAt(t + 1) !== CODES[(n >>> 12) & 63]) return false;
  return rest === 1 || text.charCodeAt(t + 2) === CODES[(n >>> 6) & 63];
}

export function tryFromBase64Url(text: string, expectedLength?: number): Uint8Array | undefined {
  try {
    const bytes = fromBase64Url(text);
    return expectedLength === undefined || bytes.length === expectedLength ? bytes : undefined;
  } catch {
    return undefined;
  }
}
