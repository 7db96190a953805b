/**
 * Addressing of perfect subtrees, the unit of storage.
 *
 * Node (level, index) is the root of the perfect subtree over leaves
 * [index * 2^level, (index + 1) * 2^level). Every hash the RFC 9162 algorithms
 * need is either such a node or the hash of a right-edge range made of a few of
 * them, so storing only perfect-subtree roots (Tessera / tlog-tiles style) is
 * enough to answer any proof. Node hashes never change once written: the log
 * is append-only, so storage can be append-only too.
 *
 * Sizes and indexes are JS numbers limited to 2^53 - 1; bitwise operators are
 * 32-bit in JS, so all arithmetic here uses division by powers of two.
 */
import { fail } from './errors';
import { isSafeUint } from './bytes';

export interface NodeId {
  readonly level: number;
  readonly index: number;
}

export interface StoredNode extends NodeId {
  readonly hash: Uint8Array;
}

/** Highest level a node can have while its leaves stay below 2^53. */
export const MAX_LEVEL = 53;

export function assertNodeId(id: NodeId): void {
  if (!Number.isInteger(id.level) || id.level < 0 || id.level > MAX_LEVEL || !isSafeUint(id.index)) {
    fail('invalid-argument', `invalid node id ${id.level}/${id.index}`);
  }
  if (id.index * 2 ** id.level + 2 ** id.level - 1 > Number.MAX_SAFE_INTEGER) {
    fail('invalid-argument', `node ${id.level}/${id.index} lies beyond 2^53 leaves`);
  }
}

/** Stable string key for maps and database rows. */
export function nodeKey(id: NodeId): string {
  return `${id.level}/${id.index}`;
}

/** First leaf covered by a node. */
export function nodeStart(id: NodeId): number {
  return id.index * 2 ** id.level;
}

/** One past the last leaf covered by a node. */
export function nodeEnd(id: NodeId): number {
  return (id.index + 1) * 2 ** id.level;
}

export function shiftRight(x: number, bits: number): number {
  return Math.floor(x / 2 ** bits);
}

export function isOdd(x: number): boolean {
  return x % 2 === 1;
}

/** Number of significant bits (0 for 0). */
export function bitLength(x: number): number {
  let n = 0;
  while (x > 0) {
    x = Math.floor(x / 2);
    n++;
  }
  return n;
}

/** Count of trailing zero bits; x must be > 0. */
export function trailingZeros(x: number): number {
  let n = 0;
  while (x % 2 === 0) {
    x /= 2;
    n++;
  }
  return n;
}

export function isPowerOfTwo(x: number): boolean {
  return x > 0 && 2 ** trailingZeros(x) === x;
}

/** RFC 9162 §2.1.1 "k": the largest power of two smaller than n (n > 1). */
export function largestPowerOfTwoBelow(n: number): number {
  return 2 ** (bitLength(n - 1) - 1);
}

/**
 * The perfect subtrees that exactly cover leaves [begin, end), left to right
 * (the "compact range" of the range). At most 2 * log2(end - begin) nodes.
 */
export function compactRange(begin: number, end: number): NodeId[] {
  const out: NodeId[] = [];
  while (begin < end) {
    // Largest aligned power of two that starts at begin and fits before end.
    let level = begin === 0 ? MAX_LEVEL : Math.min(trailingZeros(begin), MAX_LEVEL);
    while (2 ** level > end - begin) level--;
    out.push({ level, index: begin / 2 ** level });
    begin += 2 ** level;
  }
  return out;
}
