/**
 * RFC 9162 §2.1.1 hashing with SHA-256 (the hash every C2SP tlog spec fixes).
 * Domain separation bytes 0x00 (leaf) and 0x01 (node) stop a leaf from being
 * passed off as an interior node (second-preimage attack).
 *
 * SHA-256 defaults to @noble/hashes (pure JS, browser-safe); a service installs its runtime's
 * native one with useLogSha256 (docs/decisions/0008-batch-signatures-and-native-hashing.md).
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2';

export const HASH_SIZE = 32;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

export type LogSha256 = (data: Uint8Array) => Uint8Array;

let sha256: LogSha256 = nobleSha256;

/** SHA-256("abc"), FIPS 180-2 appendix B.1. */
const ABC_DIGEST = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

/** Replaces SHA-256 for this process after checking it against the FIPS 180-2 test vector. */
export function useLogSha256(candidate: LogSha256): void {
  const digest = candidate(new Uint8Array([0x61, 0x62, 0x63]));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  if (!(digest instanceof Uint8Array) || hex !== ABC_DIGEST) {
    throw new Error('useLogSha256: the implementation does not reproduce the FIPS 180-2 test vector');
  }
  sha256 = candidate;
}

/** Back to the pure-JS default (tests). */
export function resetLogSha256(): void {
  sha256 = nobleSha256;
}

/** MTH({d(0)}) = SHA-256(0x00 || d(0)). */
export function leafHash(entry: Uint8Array): Uint8Array {
  const data = new Uint8Array(1 + entry.length);
  data[0] = LEAF_PREFIX;
  data.set(entry, 1);
  return sha256(data);
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const data = new Uint8Array(1 + left.length + right.length);
  data[0] = NODE_PREFIX;
  data.set(left, 1);
  data.set(right, 1 + left.length);
  return sha256(data);
}

/** MTH({}) = SHA-256() — the root of the empty tree (RFC 9162 §2.1.1). */
export function emptyRoot(): Uint8Array {
  return sha256(new Uint8Array(0));
}

export function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}
