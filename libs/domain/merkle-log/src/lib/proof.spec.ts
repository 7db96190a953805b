import fc from 'fast-check';
import { fromHex, refMth, refPath, refProof, toHex } from '../test/reference';
import { ARGON2020, CT_CONSISTENCY, CT_INCLUSION, CT_LEAVES, CT_ROOTS } from '../test/vectors';
import { base64Decode } from './bytes';
import { emptyRoot, leafHash } from './hash';
import { MemoryHashStore } from './memory-hash-store';
import { MerkleLogError } from './errors';
import {
  buildProof,
  generateConsistencyProof,
  generateInclusionProof,
  planConsistencyProof,
  planInclusionProof,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from './proof';
import { EMPTY_TREE_STATE, appendLeaves, treeRoot } from './tree-state';

const SOME_HASH = fromHex('abacaba000000000000000000000000000000000000000000060061e00123456');

function buildTree(entries: readonly Uint8Array[]): { store: MemoryHashStore; roots: Uint8Array[] } {
  const store = new MemoryHashStore();
  const roots: Uint8Array[] = [];
  let state = EMPTY_TREE_STATE;
  for (const e of entries) {
    const r = appendLeaves(state, [leafHash(e)]);
    store.put(r.nodes);
    state = r.state;
    roots.push(treeRoot(state));
  }
  return { store, roots };
}

function flip(proof: readonly Uint8Array[], i: number, bit: number): Uint8Array[] {
  const copy = proof.map((p) => p.slice());
  copy[i][bit >> 3] ^= 1 << (bit & 7);
  return copy;
}

const ct = buildTree(CT_LEAVES);

describe('inclusion proofs (RFC 9162 §2.1.3)', () => {
  it.each(CT_INCLUSION)('generates and verifies the CT reference proof for leaf $index of $size', async ({ index, size, proof }) => {
    const generated = await generateInclusionProof(ct.store, index, size);
    expect(generated.map(toHex)).toEqual(proof.map(toHex));
    const leaf = leafHash(CT_LEAVES[index]);
    const root = fromHex(CT_ROOTS[size - 1]);
    expect(verifyInclusion(leaf, index, size, proof, root)).toBe(true);
    expect(toHex(rootFromInclusionProof(leaf, index, size, proof) as Uint8Array)).toBe(CT_ROOTS[size - 1]);

    // Probes from the CT verifier tests: each must fail.
    const probes: [number, number, Uint8Array, Uint8Array, readonly Uint8Array[]][] = [
      [index - 1, size, leaf, root, proof],
      [index + 1, size, leaf, root, proof],
      [index ^ 2, size, leaf, root, proof],
      [index, size * 2, leaf, root, proof],
      [index, Math.floor(size / 2), leaf, root, proof],
      [index, size, leafHash(new TextEncoder().encode('WrongLeaf')), root, proof],
      [index, size, leaf, emptyRoot(), proof],
      [index, size, leaf, SOME_HASH, proof],
      [index, size, leaf, root, [...proof, root]],
      [index, size, leaf, root, [root, ...proof]],
      [index, size, leaf, root, proof.slice(0, -1)],
      [index, size, leaf, root, [proof[0], SOME_HASH, ...proof.slice(1)]],
      ...proof.map((_, i) => [index, size, leaf, root, flip(proof, i, 3)] as [number, number, Uint8Array, Uint8Array, Uint8Array[]]),
    ];
    for (const [i, n, l, r, p] of probes) expect(verifyInclusion(l, i, n, p, r)).toBe(false);
  });

  it('handles the degenerate cases', () => {
    const h = leafHash(new TextEncoder().encode('data'));
    expect(verifyInclusion(h, 0, 1, [], h)).toBe(true);
    expect(verifyInclusion(h, 0, 1, [], new Uint8Array(0))).toBe(false);
    expect(verifyInclusion(new Uint8Array(0), 0, 1, [], h)).toBe(false);
    for (const [i, n] of [[0, 0], [1, 0], [2, 1], [-1, 1], [0.5, 2]]) {
      expect(verifyInclusion(SOME_HASH, i, n, [], emptyRoot())).toBe(false);
    }
    expect(() => planInclusionProof(3, 3)).toThrow(MerkleLogError);
    expect(() => planInclusionProof(-1, 3)).toThrow(MerkleLogError);
  });

  it('verifies a real Certificate Transparency inclusion proof (Argon 2020, size 961984013)', () => {
    const leaf = leafHash(base64Decode(ARGON2020.leafInput));
    const proof = ARGON2020.auditPath.map(base64Decode);
    const root = base64Decode(ARGON2020.root);
    expect(verifyInclusion(leaf, ARGON2020.leafIndex, ARGON2020.size, proof, root)).toBe(true);
    expect(verifyInclusion(leaf, ARGON2020.leafIndex + 1, ARGON2020.size, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, ARGON2020.leafIndex, ARGON2020.size, flip(proof, 17, 100), root)).toBe(false);
    // Our planner asks for exactly as many hashes as the log served.
    expect(planInclusionProof(ARGON2020.leafIndex, ARGON2020.size).nodeIds.length).toBeGreaterThanOrEqual(proof.length);
  });

  it('generates the RFC PATH for random trees, and the proof verifies; tampering fails', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 130 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        (entries, rawIndex, rawBit, rawOther) => {
          const { store, roots } = buildTree(entries);
          const n = entries.length;
          const index = rawIndex % n;
          const root = roots[n - 1];
          expect(toHex(root)).toBe(toHex(refMth(entries)));
          const plan = planInclusionProof(index, n);
          const proof = buildProof(plan, store.readNodesSync(plan.nodeIds));
          expect(proof.map(toHex)).toEqual(refPath(index, entries).map(toHex));
          // O(log n) stored reads: at most one per level plus one right-edge run.
          expect(plan.nodeIds.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n)) + 1);
          const leaf = leafHash(entries[index]);
          expect(verifyInclusion(leaf, index, n, proof, root)).toBe(true);
          if (proof.length > 0) {
            const i = rawBit % proof.length;
            expect(verifyInclusion(leaf, index, n, flip(proof, i, rawBit % 256), root)).toBe(false);
            expect(verifyInclusion(leaf, index, n, proof.slice(1), root)).toBe(false);
          }
          expect(verifyInclusion(leaf, index, n, [...proof, root], root)).toBe(false);
          const flippedLeaf = flip([leaf], 0, rawBit % 256)[0];
          expect(verifyInclusion(flippedLeaf, index, n, proof, root)).toBe(false);
          const other = rawOther % n;
          // Another index verifies only if it really holds the same entry (then the claim is true).
          if (other !== index && verifyInclusion(leaf, other, n, proof, root)) expect(toHex(entries[other])).toBe(toHex(entries[index]));
          // A different size is caught whenever it changes the shape of the path;
          // otherwise the signed root (which commits to its size) is what binds it.
          const n2 = 1 + (rawOther % 200);
          if (n2 !== n && index < n2) {
            const wouldBe = refPath(index, Array.from({ length: n2 }, () => new Uint8Array(0))).length;
            if (wouldBe !== proof.length) expect(verifyInclusion(leaf, index, n2, proof, root)).toBe(false);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('consistency proofs (RFC 9162 §2.1.4)', () => {
  it.each(CT_CONSISTENCY)('generates and verifies the CT reference proof $size1 -> $size2', async ({ size1, size2, proof }) => {
    const generated = await generateConsistencyProof(ct.store, size1, size2);
    expect(generated.map(toHex)).toEqual(proof.map(toHex));
    const root1 = fromHex(CT_ROOTS[size1 - 1]);
    const root2 = fromHex(CT_ROOTS[size2 - 1]);
    expect(verifyConsistency(size1, size2, root1, root2, proof)).toBe(true);
    if (proof.length === 0) return;
    const probes: [number, number, Uint8Array, Uint8Array, readonly Uint8Array[]][] = [
      [size1 - 1, size2, root1, root2, proof],
      [size1 + 1, size2, root1, root2, proof],
      [size1 ^ 2, size2, root1, root2, proof],
      [size1, size2 * 2, root1, root2, proof],
      [size1, Math.floor(size2 / 2), root1, root2, proof],
      [size1, size2, SOME_HASH, root2, proof],
      [size1, size2, root1, SOME_HASH, proof],
      [size1, size2, root2, root1, proof],
      [size1, size2, root1, root2, []],
      [size1, size2, root1, root2, [...proof, root1]],
      [size1, size2, root1, root2, [...proof, root2]],
      [size1, size2, root1, root2, [root1, ...proof]],
      [size1, size2, root1, root2, [root2, ...proof]],
      [size1, size2, root1, root2, [proof[0], ...proof]],
      [size1, size2, root1, root2, proof.slice(0, -1)],
      ...proof.map((_, i) => [size1, size2, root1, root2, flip(proof, i, 4)] as [number, number, Uint8Array, Uint8Array, Uint8Array[]]),
    ];
    for (const [m, n, r1, r2, p] of probes) expect(verifyConsistency(m, n, r1, r2, p)).toBe(false);
  });

  it('decides the edge cases the RFC leaves open', () => {
    const r1 = SOME_HASH;
    const r2 = emptyRoot();
    expect(verifyConsistency(0, 0, r1, r1, [])).toBe(true);
    expect(verifyConsistency(0, 1, undefined, r2, [])).toBe(true);
    expect(verifyConsistency(1, 1, r2, r2, [])).toBe(true);
    expect(verifyConsistency(1, 1, r1, r2, [])).toBe(false); // same size, different root
    expect(verifyConsistency(1, 0, r1, r2, [])).toBe(false); // time travel
    expect(verifyConsistency(2, 1, r1, r2, [])).toBe(false);
    expect(verifyConsistency(1, 2, r1, r2, [])).toBe(false); // empty proof
    expect(verifyConsistency(0, 1, r2, r2, [r2])).toBe(false); // non-empty proof from 0
    expect(verifyConsistency(1, 1, r2, r2, [r2])).toBe(false); // non-empty proof, same size
    expect(planConsistencyProof(0, 5).nodeIds).toEqual([]);
    expect(planConsistencyProof(5, 5).nodeIds).toEqual([]);
    expect(() => planConsistencyProof(6, 5)).toThrow(MerkleLogError);
  });

  it('verifies a real Certificate Transparency consistency proof (Argon 2020, 3654490 -> 961984013)', () => {
    const proof = ARGON2020.consistency.map(base64Decode);
    const oldRoot = base64Decode(ARGON2020.oldRoot);
    const root = base64Decode(ARGON2020.root);
    expect(verifyConsistency(ARGON2020.oldSize, ARGON2020.size, oldRoot, root, proof)).toBe(true);
    expect(verifyConsistency(ARGON2020.oldSize, ARGON2020.size, oldRoot, root, flip(proof, 0, 9))).toBe(false);
    expect(verifyConsistency(ARGON2020.oldSize + 1, ARGON2020.size, oldRoot, root, proof)).toBe(false);
    expect(planConsistencyProof(ARGON2020.oldSize, ARGON2020.size).nodeIds.length).toBeGreaterThanOrEqual(proof.length);
  });

  it('generates the RFC PROOF for random sizes, and the proof verifies; tampering fails', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 130 }),
        fc.nat(),
        fc.nat(),
        (entries, raw1, rawBit) => {
          const { store, roots } = buildTree(entries);
          const n = entries.length;
          const m = 1 + (raw1 % n);
          const plan = planConsistencyProof(m, n);
          const proof = buildProof(plan, store.readNodesSync(plan.nodeIds));
          expect(proof.map(toHex)).toEqual((m === n ? [] : refProof(m, entries)).map(toHex));
          expect(plan.nodeIds.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n)) + 2);
          const r1 = roots[m - 1];
          const r2 = roots[n - 1];
          expect(verifyConsistency(m, n, r1, r2, proof)).toBe(true);
          if (proof.length > 0) {
            expect(verifyConsistency(m, n, r1, r2, flip(proof, rawBit % proof.length, rawBit % 256))).toBe(false);
            expect(verifyConsistency(m, n, r1, r2, proof.slice(0, -1))).toBe(false);
            expect(verifyConsistency(m, n, r1, r2, [...proof, r2])).toBe(false);
            expect(verifyConsistency(m, n, flip([r1], 0, rawBit % 256)[0], r2, proof)).toBe(false);
            expect(verifyConsistency(m, n, r1, flip([r2], 0, rawBit % 256)[0], proof)).toBe(false);
            expect(verifyConsistency(n, m, r2, r1, proof)).toBe(false);
          }
          // Every earlier root is consistent with the latest one.
          const k = 1 + (rawBit % n);
          expect(verifyConsistency(k, n, roots[k - 1], r2, buildProof(planConsistencyProof(k, n), store.readNodesSync(planConsistencyProof(k, n).nodeIds)))).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('rejects a consistency proof between forked trees', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 4 }), { minLength: 2, maxLength: 60 }), fc.nat(), (entries, raw) => {
        const n = entries.length;
        const m = 1 + (raw % (n - 1));
        const forked = entries.slice();
        const j = raw % m; // rewrite history inside the old tree
        forked[j] = Uint8Array.of(...forked[j], 0xff);
        const honest = buildTree(entries);
        const fork = buildTree(forked);
        const plan = planConsistencyProof(m, n);
        const proof = buildProof(plan, fork.store.readNodesSync(plan.nodeIds));
        expect(verifyConsistency(m, n, honest.roots[m - 1], fork.roots[n - 1], proof)).toBe(false);
      }),
      { numRuns: 80 },
    );
  });
});
