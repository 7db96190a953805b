/**
 * C2SP tlog-tiles (c2sp.org/tlog-tiles): the static read API.
 *
 * Tile (L, N) holds up to 256 consecutive hashes of tree level 8L:
 *   hash i = MTH(D[(N * 256 + i) * 256^L : (N * 256 + i + 1) * 256^L])
 * i.e. stored nodes (8L, N * 256 + i). Levels in between are recomputed by
 * hashing a tile's hashes, so a node (level l, index i) with l = 8L + r lives in
 * tile level L as the perfect subtree over 2^r consecutive tile hashes.
 *
 * Paths: tile/<L>/<N>[.p/<W>] and tile/entries/<N>[.p/<W>], with N written in
 * zero-padded 3-digit groups, all but the last prefixed with "x"
 * (1234067 -> x001/x234/067). A tile of a tree of size s is partial when fewer
 * than 256 of its hashes exist: width floor(s / 256^L) mod 256.
 */
import { concatBytes, isSafeUint, parseDecimal } from './bytes';
import { fail } from './errors';
import { HASH_SIZE, isHash, nodeHash } from './hash';
import { NodeId, assertNodeId, nodeKey } from './node-id';
import { HashReader, ProofPlan } from './proof';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;
const MAX_TILE_LEVEL = 63;

export interface TileRef {
  /** Tile level L (tree level 8L). */
  readonly level: number;
  /** Tile index N within its level. */
  readonly index: number;
  /** Number of hashes, 1..256; 256 is a full tile. */
  readonly width: number;
}

/** tlog-tiles index encoding: 3-digit groups, all but the last prefixed by "x". */
export function formatTileIndex(n: number): string {
  if (!isSafeUint(n)) fail('invalid-argument', 'tile index must be a non-negative safe integer');
  const groups: string[] = [];
  let rest = n;
  do {
    groups.unshift(String(rest % 1000).padStart(3, '0'));
    rest = Math.floor(rest / 1000);
  } while (rest > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? 'x' + g : g)).join('/');
}

function widthSuffix(width: number): string {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) fail('invalid-argument', 'tile width must be 1..256');
  return width === TILE_WIDTH ? '' : `.p/${width}`;
}

export function tilePath(tile: TileRef): string {
  if (!Number.isInteger(tile.level) || tile.level < 0 || tile.level > MAX_TILE_LEVEL) fail('invalid-argument', 'tile level must be 0..63');
  return `tile/${tile.level}/${formatTileIndex(tile.index)}${widthSuffix(tile.width)}`;
}

export function entryBundlePath(index: number, width: number = TILE_WIDTH): string {
  return `tile/entries/${formatTileIndex(index)}${widthSuffix(width)}`;
}

export type ParsedTilePath =
  | ({ readonly kind: 'tile' } & TileRef)
  | { readonly kind: 'entries'; readonly index: number; readonly width: number };

/** Strict inverse of tilePath / entryBundlePath; rejects non-canonical forms. */
export function parseTilePath(path: string): ParsedTilePath {
  const m = /^tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([0-9]+))?$/.exec(path);
  if (!m) fail('malformed-tile', `not a tile path: ${path}`);
  const groups = m[2].split('/').map((g) => g.replace(/^x/, ''));
  if (groups.length > 1 && groups[0] === '000') fail('malformed-tile', 'tile index has a leading zero group');
  let index = 0;
  for (const g of groups) index = index * 1000 + Number(g);
  if (!Number.isSafeInteger(index)) fail('malformed-tile', 'tile index too large');
  let width = TILE_WIDTH;
  if (m[3] !== undefined) {
    width = parseDecimal(m[3], 'tile width', 'malformed-tile');
    if (width < 1 || width > TILE_WIDTH - 1) fail('malformed-tile', 'partial tile width must be 1..255');
  }
  if (m[1] === 'entries') return { kind: 'entries', index, width };
  const level = Number(m[1]);
  if (level > MAX_TILE_LEVEL) fail('malformed-tile', 'tile level must be 0..63');
  return { kind: 'tile', level, index, width };
}

/** Number of level-8L hashes that exist in a tree of the given size. */
function hashesAtTileLevel(level: number, treeSize: number): number {
  return Math.floor(treeSize / TILE_WIDTH ** level);
}

/** Width of tile (level, index) for a tree size: 256 full, 1..255 partial, 0 absent. */
export function tileWidth(level: number, index: number, treeSize: number): number {
  const available = hashesAtTileLevel(level, treeSize) - index * TILE_WIDTH;
  return Math.max(0, Math.min(TILE_WIDTH, available));
}

export interface TileLevelSummary {
  readonly level: number;
  readonly fullTiles: number;
  /** Width of the partial tile at this level, 0 if none. */
  readonly partialWidth: number;
}

/** Per level, how many full tiles and which partial tile a tree of this size has. */
export function tileLevelsForTreeSize(treeSize: number): TileLevelSummary[] {
  if (!isSafeUint(treeSize)) fail('invalid-argument', 'tree size must be a non-negative safe integer');
  const out: TileLevelSummary[] = [];
  for (let level = 0; hashesAtTileLevel(level, treeSize) > 0; level++) {
    const hashes = hashesAtTileLevel(level, treeSize);
    out.push({ level, fullTiles: Math.floor(hashes / TILE_WIDTH), partialWidth: hashes % TILE_WIDTH });
  }
  return out;
}

export interface TileSlice {
  readonly tile: TileRef;
  /** First tile hash used. */
  readonly offset: number;
  /** Number of consecutive tile hashes that hash up to the node (2^r). */
  readonly count: number;
}

/** Where a stored node lives in the tiles of a tree of the given size. */
export function tileForNode(id: NodeId, treeSize: number): TileSlice {
  assertNodeId(id);
  const level = Math.floor(id.level / TILE_HEIGHT);
  const count = 2 ** (id.level % TILE_HEIGHT);
  const first = id.index * count; // index at tree level 8L
  const index = Math.floor(first / TILE_WIDTH);
  const offset = first % TILE_WIDTH;
  const width = tileWidth(level, index, treeSize);
  if (width < offset + count) fail('invalid-argument', `node ${nodeKey(id)} is not complete in a tree of size ${treeSize}`);
  return { tile: { level, index, width }, offset, count };
}

/** Distinct tiles that hold the hashes a proof plan needs, for a tree of the given size. */
export function tilesForProof(plan: ProofPlan, treeSize: number): TileRef[] {
  const seen = new Map<string, TileRef>();
  for (const id of plan.nodeIds) {
    const { tile } = tileForNode(id, treeSize);
    seen.set(`${tile.level}/${tile.index}/${tile.width}`, tile);
  }
  return [...seen.values()];
}

/** The stored nodes whose hashes make up a tile, in order (to serve tiles from a node store). */
export function tileNodeIds(tile: TileRef): NodeId[] {
  const ids: NodeId[] = [];
  for (let i = 0; i < tile.width; i++) ids.push({ level: tile.level * TILE_HEIGHT, index: tile.index * TILE_WIDTH + i });
  return ids;
}

export function encodeTile(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length < 1 || hashes.length > TILE_WIDTH) fail('invalid-argument', 'a tile holds 1..256 hashes');
  for (const h of hashes) if (!isHash(h)) fail('invalid-argument', 'tile hashes must be 32 bytes');
  return concatBytes(...hashes);
}

/** Splits tile bytes into hashes, checking the length against the expected width. */
export function decodeTile(bytes: Uint8Array, width: number = bytes.length / HASH_SIZE): Uint8Array[] {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH || bytes.length !== width * HASH_SIZE) {
    fail('malformed-tile', `tile must be ${width} hashes of 32 bytes`);
  }
  const out: Uint8Array[] = [];
  for (let i = 0; i < width; i++) out.push(bytes.slice(i * HASH_SIZE, (i + 1) * HASH_SIZE));
  return out;
}

/** Hash of the perfect subtree over tileHashes[offset, offset + count); count is a power of two. */
export function hashTileSlice(tileHashes: readonly Uint8Array[], offset: number, count: number): Uint8Array {
  let layer = tileHashes.slice(offset, offset + count);
  if (layer.length !== count) fail('malformed-tile', 'tile is too short for the requested node');
  while (layer.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(nodeHash(layer[i], layer[i + 1]));
    layer = next;
  }
  return layer[0];
}

/** Source of tile bytes (HTTP fetch, object store, database). */
export interface TileReader {
  /** Returns the bytes of each tile, same order. A longer (e.g. full) tile MAY be returned for a partial one. */
  readTiles(tiles: readonly TileRef[]): Promise<readonly Uint8Array[]>;
}

/**
 * HashReader over tiles for a fixed tree size: batches all node reads of a
 * proof into one readTiles call. Tiles are unauthenticated; the proof built
 * from them is what gets checked against a signed checkpoint.
 */
export class TileHashReader implements HashReader {
  constructor(
    private readonly treeSize: number,
    private readonly tiles: TileReader,
  ) {
    if (!isSafeUint(treeSize)) fail('invalid-argument', 'tree size must be a non-negative safe integer');
  }

  async readNodes(ids: readonly NodeId[]): Promise<readonly Uint8Array[]> {
    if (ids.length === 0) return [];
    const slices = ids.map((id) => tileForNode(id, this.treeSize));
    const unique = new Map<string, TileRef>();
    for (const s of slices) unique.set(`${s.tile.level}/${s.tile.index}`, s.tile);
    const refs = [...unique.values()];
    const data = await this.tiles.readTiles(refs);
    if (data.length !== refs.length) fail('missing-hash', 'tile reader returned the wrong number of tiles');
    const decoded = new Map<string, Uint8Array[]>();
    refs.forEach((ref, i) => {
      const bytes = data[i];
      // Accept a full tile where a partial one was asked: its prefix is the partial tile.
      const width = Math.floor(bytes.length / HASH_SIZE);
      if (width < ref.width) fail('missing-hash', `tile ${tilePath(ref)} is too short`);
      decoded.set(`${ref.level}/${ref.index}`, decodeTile(bytes, width));
    });
    return slices.map((s) => hashTileSlice(decoded.get(`${s.tile.level}/${s.tile.index}`) as Uint8Array[], s.offset, s.count));
  }
}

/** Entry bundle: big-endian uint16 length-prefixed entries (tlog-tiles "Log entries"). */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length < 1 || entries.length > TILE_WIDTH) fail('invalid-argument', 'a bundle holds 1..256 entries');
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    if (e.length > 0xffff) fail('invalid-argument', 'entry longer than 65535 bytes cannot be bundled');
    parts.push(Uint8Array.of(e.length >> 8, e.length & 255), e);
  }
  return concatBytes(...parts);
}

export function decodeEntryBundle(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    if (pos + 2 > bytes.length) fail('malformed-tile', 'truncated entry length');
    const len = (bytes[pos] << 8) | bytes[pos + 1];
    pos += 2;
    if (pos + len > bytes.length) fail('malformed-tile', 'truncated entry');
    out.push(bytes.slice(pos, pos + len));
    pos += len;
  }
  if (out.length > TILE_WIDTH) fail('malformed-tile', 'bundle holds more than 256 entries');
  return out;
}
