/**
 * Incremental RFC 9162 Merkle tree: the "frontier" (compact range [0, size)).
 *
 * The state is the list of perfect-subtree roots that cover [0, size), largest
 * (leftmost) first — one per set bit of size, so at most 53 hashes. Appending a
 * leaf merges equal-height roots like a binary counter carry (amortised O(1),
 * worst case O(log n) hashes); the root is the right-to-left fold of the
 * frontier (O(log n) hashes), which equals MTH(D[0:size]) because RFC 9162
 * §2.1.1 splits at the largest power of two, exactly where frontier roots meet.
 *
 * State values are immutable: the ledger can persist {size, frontier} in the
 * same DB transaction as the entries, and a failed transaction leaves the old
 * value untouched.
 */
import { assertSafeUint, concatBytes, readUint64BE, writeUint64BE } from './bytes';
import { fail } from './errors';
import { HASH_SIZE, emptyRoot, isHash, nodeHash } from './hash';
import { NodeId, StoredNode, compactRange, isOdd } from './node-id';

export interface TreeState {
  readonly size: number;
  /** Perfect-subtree roots covering [0, size), leftmost (largest) first. */
  readonly frontier: readonly Uint8Array[];
}

export interface AppendResult {
  readonly state: TreeState;
  /**
   * Every perfect-subtree root completed by the append(s), in creation order:
   * the leaf itself plus one node per carry. Persist these to serve proofs.
   */
  readonly nodes: readonly StoredNode[];
}

export const EMPTY_TREE_STATE: TreeState = Object.freeze({ size: 0, frontier: Object.freeze([]) as readonly Uint8Array[] });

/** Node ids of the frontier for a tree of the given size (left to right). */
export function frontierNodeIds(size: number): NodeId[] {
  assertSafeUint(size, 'tree size');
  return compactRange(0, size);
}

export function appendLeaf(state: TreeState, leaf: Uint8Array): AppendResult {
  return appendLeaves(state, [leaf]);
}

/** Appends leaf hashes (already hashed with leafHash) in order. */
export function appendLeaves(state: TreeState, leaves: readonly Uint8Array[]): AppendResult {
  assertTreeState(state);
  const frontier = state.frontier.slice();
  const nodes: StoredNode[] = [];
  let size = state.size;
  for (const leaf of leaves) {
    if (!isHash(leaf)) fail('invalid-argument', 'leaf hash must be 32 bytes');
    if (size >= Number.MAX_SAFE_INTEGER) fail('invalid-argument', 'tree is full (2^53 - 1 leaves)');
    let hash = leaf;
    let level = 0;
    let index = size;
    nodes.push({ level, index, hash });
    // Each trailing 1 bit of size is a frontier root of that height waiting
    // for a right sibling; the new leaf completes them in turn.
    for (let s = size; isOdd(s); s = (s - 1) / 2) {
      const left = frontier.pop() as Uint8Array;
      hash = nodeHash(left, hash);
      level++;
      index = Math.floor(index / 2);
      nodes.push({ level, index, hash });
    }
    frontier.push(hash);
    size++;
  }
  return { state: Object.freeze({ size, frontier: Object.freeze(frontier) }), nodes };
}

/** MTH(D[0:size]) computed from the frontier, without touching stored leaves. */
export function treeRoot(state: TreeState): Uint8Array {
  assertTreeState(state);
  return foldRight(state.frontier) ?? emptyRoot();
}

/**
 * Hash of a compact range given its roots left to right: the right edge of an
 * RFC 9162 tree is folded from the right (the smaller subtrees join first).
 */
export function foldRight(hashes: readonly Uint8Array[]): Uint8Array | undefined {
  if (hashes.length === 0) return undefined;
  let acc = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i], acc);
  return acc;
}

/** Rebuilds a state from stored frontier hashes (e.g. after reading nodes back). */
export function treeStateFromFrontier(size: number, frontier: readonly Uint8Array[]): TreeState {
  const state = { size, frontier: frontier.slice() };
  assertTreeState(state);
  return Object.freeze({ size, frontier: Object.freeze(state.frontier) });
}

/** Binary form: 8-byte big-endian size, then popcount(size) 32-byte hashes. */
export function encodeTreeState(state: TreeState): Uint8Array {
  assertTreeState(state);
  return concatBytes(writeUint64BE(state.size), ...state.frontier);
}

export function decodeTreeState(bytes: Uint8Array): TreeState {
  if (!(bytes instanceof Uint8Array) || bytes.length < 8) fail('malformed-tree-state', 'tree state too short');
  let size: number;
  try {
    size = readUint64BE(bytes, 0);
  } catch {
    return fail('malformed-tree-state', 'tree size exceeds 2^53 - 1');
  }
  const count = frontierNodeIds(size).length;
  if (bytes.length !== 8 + count * HASH_SIZE) {
    fail('malformed-tree-state', `expected ${count} frontier hashes for size ${size}`);
  }
  const frontier: Uint8Array[] = [];
  for (let i = 0; i < count; i++) frontier.push(bytes.slice(8 + i * HASH_SIZE, 8 + (i + 1) * HASH_SIZE));
  return Object.freeze({ size, frontier: Object.freeze(frontier) });
}

function assertTreeState(state: TreeState): void {
  if (!state || !Array.isArray(state.frontier)) fail('malformed-tree-state', 'not a tree state');
  assertSafeUint(state.size, 'tree size');
  if (state.frontier.length !== frontierNodeIds(state.size).length) {
    fail('malformed-tree-state', 'frontier length does not match popcount(size)');
  }
  for (const h of state.frontier) if (!isHash(h)) fail('malformed-tree-state', 'frontier hash must be 32 bytes');
}
