// A small RFC 9162 (CT v2) Merkle tree over Uint8Array. Written here instead of using
// merkletreejs because that library is Buffer-based (a polyfill in every browser verifier)
// and does not use RFC 9162's 0x00/0x01 leaf/node prefixes by default; the ledger's log uses
// the same hashing, so one definition serves payload commitments, batches and the log.
import { bytesEqual, decodeBase64UrlInto, fromBase64Url } from '../encoding/bytes';
import { HASH_BYTES, sha256 } from '../crypto/hash';

// Hash inputs are written into reused buffers instead of a fresh one per call (the ledger hashes
// a dozen nodes per event). Safe because sha256 is synchronous and returns fresh bytes that never
// alias its input (the contract in crypto/hash.ts), so overwriting an input later changes no result.
let leafScratch = new Uint8Array(512); // [0] stays 0x00, the leaf prefix
/** Envelopes are well under this; a rare huge leaf gets its own buffer rather than pinning one. */
const MAX_LEAF_SCRATCH = 64 * 1024;
const nodeScratch = new Uint8Array(1 + 2 * HASH_BYTES);
nodeScratch[0] = 0x01;

/** RFC 9162 §2.1.1: leaf hash = SHA-256(0x00 || data). */
export function hashLeaf(data: Uint8Array): Uint8Array {
  const n = data.length + 1;
  if (n > MAX_LEAF_SCRATCH) {
    const input = new Uint8Array(n);
    input.set(data, 1);
    return sha256(input);
  }
  if (leafScratch.length < n) leafScratch = new Uint8Array(Math.min(MAX_LEAF_SCRATCH, Math.max(n, 2 * leafScratch.length)));
  leafScratch.set(data, 1);
  return sha256(n === leafScratch.length ? leafScratch : leafScratch.subarray(0, n));
}

/** RFC 9162 §2.1.1: node hash = SHA-256(0x01 || left || right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length === HASH_BYTES && right.length === HASH_BYTES) {
    nodeScratch.set(left, 1);
    nodeScratch.set(right, 1 + HASH_BYTES);
    return sha256(nodeScratch);
  }
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

/** A path hash as carried: its bytes, or its base64url text (decoded only if the walk reaches it). */
type PathNode = Uint8Array | string;

/** One interior node reached by a walk: where it sits, and which rest of the path led to which root. */
interface NodeWalk {
  readonly treeSize: number;
  readonly fn: number;
  readonly sn: number;
  readonly node: Uint8Array;
  /** The walked path (a private copy) and the index of the first hash above `node`. */
  readonly path: readonly PathNode[];
  readonly next: number;
  readonly root: Uint8Array;
}

type Reached = Pick<NodeWalk, 'fn' | 'sn' | 'node' | 'next'>;

/** Equal hashes: both texts (strict base64url has one text per byte string) or both bytes; mixed forms never match. */
function samePathNode(a: PathNode, b: PathNode): boolean {
  if (typeof a === 'string') return a === b;
  return typeof b !== 'string' && bytesEqual(a, b);
}

/**
 * Remembers the walks of inclusion paths already computed: from an interior node at a given
 * position of a tree of a given size, which remaining path led to which root. Many envelopes of
 * one signed batch share their upper path; with this memo a verifier hashes each interior node
 * of a batch once instead of once per envelope (≈ 2 hashes per envelope instead of log2 n).
 * Pure computation, no trust: a walk is reused only when the node, its position and the whole
 * rest of the path are identical, and the root still has to carry a valid signature.
 */
export class InclusionPathMemo {
  // Found by 30 bits of the node hash (a cheap exact Map key), then compared in full: a
  // colliding entry only costs a miss, never a wrong root.
  private readonly walks = new Map<number, NodeWalk>();

  private readonly capacity: number;

  /** 16k nodes: the interior nodes of ~16 batches of 500, the span a batch is spread over in practice. */
  constructor(capacity = 16_384) {
    this.capacity = capacity;
  }

  /** The root, when `node` at (treeSize, fn, sn) continued by exactly path[next..] was walked before. */
  root(treeSize: number, fn: number, sn: number, node: Uint8Array, path: readonly PathNode[], next: number): Uint8Array | undefined {
    const walk = this.walks.get(slotOf(node));
    if (!walk || walk.treeSize !== treeSize || walk.fn !== fn || walk.sn !== sn || !bytesEqual(walk.node, node)) return undefined;
    const rest = path.length - next;
    if (walk.path.length - walk.next !== rest) return undefined;
    for (let i = 0; i < rest; i++) if (!samePathNode(walk.path[walk.next + i], path[next + i])) return undefined;
    return walk.root;
  }

  remember(treeSize: number, reached: readonly Reached[], path: readonly PathNode[], root: Uint8Array): void {
    if (reached.length === 0) return;
    if (this.walks.size + reached.length > this.capacity) this.walks.clear();
    // A copy: the caller may reuse or change its array (or byte arrays) after this call.
    const kept = path.map((p) => (typeof p === 'string' ? p : p.slice()));
    for (const { fn, sn, node, next } of reached) this.walks.set(slotOf(node), { treeSize, fn, sn, node, path: kept, next, root });
  }
}

function slotOf(node: Uint8Array): number {
  return (node[0] << 22) | (node[1] << 14) | (node[2] << 6) | (node[3] >>> 2);
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
  return walkInclusionPath(leafHash, index, treeSize, proof, memo);
}

/**
 * rootFromInclusionPath over base64url path hashes, each decoded only when the walk reaches it:
 * with a memo, an envelope of a batch seen before stops after one level. Throws what
 * fromBase64Url throws for the first undecodable hash, exactly as decoding the path up front would.
 */
export function rootFromEncodedInclusionPath(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  path: readonly string[],
  memo?: InclusionPathMemo,
): Uint8Array | undefined {
  const root = walkInclusionPath(leafHash, index, treeSize, path, memo);
  // A walk that stopped early left hashes undecoded; a hit only skips ones equal to hashes
  // that were decoded when they were remembered.
  if (!root) for (const p of path) fromBase64Url(p);
  return root;
}

function walkInclusionPath(
  leafHash: Uint8Array,
  index: number,
  treeSize: number,
  proof: readonly PathNode[],
  memo: InclusionPathMemo | undefined,
): Uint8Array | undefined {
  if (!Number.isInteger(index) || !Number.isInteger(treeSize) || index < 0 || index >= treeSize) return undefined;
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash;
  const reached: Reached[] = [];
  for (let k = 0; k < proof.length; k++) {
    const p = proof[k];
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = typeof p === 'string' ? hashWithEncoded(p, r, true) : hashChildren(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = typeof p === 'string' ? hashWithEncoded(p, r, false) : hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
    if (memo) {
      const known = memo.root(treeSize, fn, sn, r, proof, k + 1);
      if (known) {
        memo.remember(treeSize, reached, proof, known);
        return known;
      }
      reached.push({ fn, sn, node: r, next: k + 1 });
    }
  }
  if (sn !== 0) return undefined;
  memo?.remember(treeSize, reached, proof, r);
  return r;
}

/** hashChildren with one side given as base64url, decoded straight into the node scratch buffer. */
function hashWithEncoded(sibling: string, r: Uint8Array, siblingOnLeft: boolean): Uint8Array {
  if (r.length === HASH_BYTES && decodeBase64UrlInto(sibling, nodeScratch, siblingOnLeft ? 1 : 1 + HASH_BYTES, HASH_BYTES)) {
    nodeScratch.set(r, siblingOnLeft ? 1 + HASH_BYTES : 1);
    return sha256(nodeScratch);
  }
  const p = fromBase64Url(sibling); // any other length, or the exact error for a bad text
  return siblingOnLeft ? hashChildren(p, r) : hashChildren(r, p);
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
