// SHA-256 for commitments, batch roots and key ids. The default is @noble/hashes (pure JS, runs
// in a browser); a service installs its runtime's native SHA-256 with useSha256 at start-up,
// because the ledger hashes every payload slot of every event and the pure-JS hash was a fifth
// of its CPU (docs/decisions/0008-batch-signatures-and-native-hashing.md).
import { sha256 as nobleSha256 } from '@noble/hashes/sha2';

/**
 * Synchronous; returns 32 fresh bytes that alias neither `data` nor any buffer it reuses, and
 * keeps no reference to `data`: callers hash from reused scratch buffers (merkle-tree.ts,
 * commitment.ts) and keep the digests.
 */
export type Sha256 = (data: Uint8Array) => Uint8Array;

export const HASH_BYTES = 32;

let implementation: Sha256 = nobleSha256;

export function sha256(data: Uint8Array): Uint8Array {
  return implementation(data);
}

/** SHA-256("abc") (FIPS 180-2, appendix B.1): a replacement must reproduce it before it is used. */
const ABC = new Uint8Array([0x61, 0x62, 0x63]);
const ABC_DIGEST = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

/**
 * Replaces the SHA-256 implementation for this process (e.g. node:crypto's). Refuses one that
 * gets the FIPS 180-2 test vector wrong or returns anything but 32 fresh bytes.
 */
export function useSha256(candidate: Sha256): void {
  const digest = candidate(ABC);
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  if (!(digest instanceof Uint8Array) || hex !== ABC_DIGEST) {
    throw new Error('useSha256: the implementation does not reproduce the FIPS 180-2 test vector');
  }
  implementation = candidate;
}

/** Back to the pure-JS default (tests). */
export function resetSha256(): void {
  implementation = nobleSha256;
}
