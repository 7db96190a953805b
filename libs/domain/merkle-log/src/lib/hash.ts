/**
 * RFC 9162 §2.1.1 hashing with SHA-256 (the hash every C2SP tlog spec fixes).
 * Domain separation bytes 0x00 (leaf) and 0x01 (node) stop a leaf from being
 * passed off as an interior node (second-preimage attack).
 */
import { sha256 } from '@noble/hashes/sha2';

export const HASH_SIZE = 32;

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/** MTH({d(0)}) = SHA-256(0x00 || d(0)). */
export function leafHash(entry: Uint8Array): Uint8Array {
  const h = sha256.create();
  h.update(Uint8Array.of(LEAF_PREFIX));
  h.update(entry);
  return h.digest();
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const h = sha256.create();
  h.update(Uint8Array.of(NODE_PREFIX));
  h.update(left);
  h.update(right);
  return h.digest();
}

/** MTH({}) = SHA-256() — the root of the empty tree (RFC 9162 §2.1.1). */
export function emptyRoot(): Uint8Array {
  return sha256(new Uint8Array(0));
}

export function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}
