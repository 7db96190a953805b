import { HASH_SIZE, type NodeId } from '@borderledger/merkle-log';

export interface TreeNodeCacheOptions {
  /**
   * Nodes read from storage are kept when they lie in the top `topLevels` levels of the tree they
   * were read for: at most 2^topLevels of them, whatever the size of the log.
   */
  readonly topLevels: number;
  /** Most nodes held; the least recently used go first. */
  readonly capacity: number;
}

/**
 * The top 13 levels: under 16,384 nodes (~2.5 MB with Map overhead). At 10^6 entries that is
 * levels 7–19, i.e. 13 of the 20 nodes of every inclusion proof; the lower ones are spread over
 * the whole log and would only churn a cache.
 */
export const DEFAULT_TREE_NODE_CACHE: TreeNodeCacheOptions = { topLevels: 13, capacity: 32_768 };

/** Keys are `index * 64 + level` (level ≤ 53): a safe integer while index < 2^47. */
const LEVELS = 64;
const MAX_KEYED_INDEX = 2 ** 47;

/**
 * Tree-node hashes the read API keeps in memory. A node is the root of a perfect subtree and its
 * hash never changes once that subtree is complete (the node table is append-only), so a cached
 * hash never goes stale. What a cache MUST NOT do is hold a node whose subtree is not complete
 * in the tree it was read for: remember() refuses those, whatever the caller passes.
 *
 * Kept: nodes read from storage in the top levels of the tree, which every proof reads. Only
 * what storage returned is ever cached, so a gap in the node table still fails every proof that
 * needs the missing node, as it did without the cache (the checkpoint's frontier would fill some
 * such gaps, and hide them from the read API's "ledger incomplete" answer).
 */
export class TreeNodeCache {
  // Two generations, the cheap approximation of least-recently-used: a hit in `recent` costs one
  // lookup; a hit in `older` moves the node up; when `recent` is full, `older` is dropped whole.
  // A node read by every proof is never dropped; one not read for a whole generation is.
  private recent = new Map<number, Uint8Array>();
  private older = new Map<number, Uint8Array>();

  constructor(readonly options: TreeNodeCacheOptions = DEFAULT_TREE_NODE_CACHE) {}

  /** Nodes held (at most options.capacity). */
  get size(): number {
    return this.recent.size + this.older.size;
  }

  /** Whether nodes of `level` read for a tree of `treeSize` leaves are kept. */
  keepsLevel(level: number, treeSize: number): boolean {
    return level >= treeHeight(treeSize) - this.options.topLevels;
  }

  get(id: NodeId): Uint8Array | undefined {
    const key = keyOf(id);
    if (key === undefined) return undefined;
    const hash = this.recent.get(key);
    if (hash) return hash;
    const old = this.older.get(key);
    if (old) {
      this.older.delete(key);
      this.add(key, old);
    }
    return old;
  }

  /**
   * Keeps a node read from storage for a tree of `treeSize` leaves, if it lies in the top levels
   * of that tree and its subtree is complete in it. Returns whether it was kept.
   */
  remember(id: NodeId, hash: Uint8Array, treeSize: number): boolean {
    return this.keepsLevel(id.level, treeSize) && this.put(id, hash, treeSize);
  }

  /** Cached hashes in the order of `ids` (undefined where absent), and the ids still to read. */
  lookup(ids: readonly NodeId[]): { hashes: (Uint8Array | undefined)[]; missing: NodeId[] } {
    const hashes = ids.map((id) => this.get(id));
    return { hashes, missing: ids.filter((_, i) => hashes[i] === undefined) };
  }

  private put(id: NodeId, hash: Uint8Array, treeSize: number): boolean {
    const key = keyOf(id);
    if (key === undefined || hash.length !== HASH_SIZE || !isComplete(id, treeSize)) return false;
    // A copy: 32 bytes of its own rather than a view that keeps a whole query result alive.
    if (this.get(id) === undefined) this.add(key, hash.slice());
    return true;
  }

  private add(key: number, hash: Uint8Array): void {
    if (this.recent.size >= Math.max(1, Math.floor(this.options.capacity / 2))) {
      this.older = this.recent;
      this.recent = new Map();
    }
    this.recent.set(key, hash);
  }
}

/** Node (level, index) covers leaves [index·2^level, (index+1)·2^level): complete when all are in the tree. */
export function isComplete(id: NodeId, treeSize: number): boolean {
  return Number.isSafeInteger(treeSize) && Number.isSafeInteger(id.index) && id.index >= 0 && (id.index + 1) * 2 ** id.level <= treeSize;
}

/** Levels of nodes below the root of a tree of `size` leaves: ⌈log2 size⌉. */
export function treeHeight(size: number): number {
  let height = 0;
  while (2 ** height < size) height++;
  return height;
}

function keyOf(id: NodeId): number | undefined {
  if (!Number.isInteger(id.level) || id.level < 0 || id.level >= LEVELS) return undefined;
  if (!Number.isSafeInteger(id.index) || id.index < 0 || id.index >= MAX_KEYED_INDEX) return undefined;
  return id.index * LEVELS + id.level;
}
