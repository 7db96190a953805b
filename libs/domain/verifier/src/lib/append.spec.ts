import { EMPTY_TREE_STATE, MemoryHashStore, appendLeaves, generateConsistencyProof, leafHash, treeRoot, frontierNodeIds } from '@borderledger/merkle-log';
import { frontierFromConsistencyProof, rootAfterAppending, verifyAppendedLeaves } from './append';

const leaves = (n: number, tag = 'leaf') => Array.from({ length: n }, (_, i) => leafHash(Uint8Array.from([...`${tag}:${i}`].map((c) => c.charCodeAt(0)))));

function buildTree(all: Uint8Array[]) {
  const store = new MemoryHashStore();
  const roots: Uint8Array[] = [treeRoot(EMPTY_TREE_STATE)];
  let state = EMPTY_TREE_STATE;
  for (const leaf of all) {
    const r = appendLeaves(state, [leaf]);
    store.put(r.nodes);
    state = r.state;
    roots.push(treeRoot(state));
  }
  return { store, roots };
}

describe('frontierFromConsistencyProof and verifyAppendedLeaves', () => {
  const all = leaves(40);
  const { store, roots } = buildTree(all);

  it('recomputes every new root from the old root, the proof and the new leaves (all sizes up to 40)', async () => {
    for (let m = 0; m <= 40; m++) {
      for (let n = m; n <= 40; n++) {
        const proof = await generateConsistencyProof(store, m, n);
        const frontier = frontierFromConsistencyProof(m, n, m === 0 ? undefined : roots[m], proof);
        if (m < n || m === 0 || (m & (m - 1)) === 0) {
          expect(frontier?.length).toBe(m === 0 ? 0 : frontierNodeIds(m).length);
          if (m > 0 && frontier) expect(frontier).toEqual(await store.readNodes(frontierNodeIds(m)));
        }
        const check = verifyAppendedLeaves({ oldSize: m, oldRoot: m === 0 ? undefined : roots[m], newSize: n, newRoot: roots[n], consistencyProof: proof, leafHashes: all.slice(m, n) });
        expect({ m, n, ok: check.ok }).toEqual({ m, n, ok: true });
      }
    }
  });

  it('refuses a changed, missing, extra or reordered leaf', async () => {
    const proof = await generateConsistencyProof(store, 13, 29);
    const base = { oldSize: 13, oldRoot: roots[13], newSize: 29, newRoot: roots[29], consistencyProof: proof };
    const changed = all.slice(13, 29);
    changed[5] = leafHash(Uint8Array.of(1, 2, 3));
    expect(verifyAppendedLeaves({ ...base, leafHashes: changed })).toEqual({ ok: false, reason: expect.stringContaining('do not hash to the root') });
    expect(verifyAppendedLeaves({ ...base, leafHashes: all.slice(13, 28) }).ok).toBe(false);
    expect(verifyAppendedLeaves({ ...base, leafHashes: all.slice(13, 30) }).ok).toBe(false);
    const swapped = all.slice(13, 29);
    [swapped[0], swapped[1]] = [swapped[1], swapped[0]];
    expect(verifyAppendedLeaves({ ...base, leafHashes: swapped }).ok).toBe(false);
  });

  it('refuses a proof whose old-tree hashes do not fold to the trusted old root', async () => {
    const proof = await generateConsistencyProof(store, 13, 29);
    const bad = proof.map((h, i) => (i === 0 ? leafHash(Uint8Array.of(9)) : h));
    expect(frontierFromConsistencyProof(13, 29, roots[13], bad)).toBeUndefined();
    expect(frontierFromConsistencyProof(13, 29, roots[12], proof)).toBeUndefined();
    expect(frontierFromConsistencyProof(13, 29, roots[13], proof.slice(1))).toBeUndefined();
    expect(verifyAppendedLeaves({ oldSize: 13, oldRoot: roots[13], newSize: 29, newRoot: roots[29], consistencyProof: bad, leafHashes: all.slice(13, 29) })).toEqual({
      ok: false,
      reason: expect.stringContaining('consistency proof'),
    });
  });

  it('compares roots for equal sizes and refuses a second root for one size', () => {
    expect(verifyAppendedLeaves({ oldSize: 7, oldRoot: roots[7], newSize: 7, newRoot: roots[7], consistencyProof: [], leafHashes: [] }).ok).toBe(true);
    expect(verifyAppendedLeaves({ oldSize: 7, oldRoot: roots[7], newSize: 7, newRoot: roots[8], consistencyProof: [], leafHashes: [] }).ok).toBe(false);
    expect(verifyAppendedLeaves({ oldSize: 0, oldRoot: undefined, newSize: 0, newRoot: roots[0], consistencyProof: [], leafHashes: [] }).ok).toBe(true);
  });

  it('rootAfterAppending folds a left frontier and the leaves after it', async () => {
    const frontier = [...(await store.readNodes(frontierNodeIds(21)))];
    expect(rootAfterAppending(21, frontier, all.slice(21, 40))).toEqual(roots[40]);
    expect(rootAfterAppending(0, [], all.slice(0, 9))).toEqual(roots[9]);
    expect(rootAfterAppending(21, frontier.slice(1), all.slice(21, 40))).toBeUndefined();
  });
});
