import fc from 'fast-check';
import { toHex } from '../test/reference';
import { MerkleLogError } from './errors';
import { leafHash } from './hash';
import { MemoryHashStore } from './memory-hash-store';
import { buildProof, generateConsistencyProof, generateInclusionProof, planInclusionProof, verifyInclusion } from './proof';
import {
  TileHashReader,
  TileReader,
  TileRef,
  decodeEntryBundle,
  decodeTile,
  encodeEntryBundle,
  encodeTile,
  entryBundlePath,
  formatTileIndex,
  parseTilePath,
  tileForNode,
  tileLevelsForTreeSize,
  tileNodeIds,
  tilePath,
  tileWidth,
  tilesForProof,
} from './tiles';
import { EMPTY_TREE_STATE, TreeState, appendLeaves, treeRoot } from './tree-state';

describe('tlog-tiles paths', () => {
  it('encodes tile indexes in x-prefixed 3-digit groups (spec example 1234067)', () => {
    expect(formatTileIndex(1234067)).toBe('x001/x234/067');
    expect(formatTileIndex(0)).toBe('000');
    expect(formatTileIndex(5)).toBe('005');
    expect(formatTileIndex(999)).toBe('999');
    expect(formatTileIndex(1000)).toBe('x001/000');
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ level: 2, index: 3, width: 17 })).toBe('tile/2/003.p/17');
    expect(entryBundlePath(1234067)).toBe('tile/entries/x001/x234/067');
    expect(entryBundlePath(273, 112)).toBe('tile/entries/273.p/112');
  });

  it('parses exactly what it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.integer({ min: 1, max: 256 }), (level, index, width) => {
        expect(parseTilePath(tilePath({ level, index, width }))).toEqual({ kind: 'tile', level, index, width });
        expect(parseTilePath(entryBundlePath(index, width))).toEqual({ kind: 'entries', index, width });
      }),
    );
  });

  it('rejects non-canonical or out-of-range paths', () => {
    const bad = [
      'tile/0/5',
      'tile/0/0005',
      'tile/0/x000/005', // leading zero group
      'tile/0/x1/000',
      'tile/0/001/002', // inner group without x
      'tile/00/000',
      'tile/64/000',
      'tile/0/000.p/256',
      'tile/0/000.p/0',
      'tile/0/000.p/05',
      'tile/data/000',
      '/tile/0/000',
      'tile/0/000/',
    ];
    for (const p of bad) expect(() => parseTilePath(p)).toThrow(MerkleLogError);
  });

  it('describes the tiles of a tree like the spec examples (sizes 70,000 and 256)', () => {
    expect(tileLevelsForTreeSize(70000)).toEqual([
      { level: 0, fullTiles: 273, partialWidth: 112 },
      { level: 1, fullTiles: 1, partialWidth: 17 },
      { level: 2, fullTiles: 0, partialWidth: 1 },
    ]);
    expect(tileLevelsForTreeSize(256)).toEqual([
      { level: 0, fullTiles: 1, partialWidth: 0 },
      { level: 1, fullTiles: 0, partialWidth: 1 },
    ]);
    expect(tileLevelsForTreeSize(0)).toEqual([]);
    expect(tileWidth(0, 273, 70000)).toBe(112);
    expect(tileWidth(0, 274, 70000)).toBe(0);
    expect(tileWidth(1, 0, 70000)).toBe(256);
  });

  it('locates nodes inside tiles, recomputing the levels between tile rows', () => {
    expect(tileForNode({ level: 0, index: 300 }, 70000)).toEqual({ tile: { level: 0, index: 1, width: 256 }, offset: 44, count: 1 });
    expect(tileForNode({ level: 3, index: 40 }, 70000)).toEqual({ tile: { level: 0, index: 1, width: 256 }, offset: 64, count: 8 });
    expect(tileForNode({ level: 8, index: 272 }, 70000)).toEqual({ tile: { level: 1, index: 1, width: 17 }, offset: 16, count: 1 });
    expect(tileForNode({ level: 16, index: 1 }, 140000)).toEqual({ tile: { level: 2, index: 0, width: 2 }, offset: 1, count: 1 });
    // [69992, 70000) is complete at size 70000 and lives at the end of the partial tile.
    expect(tileForNode({ level: 3, index: 8749 }, 70000)).toEqual({ tile: { level: 0, index: 273, width: 112 }, offset: 104, count: 8 });
    // Nodes that straddle the tree size are not stored anywhere.
    expect(() => tileForNode({ level: 3, index: 8750 }, 70000)).toThrow(MerkleLogError);
    expect(() => tileForNode({ level: 8, index: 273 }, 70000)).toThrow(MerkleLogError);
  });
});

describe('tile-backed proofs', () => {
  const N = 70000;
  const store = new MemoryHashStore();
  const states: TreeState[] = [];
  let state = EMPTY_TREE_STATE;
  const leaves: Uint8Array[] = [];
  for (let i = 0; i < N; i++) leaves.push(leafHash(Uint8Array.of(i & 255, (i >> 8) & 255, i >> 16)));
  // Snapshot a few sizes to check proofs against.
  const checkpoints = [1, 255, 256, 257, 65535, 65536, 65537, 69999, 70000];
  let done = 0;
  for (const size of checkpoints) {
    const r = appendLeaves(state, leaves.slice(done, size));
    store.put(r.nodes);
    state = r.state;
    states[size] = state;
    done = size;
  }

  /** Serves tiles the way the ledger would: from stored level-8L nodes. */
  const tileReader = (calls: TileRef[][]): TileReader => ({
    async readTiles(tiles) {
      calls.push([...tiles]);
      return tiles.map((t) => encodeTile(store.readNodesSync(tileNodeIds(t))));
    },
  });

  it('builds the same inclusion proofs from tiles as from the node store, for every checkpoint size', async () => {
    for (const size of checkpoints) {
      const calls: TileRef[][] = [];
      const reader = new TileHashReader(size, tileReader(calls));
      for (const index of [0, 1, size >> 1, size - 2, size - 1].filter((i) => i >= 0 && i < size)) {
        const fromTiles = await generateInclusionProof(reader, index, size);
        const fromNodes = await generateInclusionProof(store, index, size);
        expect(fromTiles.map(toHex)).toEqual(fromNodes.map(toHex));
        expect(verifyInclusion(leaves[index], index, size, fromTiles, treeRoot(states[size]))).toBe(true);
      }
      // One batched tile read per proof, each tile at most once.
      for (const batch of calls) expect(new Set(batch.map(tilePath)).size).toBe(batch.length);
    }
  });

  it('builds consistency proofs from tiles', async () => {
    const reader = new TileHashReader(70000, tileReader([]));
    for (const m of [1, 255, 256, 257, 65535, 65536, 65537, 69999]) {
      const fromTiles = await generateConsistencyProof(reader, m, 70000);
      expect(fromTiles.map(toHex)).toEqual((await generateConsistencyProof(store, m, 70000)).map(toHex));
    }
  });

  it('lists the tiles a proof needs, with partial widths for the tree size', () => {
    const plan = planInclusionProof(69999, 70000);
    // Levels 0-7 from the partial level-0 tile, 8-15 from the partial level-1
    // tile (its 17th hash is a full level-0 tile), 16 from the level-2 tile.
    expect(tilesForProof(plan, 70000).map(tilePath)).toEqual(['tile/0/273.p/112', 'tile/1/001.p/17', 'tile/2/000.p/1']);
    // Leaf 0: full tiles on the way up, then the right edge [65536, 70000) as one folded hash.
    expect(tilesForProof(planInclusionProof(0, 70000), 70000).map(tilePath)).toEqual([
      'tile/0/000',
      'tile/1/000',
      'tile/1/001.p/17',
      'tile/0/273.p/112',
    ]);
    expect(buildProof(plan, store.readNodesSync(plan.nodeIds)).length).toBeGreaterThan(0);
  });

  it('refuses short tiles', async () => {
    const reader = new TileHashReader(70000, { readTiles: async (tiles) => tiles.map(() => new Uint8Array(32)) });
    await expect(generateInclusionProof(reader, 5000, 70000)).rejects.toThrow(MerkleLogError);
    expect(() => decodeTile(new Uint8Array(33))).toThrow(MerkleLogError);
    expect(() => decodeTile(new Uint8Array(64), 3)).toThrow(MerkleLogError);
  });
});

describe('entry bundles', () => {
  it('round-trips uint16 length-prefixed entries', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 256 }), (entries) => {
        const back = decodeEntryBundle(encodeEntryBundle(entries));
        expect(back.map(toHex)).toEqual(entries.map(toHex));
      }),
      { numRuns: 30 },
    );
    expect(Array.from(encodeEntryBundle([Uint8Array.of(7, 8, 9)]))).toEqual([0, 3, 7, 8, 9]);
  });

  it('rejects truncated bundles and oversized entries', () => {
    expect(() => decodeEntryBundle(Uint8Array.of(0))).toThrow(MerkleLogError);
    expect(() => decodeEntryBundle(Uint8Array.of(0, 3, 1))).toThrow(MerkleLogError);
    expect(() => encodeEntryBundle([new Uint8Array(65536)])).toThrow(MerkleLogError);
  });
});
