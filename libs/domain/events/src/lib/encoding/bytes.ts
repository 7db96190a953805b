// Byte helpers over Uint8Array only: the library must run unchanged in a browser, so no
// Buffer, btoa or TextEncoder typings (lib "dom" is not loaded for this project).
import { concatBytes as nobleConcat, utf8ToBytes } from '@noble/hashes/utils';

export function utf8(text: string): Uint8Array {
  return utf8ToBytes(text);
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
  const rest = text.length % 4;
  if (rest === 1) throw new SyntaxError('base64url: impossible length');
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  const sextet = (i: number): number => {
    const code = text.charCodeAt(i);
    const v = code < 128 ? DECODE[code] : -1;
    if (v < 0) throw new SyntaxError(`base64url: invalid character at ${i}`);
    return v;
  };
  const whole = text.length - rest;
  let o = 0;
  for (let i = 0; i < whole; i += 4) {
    const n = (sextet(i) << 18) | (sextet(i + 1) << 12) | (sextet(i + 2) << 6) | sextet(i + 3);
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  if (rest === 2) {
    const n = (sextet(whole) << 6) | sextet(whole + 1);
    if (n & 0x0f) throw new SyntaxError('base64url: non-canonical trailing bits');
    out[o] = n >>> 4;
  } else if (rest === 3) {
    const n = (sextet(whole) << 12) | (sextet(whole + 1) << 6) | sextet(whole + 2);
    if (n & 0x03) throw new SyntaxError('base64url: non-canonical trailing bits');
    out[o++] = n >>> 10;
    out[o] = (n >>> 2) & 0xff;
  }
  return out;
}

export function tryFromBase64Url(text: string, expectedLength?: number): Uint8Array | undefined {
  try {
    const bytes = fromBase64Url(text);
    return expectedLength === undefined || bytes.length === expectedLength ? bytes : undefined;
  } catch {
    return undefined;
  }
}
