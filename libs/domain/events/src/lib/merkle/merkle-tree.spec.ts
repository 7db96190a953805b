import * as fc from 'fast-check';
import { sha256 } from '@noble/hashes/sha2';
import { resetSha256, useSha256 } from '../crypto/hash';
import { bytesToHex } from '@noble/hashes/utils';
import { EMPTY_TREE_STATE, appendLeaves, treeRoot, verifyInclusion as logVerifyInclusion } from '@borderledger/merkle-log';
import { fromBase64Url, toBase64Url } from '../encoding/bytes';
import {
  hashChildren,
  hashLeaf,
  inclusionProof,
  merkleRoot,
  multiproof,
  rootAndInclusionPaths,
  rootFromEncodedInclusionPath,
  rootFromInclusionPath,
  rootFromMultiproof,
  verifyInclusion,
  InclusionPathMemo,
} from './merkle-tree';

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => hashLeaf(new Uint8Array([i & 0xff, i >> 8])));

/** Straight transcription of RFC 9162 §2.1.1 MTH, as an independent reference. */
function referenceMth(data: Uint8Array[]): Uint8Array {
  if (data.length === 1) return sha256(new Uint8Array([0, ...data[0]]));
  let k = 1;
  while (k * 2 < data.length) k *= 2;
  return sha256(new Uint8Array([1, ...referenceMth(data.slice(0, k)), ...referenceMth(data.slice(k))]));
}

function flip(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[(bit >> 3) % copy.length] ^= 1 << (bit & 7);
  return copy;
}

describe('RFC 9162 Merkle tree', () => {
  it('matches the RFC 6962/9162 reference test vectors', () => {
    // Leaf inputs of the certificate-transparency reference tests.
    const hex = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
    const data = hex.map((h) => new Uint8Array((h.match(/../g) ?? []).map((b) => parseInt(b, 16))));
    const leaves = data.map(hashLeaf);
    expect(bytesToHex(merkleRoot(leaves.slice(0, 1)))).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
    expect(bytesToHex(merkleRoot(leaves))).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
  });

  it('agrees with a direct transcription of MTH for sizes 1..70', () => {
    for (let n = 1; n <= 70; n++) {
      const data = Array.from({ length: n }, (_, i) => new Uint8Array([i]));
      expect(merkleRoot(data.map(hashLeaf))).toEqual(referenceMth(data));
    }
  });

  it('agrees with the ledger log (@borderledger/merkle-log) on roots and inclusion proofs', () => {
    // Batch proofs must be checkable with the same tooling as the log itself.
    for (let n = 1; n <= 33; n++) {
      const leaves = leavesOf(n);
      const root = merkleRoot(leaves);
      expect(treeRoot(appendLeaves(EMPTY_TREE_STATE, leaves).state)).toEqual(root);
      for (let i = 0; i < n; i++) expect(logVerifyInclusion(leaves[i], i, n, inclusionProof(leaves, i), root)).toBe(true);
    }
  });

  it('inclusion proofs verify for every index of every size up to 40, and not elsewhere', () => {
    for (let n = 1; n <= 40; n++) {
      const leaves = leavesOf(n);
      const root = merkleRoot(leaves);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(leaves, i);
        expect(verifyInclusion(leaves[i], i, n, proof, root)).toBe(true);
        if (n > 1) expect(verifyInclusion(leaves[i], (i + 1) % n, n, proof, root)).toBe(false);
      }
    }
  });

  it('inclusion proofs fail on any flipped bit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 64 }), fc.nat(), fc.nat(), fc.nat(), (n, i0, which, bit) => {
        const leaves = leavesOf(n);
        const i = i0 % n;
        const proof = inclusionProof(leaves, i);
        const root = merkleRoot(leaves);
        const p = which % (proof.length + 2);
        if (p < proof.length) {
          const bad = proof.map((h, k) => (k === p ? flip(h, bit) : h));
          expect(verifyInclusion(leaves[i], i, n, bad, root)).toBe(false);
        } else if (p === proof.length) {
          expect(verifyInclusion(flip(leaves[i], bit), i, n, proof, root)).toBe(false);
        } else {
          expect(verifyInclusion(leaves[i], i, n, proof, flip(root, bit))).toBe(false);
        }
      }),
    );
  });

  it('multiproofs rebuild the root for any subset, and only with exactly the right hashes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }).chain((n) => fc.tuple(fc.constant(n), fc.uniqueArray(fc.nat({ max: n - 1 }), { minLength: 1, maxLength: n }))),
        ([n, indices]) => {
          const leaves = leavesOf(n);
          const root = merkleRoot(leaves);
          const proof = multiproof(leaves, indices);
          const known = new Map(indices.map((i) => [i, leaves[i]]));
          expect(rootFromMultiproof(n, known, proof)).toEqual(root);
          expect(rootFromMultiproof(n, known, [...proof, root])).toBeUndefined();
          if (proof.length > 0) expect(rootFromMultiproof(n, known, proof.slice(1))).toBeUndefined();
        },
      ),
    );
  });

  it('a single-leaf multiproof holds the same hashes as the inclusion proof', () => {
    const leaves = leavesOf(23);
    for (let i = 0; i < 23; i++) {
      const a = multiproof(leaves, [i]).map(bytesToHex).sort();
      const b = inclusionProof(leaves, i).map(bytesToHex).sort();
      expect(a).toEqual(b);
    }
  });

  it('rejects bad input shapes', () => {
    expect(() => merkleRoot([])).toThrow(RangeError);
    expect(() => inclusionProof(leavesOf(3), 3)).toThrow(RangeError);
    expect(() => multiproof(leavesOf(3), [1, 1])).toThrow(RangeError);
    expect(rootFromMultiproof(0, new Map(), [])).toBeUndefined();
    expect(rootFromMultiproof(3, new Map([[5, leavesOf(1)[0]]]), [])).toBeUndefined();
    expect(hashChildren(leavesOf(1)[0], leavesOf(2)[1])).toHaveLength(32);
  });
});

describe('rootAndInclusionPaths', () => {
  it('gives the same root and paths as merkleRoot and inclusionProof, leaf by leaf', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), (n) => {
        const leaves = Array.from({ length: n }, (_, i) => hashLeaf(new Uint8Array([i, n])));
        const { root, paths } = rootAndInclusionPaths(leaves);
        expect(root).toEqual(merkleRoot(leaves));
        leaves.forEach((leaf, i) => {
          expect(paths[i]).toEqual(inclusionProof(leaves, i));
          expect(rootFromInclusionPath(leaf, i, n, paths[i])).toEqual(root);
        });
      }),
      { numRuns: 60 },
    );
  });
});

describe('InclusionPathMemo', () => {
  it('hashes each interior node of a batch about once: ≤ 2 hashes per leaf, then 1 per leaf when repeated', () => {
    let hashes = 0;
    useSha256((data) => {
      hashes++;
      return sha256(data);
    });
    try {
      const n = 500;
      const leaves = Array.from({ length: n }, (_, i) => hashLeaf(new Uint8Array([i & 0xff, i >> 8])));
      const { root, paths } = rootAndInclusionPaths(leaves);
      const memo = new InclusionPathMemo();
      hashes = 0;
      leaves.forEach((leaf, i) => expect(rootFromInclusionPath(leaf, i, n, paths[i], memo)).toEqual(root));
      expect(hashes).toBeLessThanOrEqual(2 * n);
      hashes = 0;
      leaves.forEach((leaf, i) => rootFromInclusionPath(leaf, i, n, paths[i], memo));
      expect(hashes).toBe(n);
    } finally {
      resetSha256();
    }
  });

  it('gives the same roots as the plain walk and never trusts a different tail', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), (n, seed) => {
        const leaves = Array.from({ length: n }, (_, i) => hashLeaf(new Uint8Array([i, n, seed & 0xff])));
        const { root, paths } = rootAndInclusionPaths(leaves);
        const memo = new InclusionPathMemo();
        leaves.forEach((leaf, i) => expect(rootFromInclusionPath(leaf, i, n, paths[i], memo)).toEqual(root));
        // Second pass: all from the memo, still right; a tampered upper hash is walked, not trusted.
        leaves.forEach((leaf, i) => {
          expect(rootFromInclusionPath(leaf, i, n, paths[i], memo)).toEqual(root);
          if (paths[i].length > 1) {
            const tampered = paths[i].map((h, k) => (k === paths[i].length - 1 ? hashLeaf(h) : h));
            expect(rootFromInclusionPath(leaf, i, n, tampered, memo)).not.toEqual(root);
            expect(rootFromInclusionPath(leaf, i, n, tampered, memo)).toEqual(rootFromInclusionPath(leaf, i, n, tampered));
          }
          expect(rootFromInclusionPath(leaf, i, n + 1, paths[i], memo)).toEqual(rootFromInclusionPath(leaf, i, n + 1, paths[i]));
        });
      }),
      { numRuns: 40 },
    );
  });
});

describe('rootFromEncodedInclusionPath (base64url path, decoded as walked)', () => {
  /** Counts hashes while `run` runs (pure-JS SHA-256 underneath). */
  function countingHashes<T>(run: (count: () => number) => T): T {
    let hashes = 0;
    useSha256((data) => {
      hashes++;
      return sha256(data);
    });
    hashes = 0; // useSha256 hashed its test vector
    try {
      return run(() => hashes);
    } finally {
      resetSha256();
    }
  }

  const batch = (n: number, seed = 0) => {
    const leaves = Array.from({ length: n }, (_, i) => hashLeaf(new Uint8Array([i & 0xff, i >> 8, seed])));
    const { root, paths } = rootAndInclusionPaths(leaves);
    return { leaves, root, texts: paths.map((p) => p.map(toBase64Url)) };
  };

  it('gives the byte walk’s answer for every leaf, with and without a memo', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer(), (n, seed) => {
        const { leaves, root, texts } = batch(n, seed & 0xff);
        const memo = new InclusionPathMemo();
        leaves.forEach((leaf, i) => {
          expect(rootFromEncodedInclusionPath(leaf, i, n, texts[i])).toEqual(root);
          expect(rootFromEncodedInclusionPath(leaf, i, n, texts[i], memo)).toEqual(root);
          // Wrong position or size: the same verdict as the byte walk.
          const bytes = texts[i].map(fromBase64Url);
          expect(rootFromEncodedInclusionPath(leaf, i, n + 1, texts[i], memo)).toEqual(rootFromInclusionPath(leaf, i, n + 1, bytes));
          expect(rootFromEncodedInclusionPath(leaf, (i + 1) % n, n, texts[i], memo)).toEqual(rootFromInclusionPath(leaf, (i + 1) % n, n, bytes));
        });
      }),
      { numRuns: 40 },
    );
  });

  it('hashes a batch’s interior nodes about once, then stops one level above each leaf', () => {
    const n = 500;
    const { leaves, root, texts } = batch(n);
    const memo = new InclusionPathMemo();
    countingHashes((count) => {
      leaves.forEach((leaf, i) => expect(rootFromEncodedInclusionPath(leaf, i, n, texts[i], memo)).toEqual(root));
      expect(count()).toBeLessThanOrEqual(2 * n);
      const before = count();
      leaves.forEach((leaf, i) => expect(rootFromEncodedInclusionPath(leaf, i, n, texts[i], memo)).toEqual(root));
      expect(count() - before).toBe(n);
    });
  });

  it('uses a remembered walk only when the whole rest of the path is the same', () => {
    const n = 64;
    const { leaves, root, texts } = batch(n);
    const memo = new InclusionPathMemo();
    leaves.forEach((leaf, i) => rootFromEncodedInclusionPath(leaf, i, n, texts[i], memo));
    for (const level of [1, 3, texts[0].length - 1]) {
      // Leaf 0 reaches the memo after one hash; a changed hash above it must be walked, not trusted.
      const tampered = texts[0].map((h, k) => (k === level ? toBase64Url(hashLeaf(fromBase64Url(h))) : h));
      const expected = rootFromInclusionPath(leaves[0], 0, n, tampered.map(fromBase64Url));
      countingHashes((count) => {
        expect(rootFromEncodedInclusionPath(leaves[0], 0, n, tampered, memo)).toEqual(expected);
        expect(count()).toBe(tampered.length); // every level walked again
      });
      expect(expected).not.toEqual(root);
    }
    // The untouched path still hits; a memo filled from byte paths never answers for text ones.
    countingHashes((count) => {
      expect(rootFromEncodedInclusionPath(leaves[5], 5, n, texts[5], memo)).toEqual(root);
      expect(count()).toBe(1);
    });
    const bytesMemo = new InclusionPathMemo();
    leaves.forEach((leaf, i) => rootFromInclusionPath(leaf, i, n, texts[i].map(fromBase64Url), bytesMemo));
    countingHashes((count) => {
      expect(rootFromEncodedInclusionPath(leaves[5], 5, n, texts[5], bytesMemo)).toEqual(root);
      expect(count()).toBe(texts[5].length);
    });
  });

  it('is not fooled by a caller changing its path array after a walk was remembered', () => {
    const n = 16;
    const { leaves, root, texts } = batch(n);
    const memo = new InclusionPathMemo();
    const path = [...texts[0]];
    expect(rootFromEncodedInclusionPath(leaves[0], 0, n, path, memo)).toEqual(root);
    path[3] = toBase64Url(new Uint8Array(32));
    expect(rootFromEncodedInclusionPath(leaves[0], 0, n, path, memo)).toEqual(rootFromInclusionPath(leaves[0], 0, n, path.map(fromBase64Url)));
    expect(rootFromEncodedInclusionPath(leaves[1], 1, n, texts[1], memo)).toEqual(root);
  });

  it('throws fromBase64Url’s error for the first bad hash, wherever the walk stops', () => {
    const n = 8;
    const { leaves, texts } = batch(n);
    const memo = new InclusionPathMemo();
    const bad = [...texts[0], 'not base64url!'];
    // Too long a path stops the walk before the bad hash: the error is still the decoder's.
    expect(() => rootFromEncodedInclusionPath(leaves[0], 0, n, bad, memo)).toThrow('base64url: invalid character at 3');
    expect(() => rootFromEncodedInclusionPath(leaves[0], 9, n, bad, memo)).toThrow('base64url: invalid character at 3');
    expect(() => rootFromEncodedInclusionPath(leaves[0], 0, n, ['Zg==', ...texts[0]], memo)).toThrow(SyntaxError);
    // A hash of another length is hashed as given, exactly like the byte walk does.
    const short = [toBase64Url(new Uint8Array(31)), ...texts[0].slice(1)];
    expect(rootFromEncodedInclusionPath(leaves[0], 0, n, short, memo)).toEqual(rootFromInclusionPath(leaves[0], 0, n, short.map(fromBase64Url)));
  });
});
