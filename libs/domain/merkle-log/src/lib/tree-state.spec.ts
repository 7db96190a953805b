import fc from 'fast-check';
import { refMth, toHex } from '../test/reference';
import { CT_LEAVES, CT_ROOTS } from '../test/vectors';
import { utf8Encode } from './bytes';
import { MerkleLogError } from './errors';
import { emptyRoot, leafHash, nodeHash } from './hash';
import { MemoryHashStore } from './memory-hash-store';
import { compactRange, nodeEnd, nodeStart } from './node-id';
import {
  EMPTY_TREE_STATE,
  appendLeaf,
  appendLeaves,
  decodeTreeState,
  encodeTreeState,
  frontierNodeIds,
  treeRoot,
  treeStateFromFrontier,
} from './tree-state';


const bytesArb = fc.uint8Array({ maxLength: 40 });

describe('RFC 6962 / 9162 hashing', () => {
  // transparency-dev/merkle rfc6962/rfc6962_test.go
  it('matches the published hasher vectors', () => {
    expect(toHex(emptyRoot())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(leafHash(new Uint8Array(0)))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(toHex(leafHash(utf8Encode('L123456')))).toBe('395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56');
    expect(toHex(nodeHash(utf8Encode('N123'), utf8Encode('N456')))).toBe('aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb');
  });

  it('separates leaves from nodes (second-preimage resistance)', () => {
    const a = leafHash(utf8Encode('Hello'));
    const b = leafHash(utf8Encode('World'));
    const n = nodeHash(a, b);
    expect(toHex(n)).not.toBe(toHex(leafHash(new Uint8Array([...a, ...b]))));
    expect(toHex(n)).not.toBe(toHex(nodeHash(b, a)));
  });
});

describe('incremental tree state', () => {
  it('reproduces the CT reference roots for sizes 1..8', () => {
    let state = EMPTY_TREE_STATE;
    expect(toHex(treeRoot(state))).toBe(toHex(emptyRoot()));
    CT_LEAVES.forEach((leaf, i) => {
      state = appendLeaf(state, leafHash(leaf)).state;
      expect(state.size).toBe(i + 1);
      expect(toHex(treeRoot(state))).toBe(CT_ROOTS[i]);
    });
  });

  it('equals the naive recursive MTH for random trees, at every size', () => {
    fc.assert(
      fc.property(fc.array(bytesArb, { maxLength: 70 }), (entries) => {
        let state = EMPTY_TREE_STATE;
        for (let i = 0; i < entries.length; i++) {
          state = appendLeaf(state, leafHash(entries[i])).state;
          expect(toHex(treeRoot(state))).toBe(toHex(refMth(entries.slice(0, i + 1))));
        }
        const batched = appendLeaves(EMPTY_TREE_STATE, entries.map(leafHash)).state;
        expect(toHex(treeRoot(batched))).toBe(toHex(treeRoot(state)));
      }),
      { numRuns: 60 },
    );
  });

  it('emits every perfect subtree root exactly once, with the naive MTH of its leaves', () => {
    fc.assert(
      fc.property(fc.array(bytesArb, { minLength: 1, maxLength: 80 }), (entries) => {
        const { nodes } = appendLeaves(EMPTY_TREE_STATE, entries.map(leafHash));
        // A tree of n leaves has 2n - popcount(n) perfect subtrees.
        expect(nodes.length).toBe(2 * entries.length - compactRange(0, entries.length).length);
        const keys = new Set(nodes.map((n) => `${n.level}/${n.index}`));
        expect(keys.size).toBe(nodes.length);
        for (const n of nodes) {
          expect(toHex(n.hash)).toBe(toHex(refMth(entries.slice(nodeStart(n), nodeEnd(n)))));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('keeps the frontier at popcount(size) hashes whose ids are the compact range [0, size)', () => {
    const leaves = Array.from({ length: 300 }, (_, i) => leafHash(Uint8Array.of(i & 255, i >> 8)));
    const store = new MemoryHashStore();
    let state = EMPTY_TREE_STATE;
    for (const l of leaves) {
      const r = appendLeaf(state, l);
      store.put(r.nodes);
      state = r.state;
      const ids = frontierNodeIds(state.size);
      expect(state.frontier.length).toBe(ids.length);
      expect(state.frontier.map(toHex)).toEqual(store.readNodesSync(ids).map(toHex));
    }
    // The state can be rebuilt from stored nodes alone.
    const rebuilt = treeStateFromFrontier(300, store.readNodesSync(frontierNodeIds(300)));
    expect(toHex(treeRoot(rebuilt))).toBe(toHex(treeRoot(state)));
  });

  it('serialises and restores the state byte for byte', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), (n) => {
        const state = appendLeaves(EMPTY_TREE_STATE, Array.from({ length: n }, (_, i) => leafHash(Uint8Array.of(i % 256)))).state;
        const bytes = encodeTreeState(state);
        expect(bytes.length).toBe(8 + 32 * state.frontier.length);
        const back = decodeTreeState(bytes);
        expect(back.size).toBe(n);
        expect(toHex(treeRoot(back))).toBe(toHex(treeRoot(state)));
        expect(toHex(encodeTreeState(back))).toBe(toHex(bytes));
      }),
      { numRuns: 50 },
    );
  });

  it('refuses malformed encodings and states', () => {
    const state = appendLeaves(EMPTY_TREE_STATE, [leafHash(Uint8Array.of(1)), leafHash(Uint8Array.of(2)), leafHash(Uint8Array.of(3))]).state;
    const bytes = encodeTreeState(state);
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as MerkleLogError).code;
      }
      return 'no error';
    };
    expect(code(() => decodeTreeState(bytes.slice(0, -1)))).toBe('malformed-tree-state');
    expect(code(() => decodeTreeState(new Uint8Array([...bytes, 0])))).toBe('malformed-tree-state');
    expect(code(() => decodeTreeState(new Uint8Array(4)))).toBe('malformed-tree-state');
    const huge = bytes.slice();
    huge[0] = 0xff; // size beyond 2^53 - 1
    expect(code(() => decodeTreeState(huge))).toBe('malformed-tree-state');
    expect(code(() => appendLeaf(state, new Uint8Array(31)))).toBe('invalid-argument');
    expect(code(() => treeRoot({ size: 3, frontier: state.frontier.slice(0, 1) }))).toBe('malformed-tree-state');
    expect(code(() => treeRoot({ size: -1, frontier: [] }))).toBe('invalid-argument');
  });

  it('does not mutate the input state (safe to keep the pre-transaction value)', () => {
    const s1 = appendLeaf(EMPTY_TREE_STATE, leafHash(Uint8Array.of(1))).state;
    const before = encodeTreeState(s1);
    appendLeaf(s1, leafHash(Uint8Array.of(2)));
    expect(toHex(encodeTreeState(s1))).toBe(toHex(before));
    expect(Object.isFrozen(s1.frontier)).toBe(true);
  });
});
