/**
 * Micro-benchmark of @borderledger/merkle-log at 10^6 entries: append, proof
 * generation (node store and tiles) and verification. Prints the median of
 * several runs. Run: npx tsx bench/merkle-log.bench.ts [entries]
 */
import {
  EMPTY_TREE_STATE,
  MemoryHashStore,
  TileHashReader,
  appendLeaves,
  buildProof,
  encodeTile,
  leafHash,
  planConsistencyProof,
  planInclusionProof,
  tileNodeIds,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type TreeState,
} from '../libs/domain/merkle-log/src/index';

const N = Number(process.argv[2] ?? 1_000_000);
const RUNS = 7;
const OPS = 2000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Deterministic pseudo-random indexes so runs are comparable. */
function* lcg(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2147483648;
    yield x;
  }
}

function entry(i: number): Uint8Array {
  return Uint8Array.of(i & 255, (i >> 8) & 255, (i >> 16) & 255, (i >> 24) & 255);
}

async function main(): Promise<void> {
  const store = new MemoryHashStore();
  let state: TreeState = EMPTY_TREE_STATE;
  const roots = new Map<number, Uint8Array>();
  const t0 = performance.now();
  const BATCH = 1000;
  for (let i = 0; i < N; i += BATCH) {
    const leaves: Uint8Array[] = [];
    for (let j = i; j < Math.min(N, i + BATCH); j++) leaves.push(leafHash(entry(j)));
    const r = appendLeaves(state, leaves);
    store.put(r.nodes);
    state = r.state;
    if (state.size % 100_000 === 0 || state.size === N) roots.set(state.size, treeRoot(state));
  }
  const buildMs = performance.now() - t0;
  const root = treeRoot(state);
  console.log(`entries: ${N}; stored perfect-subtree hashes: ${store.size}`);
  console.log(`append (leaf hash + tree + node store): ${((N / buildMs) * 1000).toFixed(0)} entries/s (${(buildMs / 1000).toFixed(1)} s)`);

  const rng = lcg(42);
  const indexes = Array.from({ length: OPS }, () => rng.next().value % N);
  const oldSizes = Array.from({ length: OPS }, () => 100_000 * (1 + (rng.next().value % 9)));

  const perOp = async (name: string, fn: (k: number) => unknown | Promise<unknown>): Promise<void> => {
    const samples: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      for (let k = 0; k < OPS; k++) await fn(k);
      samples.push(((performance.now() - start) * 1000) / OPS);
    }
    console.log(`${name.padEnd(48)} median ${median(samples).toFixed(1)} µs/op  (runs: ${samples.map((s) => s.toFixed(0)).join(', ')})`);
  };

  const inclusion = indexes.map((i) => {
    const plan = planInclusionProof(i, N);
    return buildProof(plan, store.readNodesSync(plan.nodeIds));
  });
  const consistency = oldSizes.map((m) => {
    const plan = planConsistencyProof(m, N);
    return buildProof(plan, store.readNodesSync(plan.nodeIds));
  });
  const leafHashes = indexes.map((i) => leafHash(entry(i)));
  const reads = indexes.map((i) => planInclusionProof(i, N).nodeIds.length);
  console.log(`stored hashes read per inclusion proof: median ${median(reads)}, max ${Math.max(...reads)}; proof length ${inclusion[0].length}`);

  await perOp('inclusion proof: plan + read + build (node store)', (k) => {
    const plan = planInclusionProof(indexes[k], N);
    return buildProof(plan, store.readNodesSync(plan.nodeIds));
  });
  await perOp('inclusion proof: verify', (k) => {
    if (!verifyInclusion(leafHashes[k], indexes[k], N, inclusion[k], root)) throw new Error('verify failed');
  });
  await perOp('consistency proof: plan + read + build (node store)', (k) => {
    const plan = planConsistencyProof(oldSizes[k], N);
    return buildProof(plan, store.readNodesSync(plan.nodeIds));
  });
  await perOp('consistency proof: verify', (k) => {
    if (!verifyConsistency(oldSizes[k], N, roots.get(oldSizes[k]), root, consistency[k])) throw new Error('verify failed');
  });

  // Tiles assembled from the node store on every call: measures the tile path
  // (hashing up to 7 levels inside tiles) rather than a tile cache.
  const tiles = new TileHashReader(N, { readTiles: async (refs) => refs.map((t) => encodeTile(store.readNodesSync(tileNodeIds(t)))) });
  await perOp('inclusion proof via tiles (TileHashReader)', async (k) => {
    const plan = planInclusionProof(indexes[k], N);
    return buildProof(plan, await tiles.readNodes(plan.nodeIds));
  });
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
