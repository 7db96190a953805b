import {
  EMPTY_TREE_STATE,
  MemoryHashStore,
  type NodeId,
  type TreeState,
  appendLeaves,
  generateConsistencyProof,
  generateInclusionProof,
  leafHash,
  planConsistencyProof,
  planInclusionProof,
} from '@borderledger/merkle-log';
import { TreeNodeCache, isComplete, treeHeight } from './tree-node-cache';

const hashOf = (n: number) => new Uint8Array(32).fill(n % 256);

describe('TreeNodeCache', () => {
  it('never keeps a node whose subtree is not complete in the tree it was read for', () => {
    const cache = new TreeNodeCache({ topLevels: 64, capacity: 1000 });
    // Node (2, 1) covers leaves 4..7: it exists from size 8 on, not before.
    expect(cache.remember({ level: 2, index: 1 }, hashOf(1), 7)).toBe(false);
    expect(cache.get({ level: 2, index: 1 })).toBeUndefined();
    expect(cache.remember({ level: 0, index: 7 }, hashOf(2), 7)).toBe(false);
    expect(cache.remember({ level: 3, index: 0 }, hashOf(3), 7)).toBe(false);
    expect(cache.size).toBe(0);
    expect(cache.remember({ level: 2, index: 1 }, hashOf(1), 8)).toBe(true);
    expect(cache.get({ level: 2, index: 1 })).toEqual(hashOf(1));
  });

  it('refuses every incomplete node of a tree, keeps every complete one', () => {
    const cache = new TreeNodeCache({ topLevels: 64, capacity: 10_000 });
    const size = 300;
    for (let level = 0; level <= 9; level++) {
      for (let index = 0; index * 2 ** level < size + 2 ** level; index++) {
        const complete = (index + 1) * 2 ** level <= size;
        expect(cache.remember({ level, index }, hashOf(level + index), size)).toBe(complete);
        expect(cache.get({ level, index }) !== undefined).toBe(complete);
        expect(isComplete({ level, index }, size)).toBe(complete);
      }
    }
  });

  it('keeps only the top levels of the tree a node was read for', () => {
    const cache = new TreeNodeCache({ topLevels: 13, capacity: 1000 });
    const size = 2 ** 20;
    expect(treeHeight(size)).toBe(20);
    expect(treeHeight(size + 1)).toBe(21);
    expect(treeHeight(1)).toBe(0);
    expect(cache.remember({ level: 6, index: 3 }, hashOf(1), size)).toBe(false);
    expect(cache.remember({ level: 7, index: 3 }, hashOf(2), size)).toBe(true);
    expect(cache.keepsLevel(7, size)).toBe(true);
    expect(cache.keepsLevel(6, size)).toBe(false);
    // In a small tree every level is a top level.
    expect(cache.remember({ level: 0, index: 3 }, hashOf(3), 100)).toBe(true);
  });

  it('stays within its capacity and keeps the nodes every proof reads', () => {
    const cache = new TreeNodeCache({ topLevels: 64, capacity: 8 });
    const hot: NodeId = { level: 10, index: 0 };
    cache.remember(hot, hashOf(99), 2 ** 20);
    for (let i = 0; i < 1000; i++) {
      cache.remember({ level: 0, index: i }, hashOf(i), 2 ** 20);
      expect(cache.size).toBeLessThanOrEqual(8);
      expect(cache.get(hot)).toEqual(hashOf(99));
    }
    expect(cache.get({ level: 0, index: 0 })).toBeUndefined();
    expect(cache.get({ level: 0, index: 999 })).toEqual(hashOf(999));
  });

  it('holds its own copy of a hash and refuses malformed ones', () => {
    const cache = new TreeNodeCache();
    const hash = hashOf(7);
    cache.remember({ level: 30, index: 0 }, hash, 2 ** 30);
    hash.fill(0);
    expect(cache.get({ level: 30, index: 0 })).toEqual(hashOf(7));
    expect(cache.remember({ level: 30, index: 1 }, new Uint8Array(31), 2 ** 31)).toBe(false);
    expect(cache.remember({ level: 2, index: 2 ** 50 }, hashOf(1), Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it('gives the same proofs as the node store, for every tree size it has seen', async () => {
    // Grow a log in uneven steps; after each step, prove through the cache (filling it from the
    // store) and straight from the store, for sizes old and new.
    const cache = new TreeNodeCache({ topLevels: 4, capacity: 64 });
    const store = new MemoryHashStore();
    let state: TreeState = EMPTY_TREE_STATE;
    const sizes: number[] = [];
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const cached = {
      readNodes: async (ids: readonly NodeId[], treeSize: number) => {
        const { hashes, missing } = cache.lookup(ids);
        const read = await store.readNodes(missing);
        missing.forEach((id, i) => cache.remember(id, read[i], treeSize));
        let k = 0;
        return hashes.map((h) => h ?? read[k++]);
      },
    };
    for (const step of [1, 2, 5, 13, 31, 64, 100, 127, 300]) {
      const appended = appendLeaves(state, Array.from({ length: step }, (_, i) => leafHash(new TextEncoder().encode(`leaf ${state.size + i}`))));
      store.put(appended.nodes);
      state = appended.state;
      sizes.push(state.size);
      for (let k = 0; k < 40; k++) {
        const size = sizes[next(sizes.length)];
        const index = next(size);
        const plan = planInclusionProof(index, size);
        expect(await cached.readNodes(plan.nodeIds, size)).toEqual(await store.readNodes(plan.nodeIds));
        expect(await generateInclusionProof({ readNodes: (ids) => cached.readNodes(ids, size) }, index, size)).toEqual(await generateInclusionProof(store, index, size));
        const from = 1 + next(size);
        const to = sizes.filter((s) => s >= from)[0];
        expect(await cached.readNodes(planConsistencyProof(from, to).nodeIds, to)).toEqual(await store.readNodes(planConsistencyProof(from, to).nodeIds));
        expect(await generateConsistencyProof({ readNodes: (ids) => cached.readNodes(ids, to) }, from, to)).toEqual(await generateConsistencyProof(store, from, to));
      }
    }
    expect(cache.size).toBeGreaterThan(16);
  });
});
