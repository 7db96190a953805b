/**
 * RFC 9162 inclusion (§2.1.3) and consistency (§2.1.4) proofs.
 *
 * Generation is split in two pure steps so that any storage can serve proofs
 * with one batched read of O(log n) stored hashes:
 *   1. plan: which perfect-subtree nodes (NodeId) the proof needs;
 *   2. build: turn the fetched hashes into the proof, folding the (at most one)
 *      right-edge run of nodes into the single imperfect subtree hash that the
 *      RFC's MTH(D[k:n]) denotes.
 * Verification follows the RFC 9162 algorithms step by step and is pure over
 * (hashes, sizes, index, roots); it returns false instead of throwing.
 */
import { assertSafeUint, bytesEqual } from './bytes';
import { fail } from './errors';
import { isHash, nodeHash } from './hash';
import { NodeId, compactRange, isOdd, shiftRight, trailingZeros } from './node-id';
import { foldRight } from './tree-state';

export interface ProofPlan {
  /** Stored nodes to read, in the order buildProof expects them. */
  readonly nodeIds: readonly NodeId[];
  /**
   * nodeIds[start, end) cover one imperfect right-edge subtree and are folded
   * into one proof element; absent when the proof needs no such subtree.
   */
  readonly fold?: { readonly start: number; readonly end: number };
}

/** Read access to stored perfect-subtree hashes (see MemoryHashStore, TileHashReader). */
export interface HashReader {
  /**
   * Returns the hashes of the given nodes, in the same order. MUST reject
   * (MerkleLogError 'missing-hash' or a storage error) when a node is absent.
   */
  readNodes(ids: readonly NodeId[]): Promise<readonly Uint8Array[]>;
}

/**
 * Path of node `from` up to the root of a tree of `size` leaves: for each
 * level, the sibling subtree if it holds any leaf below size. A sibling that
 * straddles size is the one imperfect subtree; it is expressed as its compact
 * range. This is the RFC 9162 PATH/SUBPROOF recursion read bottom-up.
 */
function pathPlan(from: NodeId, size: number, ids: NodeId[]): ProofPlan {
  let fold: ProofPlan['fold'];
  let index = from.index;
  for (let level = from.level; shiftRight(size - 1, level) > 0; level++, index = Math.floor(index / 2)) {
    const sibling = isOdd(index) ? index - 1 : index + 1;
    const start = sibling * 2 ** level;
    if (start >= size) continue; // no right sibling: the RFC tree promotes the node
    const end = start + 2 ** level;
    if (end <= size) {
      ids.push({ level, index: sibling });
    } else {
      const range = compactRange(start, size);
      fold = { start: ids.length, end: ids.length + range.length };
      ids.push(...range);
    }
  }
  return fold ? { nodeIds: ids, fold } : { nodeIds: ids };
}

/** Nodes needed for the inclusion proof of leaf `index` in a tree of `size` (RFC 9162 §2.1.3.1). */
export function planInclusionProof(index: number, size: number): ProofPlan {
  assertSafeUint(index, 'leaf index');
  assertSafeUint(size, 'tree size');
  if (index >= size) fail('invalid-argument', `leaf index ${index} is not below tree size ${size}`);
  return pathPlan({ level: 0, index }, size, []);
}

/**
 * Nodes needed for the consistency proof from size1 to size2 (RFC 9162
 * §2.1.4.1). Equals: the last perfect subtree of the old tree (omitted when the
 * old tree is itself perfect, since the verifier already has that root), then
 * that subtree's path in the new tree. Empty when size1 is 0 or equals size2.
 */
export function planConsistencyProof(size1: number, size2: number): ProofPlan {
  assertSafeUint(size1, 'first tree size');
  assertSafeUint(size2, 'second tree size');
  if (size1 > size2) fail('invalid-argument', `first size ${size1} exceeds second size ${size2}`);
  if (size1 === 0 || size1 === size2) return { nodeIds: [] };
  const level = trailingZeros(size1);
  const node: NodeId = { level, index: size1 / 2 ** level - 1 };
  const ids: NodeId[] = node.index === 0 ? [] : [node];
  return pathPlan(node, size2, ids);
}

/** Turns the hashes read for plan.nodeIds into the RFC 9162 proof list. */
export function buildProof(plan: ProofPlan, hashes: readonly Uint8Array[]): Uint8Array[] {
  if (hashes.length !== plan.nodeIds.length) {
    fail('invalid-argument', `expected ${plan.nodeIds.length} hashes, got ${hashes.length}`);
  }
  for (const h of hashes) if (!isHash(h)) fail('invalid-argument', 'stored hash must be 32 bytes');
  if (!plan.fold) return hashes.slice();
  const { start, end } = plan.fold;
  const folded = foldRight(hashes.slice(start, end)) as Uint8Array;
  return [...hashes.slice(0, start), folded, ...hashes.slice(end)];
}

export async function generateInclusionProof(reader: HashReader, index: number, size: number): Promise<Uint8Array[]> {
  const plan = planInclusionProof(index, size);
  return buildProof(plan, await reader.readNodes(plan.nodeIds));
}

export async function generateConsistencyProof(reader: HashReader, size1: number, size2: number): Promise<Uint8Array[]> {
  const plan = planConsistencyProof(size1, size2);
  return buildProof(plan, await reader.readNodes(plan.nodeIds));
}

/**
 * RFC 9162 §2.1.3.2: recomputes the root from a leaf hash and its inclusion
 * path; undefined when the path has the wrong shape for (index, size).
 */
export function rootFromInclusionProof(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
): Uint8Array | undefined {
  if (!isHash(leafHash) || !Array.isArray(proof) || !proof.every(isHash)) return undefined;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0) return undefined;
  // Step 1: leaf_index >= tree_size fails.
  if (index >= size) return undefined;
  // Step 2-3.
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  // Step 4.
  for (const p of proof) {
    if (sn === 0) return undefined; // 4a: path longer than the tree is tall
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r); // 4b.i
      if (!isOdd(fn)) {
        // 4b.ii: skip levels where the node has no right sibling
        while (!isOdd(fn) && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2); // 4c
    sn = Math.floor(sn / 2);
  }
  // Step 5: sn must be 0 (path exactly as long as needed).
  return sn === 0 ? r : undefined;
}

/** RFC 9162 §2.1.3.2 inclusion verification against a trusted root. */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const computed = rootFromInclusionProof(leafHash, index, size, proof);
  return computed !== undefined && isHash(root) && bytesEqual(computed, root);
}

/**
 * RFC 9162 §2.1.4.2 consistency verification.
 *
 * Edge cases the RFC leaves to the caller, decided here:
 * - size1 > size2: never consistent;
 * - size1 == size2: consistent iff the proof is empty and the roots are equal;
 * - size1 == 0: the empty tree is a prefix of every tree; the proof MUST be
 *   empty (as tlog-witness requires for old size 0) and root1 is not used.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  root1: Uint8Array | undefined,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0) return false;
  if (!Array.isArray(proof) || !proof.every(isHash) || !isHash(root2)) return false;
  if (size1 > size2) return false;
  if (size1 === 0) return proof.length === 0;
  if (!root1 || !isHash(root1)) return false;
  if (size1 === size2) return proof.length === 0 && bytesEqual(root1, root2);
  // Step 1: an empty path cannot prove anything between different sizes.
  if (proof.length === 0) return false;
  // Step 2: when the old tree is perfect its root is the first path element.
  const path = 2 ** trailingZeros(size1) === size1 ? [root1, ...proof] : proof;
  // Step 3.
  let fn = size1 - 1;
  let sn = size2 - 1;
  // Step 4.
  while (isOdd(fn)) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  // Step 5.
  let fr = path[0];
  let sr = path[0];
  // Step 6.
  for (let i = 1; i < path.length; i++) {
    const c = path[i];
    if (sn === 0) return false; // 6a
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr); // 6b.i
      sr = nodeHash(c, sr); // 6b.ii
      if (!isOdd(fn)) {
        // 6b.iii
        while (!isOdd(fn) && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2); // 6c
    sn = Math.floor(sn / 2);
  }
  // Step 7.
  return sn === 0 && bytesEqual(fr, root1) && bytesEqual(sr, root2);
}
