/**
 * Entries prove content, proofs prove shape. Given a trusted old root, a consistency proof and
 * the leaves appended since, these functions recompute the new root from the leaves themselves,
 * so a checker learns not only that the log stayed append-only (the proof alone shows that) but
 * that these exact entries are what it appended.
 *
 * The old tree's compact range (the perfect subtrees covering [0, oldSize), its "frontier") sits
 * inside the RFC 9162 consistency proof: the proof walks from the old tree's last perfect subtree
 * up to the new root, and every sibling on the left of that walk is an old perfect subtree. Those
 * siblings plus the starting subtree are exactly the frontier; folded they must give the old root.
 */
import {
  EMPTY_TREE_STATE,
  type TreeState,
  appendLeaves,
  bytesEqual,
  emptyRoot,
  foldRight,
  isHash,
  nodeStart,
  planConsistencyProof,
  treeRoot,
  treeStateFromFrontier,
} from '@borderledger/merkle-log';

/**
 * The frontier of the old tree (leftmost, largest subtree first) read out of a consistency proof
 * and checked against the trusted old root; undefined when the proof has the wrong shape or the
 * frontier does not fold to `oldRoot`. For oldSize 0 the frontier is empty.
 */
export function frontierFromConsistencyProof(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array | undefined,
  proof: readonly Uint8Array[],
): Uint8Array[] | undefined {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize) || oldSize < 0 || oldSize > newSize) return undefined;
  if (!Array.isArray(proof) || !proof.every(isHash)) return undefined;
  if (oldSize === 0) return proof.length === 0 ? [] : undefined;
  if (!oldRoot || !isHash(oldRoot)) return undefined;
  if (oldSize === newSize) return proof.length === 0 && isPowerOfTwo(oldSize) ? [oldRoot] : undefined;
  const plan = planConsistencyProof(oldSize, newSize);
  const foldedAway = plan.fold ? plan.fold.end - plan.fold.start - 1 : 0;
  if (proof.length !== plan.nodeIds.length - foldedAway) return undefined;
  // Proof element i starts at plan node j (after the folded run, indexes shift by foldedAway).
  const old: Uint8Array[] = [];
  let j = 0;
  for (const element of proof) {
    const id = plan.nodeIds[j];
    if (nodeStart(id) < oldSize) old.push(element);
    j += plan.fold && j === plan.fold.start ? plan.fold.end - plan.fold.start : 1;
  }
  // When the old tree is perfect its root is the starting subtree and is not in the proof.
  const frontier = isPowerOfTwo(oldSize) ? [oldRoot] : old.reverse();
  const folded = foldRight(frontier);
  return folded && bytesEqual(folded, oldRoot) ? frontier : undefined;
}

function isPowerOfTwo(x: number): boolean {
  while (x > 1 && x % 2 === 0) x /= 2;
  return x === 1;
}

export type AppendCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Checks that `leafHashes` are exactly the leaves [oldSize, newSize) of the tree whose root is
 * `newRoot`, given the trusted `oldRoot` and the consistency proof between the two sizes.
 */
export function verifyAppendedLeaves(input: {
  readonly oldSize: number;
  readonly oldRoot: Uint8Array | undefined;
  readonly newSize: number;
  readonly newRoot: Uint8Array;
  readonly consistencyProof: readonly Uint8Array[];
  readonly leafHashes: readonly Uint8Array[];
}): AppendCheck {
  const { oldSize, newSize, leafHashes } = input;
  if (leafHashes.length !== newSize - oldSize) {
    return { ok: false, reason: `expected ${newSize - oldSize} entries for sizes ${oldSize}..${newSize}, got ${leafHashes.length}` };
  }
  if (oldSize === newSize) {
    if (input.consistencyProof.length !== 0) return { ok: false, reason: 'a proof between equal sizes must be empty' };
    const same = oldSize === 0 ? bytesEqual(input.newRoot, emptyRoot()) : !!input.oldRoot && bytesEqual(input.oldRoot, input.newRoot);
    return same ? { ok: true } : { ok: false, reason: `two different roots for size ${oldSize}` };
  }
  const frontier = frontierFromConsistencyProof(oldSize, newSize, input.oldRoot, input.consistencyProof);
  if (!frontier) return { ok: false, reason: `the consistency proof from ${oldSize} to ${newSize} does not carry the old tree's subtrees (or they do not hash to the old root)` };
  const state = appendLeaves(oldSize === 0 ? EMPTY_TREE_STATE : treeStateFromFrontier(oldSize, frontier), leafHashes).state;
  if (!bytesEqual(treeRoot(state), input.newRoot)) {
    return { ok: false, reason: `the entries ${oldSize}..${newSize - 1} do not hash to the root of the checkpoint of size ${newSize}` };
  }
  return { ok: true };
}

/**
 * Root of the tree [0, from + leaves) from the compact range of [0, from) and the leaves after
 * it; undefined when the frontier has the wrong length for `from`.
 */
export function rootAfterAppending(from: number, leftFrontier: readonly Uint8Array[], leafHashes: readonly Uint8Array[]): Uint8Array | undefined {
  let state: TreeState;
  try {
    state = from === 0 && leftFrontier.length === 0 ? EMPTY_TREE_STATE : treeStateFromFrontier(from, leftFrontier);
  } catch {
    return undefined;
  }
  return treeRoot(appendLeaves(state, leafHashes).state);
}
