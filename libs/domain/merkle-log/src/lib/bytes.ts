/**
 * Byte helpers written against the ECMAScript core only: no Buffer, no
 * TextEncoder/atob (not visible with `types: []`), so the same code runs in
 * Node and in a browser verifier.
 */
import { fail } from './errors';

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  // Inputs are public (hashes, signatures): no constant-time requirement.
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const HEX = '0123456789abcdef';

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b >> 4] + HEX[b & 15];
  return out;
}

export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    fail('malformed-encoding', 'hex string must have an even number of hex digits');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

// RFC 4648 §4 standard alphabet, with padding.
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = (() => {
  const t = new Int16Array(128).fill(-1);
  for (let i = 0; i < B64.length; i++) t[B64.charCodeAt(i)] = i;
  return t;
})();

export function base64Encode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += B64[n >> 18] + B64[(n >> 12) & 63] + '==';
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + '=';
  }
  return out;
}

/**
 * Strict RFC 4648 §4 decoding: padding required, no whitespace, and the unused
 * low bits of the last symbol must be zero (RFC 4648 §3.5 canonical encoding),
 * so every byte string has exactly one accepted text form and a signature line
 * cannot be re-encoded into a "different" line that decodes to the same bytes.
 */
export function base64Decode(text: string): Uint8Array {
  if (text.length % 4 !== 0) fail('malformed-encoding', 'base64 length must be a multiple of 4');
  let pad = 0;
  if (text.endsWith('==')) pad = 2;
  else if (text.endsWith('=')) pad = 1;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const vals = [0, 0, 0, 0];
    for (let j = 0; j < 4; j++) {
      const c = text.charCodeAt(i + j);
      if (last && j >= 4 - pad) {
        if (c !== 61) fail('malformed-encoding', 'bad base64 padding');
        continue;
      }
      const v = c < 128 ? B64_INDEX[c] : -1;
      if (v < 0) fail('malformed-encoding', 'invalid base64 character');
      vals[j] = v;
    }
    const n = (vals[0] << 18) | (vals[1] << 12) | (vals[2] << 6) | vals[3];
    if (last && pad === 2) {
      if ((n & 0xffff) !== 0) fail('malformed-encoding', 'non-canonical base64');
      out[o++] = n >> 16;
    } else if (last && pad === 1) {
      if ((n & 0xff) !== 0) fail('malformed-encoding', 'non-canonical base64');
      out[o++] = n >> 16;
      out[o++] = (n >> 8) & 255;
    } else {
      out[o++] = n >> 16;
      out[o++] = (n >> 8) & 255;
      out[o++] = n & 255;
    }
  }
  return out;
}

/** UTF-8 encoding that refuses lone surrogates (they have no UTF-8 form). */
export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (cp > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) {
        fail('malformed-encoding', 'string contains a lone surrogate');
      }
      cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
      i++;
    }
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else
      out.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 63),
        0x80 | ((cp >> 6) & 63),
        0x80 | (cp & 63),
      );
  }
  return Uint8Array.from(out);
}

/**
 * Strict UTF-8 decoding (RFC 3629): rejects overlong forms, surrogates, code
 * points above U+10FFFF and truncated sequences. signed-note requires valid
 * UTF-8, and a lenient decoder would let two byte strings map to one text.
 */
export function utf8Decode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i];
    let cp: number;
    let need: number;
    let min: number;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i++;
      continue;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      cp = b0 & 0x1f;
      need = 1;
      min = 0x80;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      cp = b0 & 0x0f;
      need = 2;
      min = 0x800;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      cp = b0 & 0x07;
      need = 3;
      min = 0x10000;
    } else {
      return fail('malformed-encoding', 'invalid UTF-8 lead byte');
    }
    if (i + need >= bytes.length) return fail('malformed-encoding', 'truncated UTF-8 sequence');
    for (let j = 1; j <= need; j++) {
      const b = bytes[i + j];
      if ((b & 0xc0) !== 0x80) return fail('malformed-encoding', 'invalid UTF-8 continuation byte');
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return fail('malformed-encoding', 'invalid UTF-8 code point');
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

/** Big-endian uint32 from 4 bytes. */
export function readUint32BE(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0
  );
}

export function writeUint32BE(value: number): Uint8Array {
  return Uint8Array.of(value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255);
}

/**
 * Big-endian uint64 as a JS number. Values above 2^53 - 1 cannot be held
 * exactly and are refused, so nothing downstream silently rounds.
 */
export function readUint64BE(bytes: Uint8Array, offset: number): number {
  const hi = readUint32BE(bytes, offset);
  const lo = readUint32BE(bytes, offset + 4);
  if (hi > 0x1fffff) fail('invalid-argument', 'uint64 value exceeds 2^53 - 1');
  return hi * 0x100000000 + lo;
}

export function writeUint64BE(value: number): Uint8Array {
  assertSafeUint(value, 'uint64 value');
  const hi = Math.floor(value / 0x100000000);
  const lo = value % 0x100000000;
  return concatBytes(writeUint32BE(hi), writeUint32BE(lo));
}

export function isSafeUint(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function assertSafeUint(value: unknown, what: string): asserts value is number {
  if (!isSafeUint(value)) fail('invalid-argument', `${what} must be a non-negative safe integer`);
}

/** ASCII decimal with no leading zeroes ("0" for zero), as every C2SP format requires. */
export function parseDecimal(text: string, what: string, code: 'malformed-checkpoint' | 'malformed-request' | 'malformed-tile'): number {
  if (!/^(0|[1-9][0-9]*)$/.test(text)) fail(code, `${what} must be a decimal with no leading zeroes`);
  const n = Number(text);
  if (!Number.isSafeInteger(n)) fail(code, `${what} exceeds 2^53 - 1`);
  return n;
}
