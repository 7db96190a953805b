interface CryptoLike {
  getRandomValues<T extends ArrayBufferView>(array: T): T;
}

/** Web Crypto caps one getRandomValues call at 65 536 bytes. */
const MAX_CHUNK = 65_536;

/** CSPRNG bytes from globalThis.crypto (Node 24 and browsers); never Math.random. */
export function randomBytes(length: number): Uint8Array {
  const crypto = (globalThis as { crypto?: CryptoLike }).crypto;
  if (!crypto || typeof crypto.getRandomValues !== 'function') {
    throw new Error('No CSPRNG: globalThis.crypto.getRandomValues is not available in this runtime');
  }
  const out = new Uint8Array(length);
  for (let offset = 0; offset < length; offset += MAX_CHUNK) {
    crypto.getRandomValues(out.subarray(offset, Math.min(length, offset + MAX_CHUNK)));
  }
  return out;
}

export type RandomBytes = (length: number) => Uint8Array;
