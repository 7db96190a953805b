// A small RFC 9162 (CT v2) Merkle tree over Uint8Array. Written here instead of using
// merkletreejs because that library is Buffer-based (a polyfill in every browser verifier)
// and does not use RFC 9162's 0x00/0x01 leaf/node prefixes by default; the ledger's log uses
// the same hashing, so one definition serves payload commitments, batches and the log.
import { bytesEqual } from '../encoding/bytes';
import { sha256 } from '../crypto/hash';

/** RFC 9162 §2.1.1: leaf hash = SHA-256(0x00 || data). */
export function hashLeaf(data: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + data.length);
  input[0] = 0x00;
  input.set(data, 1);
  return sha256(input);
}

/** RFC 9162 §2.1.1: node hash = SHA-256(0x01 || left || right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  const input = new Uint8Array(1 + left.length + right.length);
  input[0] = 0x01;
  input.set(left, 1);
  input.set(right, 1 + left.length);
  return sha256(input);
}

/** Largest power of two strictly smaller than n (n >= 2): RFC 9162's split point. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function subtreeRoot(leafHashes: readonly Uint8Array[], lo: number, hi: number): Uint8Array {
  if (hi - lo === 1) return leafHashes[lo];
  const k = splitPoint(hi - lo);
  return hashChildren(subtreeRoot(leafHashes, lo, lo + k), subtreeRoot(leafHashes, lo + k, hi));
}

/** MTH over already-hashed leaves. An empty tree is not a thing we commit to. */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Uint8Array {
  if (leafHashes.length === 0) throw new RangeError('merkleRoot: a tree needs at least one leaf');
  return subtreeRoot(leafHashes, 0, leafHashes.length);
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]), ordered from the leaf upwards. */
export function inclusionProof(leafHashes: readonly Uint8Array[], index: number): Uint8Array[] {
  if (!Number.isInteger(index) || index < 0 || index >= leafHashes.length) {
    throw new RangeError(`inclusionProof: index ${index} outside tree of size ${leafHashes.length}`);
  }
  const path: Uint8Array[] = [];
  const walk = (lo: number, hi: number, m: number): void => {
    if (hi - lo <= 1) return;
    const k = splitPoint(hi - lo);
    if (m < k) {
      walk(lo, lo + k, m);
      path.push(subtreeRoot(leafHashes, lo + k, hi));
    } else {
      walk(lo + k, hi, m - k);
      path.push(subtreeRoot(leafHashes, lo, lo + k));
    }
  };
  walk(0, leafHashes.length, index);
  return path;
}

/**
 * Remembers the walks of inclusion paths already computed: from an interior node at a given
 * position of a tree of a given size, which remaining path led to which root. Many envelopes of
 * one signed batch share their upper path; with this memo a verifier hashes each interior node
 * of a batch once instead of once per envelope (≈ 2 hashes per envelope instead of log2 n).
 * Pure computation, no trust: the root still has to carry a valid signature.
 */
export class InclusionPathMemo {
  private readonly walks = new Map<string, { readonly path: readonly Uint8Array[]; readonly next: number; readonly root: Uint8Array }>();

  private readonly capacity: number;

  /** 16k nodes: the interior nodes of ~16 batches of 500, the span a batch is spread over in practice. */
  constructor(capacity = 16_384) {
    this.capacity = capacity;
  }

  static key(treeSize: number, fn: number, sn: number, node: Uint8Array): string {
    return `${treeSize}:${fn}:${sn}:${String.fromCharCode(...node)}`;
  }

  /** The root, when this node continued by exactly the rest of `path` was walked before. */
  root(key: string, path: readonly Uint8Array[], next: number): Uint8Array | undefined {
    const walk = this.walks.get(key);
    if (!walk || walk.path.length - walk.next !== path.length - next) return undefined;
    for (let i = 0; i < path.length - next; i++) if (!bytesEqual(walk.path[walk.next + i], path[next + i])) return undefined;
    return walk.root;
  }

  remember(keys: readonly { key: string; next: number }[], path: readonly Uint8Array[], root: Uint8Array): void {
    if (this.walks.size + keys.length > this.capacity) this.walks.clear();
    for (const { key, next } of keys) this.walks.set(key, { path, next, root });
  }
}

/**
 * RFC 9162 §2.1.3.2: the root an inclusion path leads to from a leaf at `index` of a tree of
 * `treeSize` leaves; undefined when the path cannot belong to that position (wrong length).
 */
export function rootFromInclusionPath(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  memo?: InclusionPathMemo,
): Uint8Array | undefined {
  if (!Number.isInteger(index) || !Number.isInteger(treeSize) || index < 0 || index >= treeSize) return undefined;
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash;
  const walked: { key: string; next: number }[] = [];
  for (let k = 0; k < proof.length; k++) {
    const p = proof[k];
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
    if (memo) {
      const key = InclusionPathMemo.key(treeSize, fn, sn, r);
      const known = memo.root(key, proof, k + 1);
      if (known) {
        memo.remember(walked, proof, known);
        return known;
      }
      walked.push({ key, next: k + 1 });
    }
  }
  if (sn !== 0) return undefined;
  memo?.remember(walked, proof, r);
  return r;
}

/** RFC 9162 §2.1.3.2 verification algorithm. */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const computed = rootFromInclusionPath(leafHash, index, treeSize, proof);
  return computed !== undefined && bytesEqual(computed, root);
}

/**
 * The root and every leaf's inclusion path in one pass, O(n log n) hashes (calling
 * inclusionProof per leaf would recompute subtrees, O(n²)).
 */
export function rootAndInclusionPaths(leafHashes: readonly Uint8Array[]): { root: Uint8Array; paths: Uint8Array[][] } {
  if (leafHashes.length === 0) throw new RangeError('rootAndInclusionPaths: a tree needs at least one leaf');
  const paths: Uint8Array[][] = leafHashes.map(() => []);
  const walk = (lo: number, hi: number): Uint8Array => {
    if (hi - lo === 1) return leafHashes[lo];
    const k = splitPoint(hi - lo);
    const left = walk(lo, lo + k);
    const right = walk(lo + k, hi);
    for (let i = lo; i < lo + k; i++) paths[i].push(right);
    for (let i = lo + k; i < hi; i++) paths[i].push(left);
    return hashChildren(left, right);
  };
  return { root: walk(0, leafHashes.length), paths };
}

function anySelected(sorted: readonly number[], lo: number, hi: number): boolean {
  // Binary search for the first selected index >= lo.
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (sorted[mid] < lo) a = mid + 1;
    else b = mid;
  }
  return a < sorted.length && sorted[a] < hi;
}

function normaliseIndices(indices: readonly number[], size: number): number[] {
  const sorted = [...indices].sort((x, y) => x - y);
  for (let i = 0; i < sorted.length; i++) {
    if (!Number.isInteger(sorted[i]) || sorted[i] < 0 || sorted[i] >= size) {
      throw new RangeError(`multiproof: index ${sorted[i]} outside tree of size ${size}`);
    }
    if (i > 0 && sorted[i] === sorted[i - 1]) throw new RangeError(`multiproof: duplicate index ${sorted[i]}`);
  }
  return sorted;
}

/**
 * Multiproof for several leaves of one RFC 9162 tree: the roots of the maximal subtrees that
 * contain no selected leaf, in depth-first left-to-right order of the MTH recursion. Both sides
 * know the tree size, so the order alone says where each hash goes: no flags or indices needed.
 */
export function multiproof(leafHashes: readonly Uint8Array[], indices: readonly number[]): Uint8Array[] {
  const sorted = normaliseIndices(indices, leafHashes.length);
  const proof: Uint8Array[] = [];
  const walk = (lo: number, hi: number): void => {
    if (!anySelected(sorted, lo, hi)) {
      proof.push(subtreeRoot(leafHashes, lo, hi));
      return;
    }
    if (hi - lo === 1) return;
    const k = splitPoint(hi - lo);
    walk(lo, lo + k);
    walk(lo + k, hi);
  };
  walk(0, leafHashes.length);
  return proof;
}

/**
 * Recomputes the root from the selected leaves and a multiproof; undefined when the proof has
 * too few or too many hashes for the tree shape (a proof must be used up exactly).
 */
export function rootFromMultiproof(
  treeSize: number,
  leaves: ReadonlyMap<number, Uint8Array>,
  proof: readonly Uint8Array[],
): Uint8Array | undefined {
  if (!Number.isInteger(treeSize) || treeSize < 1) return undefined;
  let sorted: number[];
  try {
    sorted = normaliseIndices([...leaves.keys()], treeSize);
  } catch {
    return undefined;
  }
  let next = 0;
  let failed = false;
  const walk = (lo: number, hi: number): Uint8Array => {
    if (!anySelected(sorted, lo, hi)) {
      if (next >= proof.length) {
        failed = true;
        return new Uint8Array(0);
      }
      return proof[next++];
    }
    if (hi - lo === 1) return leaves.get(lo) as Uint8Array;
    const k = splitPoint(hi - lo);
    const left = walk(lo, lo + k);
    const right = walk(lo + k, hi);
    return hashChildren(left, right);
  };
  const root = walk(0, treeSize);
  if (failed || next !== proof.length) return undefined;
  return root;
}
