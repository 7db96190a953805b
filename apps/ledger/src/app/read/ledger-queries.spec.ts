import { buildFixtureEvent } from '@borderledger/events';
import { MemoryLedgerStore, type ProofParts, type ProofPartsReader, type ProofPartsRequest } from '@borderledger/ledger-store';
import {
  type NodeId,
  TileHashReader,
  createCosignatureSigner,
  createCosignatureVerifier,
  createEd25519NoteSigner,
  createEd25519NoteVerifier,
  decodeEntryBundle,
  formatSignatureLine,
  generateInclusionProof,
  peekCheckpoint,
  planInclusionProof,
  signNote,
  tilePath,
} from '@borderledger/merkle-log';
import { acceptedEvent, sequenceBatch } from '../commit/sequencer';
import { fixedQuorum } from '../witnesses/governed-quorum';
import { LedgerQueries, LedgerReadError } from './ledger-queries';
import { TreeNodeCache } from './tree-node-cache';

const ORIGIN = 'borderledger.test/log';
const logSigner = createEd25519NoteSigner(ORIGIN, new Uint8Array(32).fill(5));
const witnesses = ['customs-nl', 'shopwave'].map((name, i) => createCosignatureSigner(name, new Uint8Array(32).fill(20 + i), () => 1_764_000_000));
const policy = {
  logVerifiers: [createEd25519NoteVerifier(ORIGIN, logSigner.publicKey)],
  witnesses: witnesses.map((w) => createCosignatureVerifier(w.name, w.publicKey)),
  threshold: 2,
  required: ['customs-nl'],
};

async function logOf(batches: number[], consignmentRef = 'UCR-Q-1'): Promise<MemoryLedgerStore> {
  const store = new MemoryLedgerStore();
  for (const count of batches) {
    const latest = await store.latestCheckpoint();
    const events = Array.from({ length: count }, () => {
      const e = buildFixtureEvent('ship.consignment.picked-up', { consignmentRef, eventId: undefined });
      return acceptedEvent(e.envelope, e.opening);
    });
    await store.commitBatch(sequenceBatch(ORIGIN, latest?.treeState ?? { size: 0, frontier: [] }, events), (t) => signNote(t, [logSigner]));
  }
  return store;
}

async function cosign(store: MemoryLedgerStore, size: number, signers = witnesses): Promise<void> {
  const checkpoint = await store.checkpointAt(size);
  const text = peekCheckpoint(checkpoint!.note).text;
  for (const w of signers) {
    await store.addCosignature({ treeSize: size, witness: w.name, signatureLine: formatSignatureLine(w.cosign(text, 1_764_000_000)).trimEnd(), timestamp: 1_764_000_000 });
  }
}

describe('LedgerQueries', () => {
  it('finds the largest checkpoint the quorum cosigned, not merely the largest cosigned one', async () => {
    const store = await logOf([3, 4, 5]);
    const queries = new LedgerQueries(store, fixedQuorum(policy), ORIGIN);
    await expect(queries.finalCheckpoint()).rejects.toThrow(LedgerReadError);
    await cosign(store, 7);
    await cosign(store, 12, [witnesses[1]]); // shopwave only: not final (customs required, threshold 2)
    const { finality, note } = await queries.finalCheckpoint();
    expect(finality.checkpoint.size).toBe(7);
    expect(note.split('\n— ').length).toBe(4); // log + two witnesses
    const latest = await queries.latestCheckpoint();
    expect(latest.checkpoint.size).toBe(12);
  });

  it('says so when no witnesses are configured', async () => {
    const queries = new LedgerQueries(await logOf([1]), fixedQuorum(undefined), ORIGIN);
    await expect(queries.finalCheckpoint()).rejects.toMatchObject({ code: 'no-final-checkpoint' });
  });

  it('refuses ranges outside the log and entries outside the requested tree', async () => {
    const store = await logOf([4, 4]);
    const queries = new LedgerQueries(store, fixedQuorum(policy), ORIGIN);
    await expect(queries.consistencyProof(0, 8)).rejects.toMatchObject({ code: 'invalid-range' });
    await expect(queries.consistencyProof(3, 9)).rejects.toMatchObject({ code: 'invalid-range' });
    await expect(queries.consistencyProof(9)).rejects.toMatchObject({ code: 'invalid-range' });
    expect((await queries.consistencyProof(4)).to).toBe(8);
    await expect(queries.entryByIndex(6, 4)).rejects.toMatchObject({ code: 'invalid-range' });
    await expect(queries.entryByIndex(1, 5)).rejects.toMatchObject({ code: 'checkpoint-not-found' });
    await expect(queries.entryByIndex(8)).rejects.toMatchObject({ code: 'entry-not-found' });
    expect((await queries.entryByIndex(1, 4)).inclusionProof.treeSize).toBe(4);
  });

  it('pages a consignment’s entries', async () => {
    const store = await logOf([5]);
    const queries = new LedgerQueries(store, fixedQuorum(policy), ORIGIN);
    const page = await queries.consignmentEntries('UCR-Q-1', -1, 2);
    expect(page.entries.map((e) => e.index)).toEqual([0, 1]);
    expect(page.next).toBe(1);
    const last = await queries.consignmentEntries('UCR-Q-1', 3, 2);
    expect(last.entries.map((e) => e.index)).toEqual([4]);
    expect(last.next).toBeUndefined();
  });

  it('serves tiles and entry bundles a tile reader rebuilds proofs from; refuses tiles beyond the tree', async () => {
    const store = await logOf([300, 10]);
    const queries = new LedgerQueries(store, fixedQuorum(policy), ORIGIN);
    const reader = new TileHashReader(310, { readTiles: (tiles) => Promise.all(tiles.map(async (t) => (await queries.tile(tilePath(t))).bytes)) });
    expect(await generateInclusionProof(reader, 301, 310)).toEqual(await generateInclusionProof(store, 301, 310));
    expect(decodeEntryBundle((await queries.tile('tile/entries/001.p/54')).bytes)).toHaveLength(54);
    await expect(queries.tile('tile/entries/001.p/55')).rejects.toMatchObject({ code: 'tile-not-found' });
    await expect(queries.tile('tile/1/000')).rejects.toMatchObject({ code: 'tile-not-found' });
    expect((await queries.tile('tile/1/000.p/1')).bytes).toHaveLength(32);
    await expect(queries.tile('tile/0/1')).rejects.toMatchObject({ code: 'malformed-tile-path' });
  });
});

describe('LedgerQueries latest-checkpoint reuse', () => {
  it('reuses the latest checkpoint briefly, but reads again for a tree it does not cover yet', async () => {
    const store = await logOf([3]);
    let now = 0;
    const queries = new LedgerQueries(store, fixedQuorum(policy), ORIGIN, () => now);
    expect((await queries.latestCheckpoint()).checkpoint.size).toBe(3);
    const latest = await store.latestCheckpoint();
    const events = [buildFixtureEvent('ship.consignment.picked-up', { eventId: undefined })].map((e) => acceptedEvent(e.envelope, e.opening));
    await store.commitBatch(sequenceBatch(ORIGIN, latest!.treeState, events), (t) => signNote(t, [logSigner]));
    now = 100;
    expect((await queries.latestCheckpoint()).checkpoint.size).toBe(3); // within the reuse window
    // A witness asking for the entry bundle of the new checkpoint gets it at once.
    expect(decodeEntryBundle((await queries.tile('tile/entries/000.p/4')).bytes)).toHaveLength(4);
    expect((await queries.latestCheckpoint()).checkpoint.size).toBe(4);
  });
});

/** The in-memory store with the one-round-trip capability, counting what the read API asks of it. */
class CountingStore extends MemoryLedgerStore implements ProofPartsReader {
  readonly calls: string[] = [];
  readonly nodesRead: NodeId[][] = [];

  override async readNodes(ids: readonly NodeId[]): Promise<readonly Uint8Array[]> {
    this.calls.push('readNodes');
    this.nodesRead.push([...ids]);
    return super.readNodes(ids);
  }

  override async entryByIndex(index: number) {
    this.calls.push('entryByIndex');
    return super.entryByIndex(index);
  }

  override async cosignaturesAt(treeSize: number) {
    this.calls.push('cosignaturesAt');
    return super.cosignaturesAt(treeSize);
  }

  async readProofParts(request: ProofPartsRequest): Promise<ProofParts> {
    this.calls.push('readProofParts');
    this.nodesRead.push([...request.nodeIds]);
    const entry = request.entryIndex === undefined ? undefined : this.entries[request.entryIndex];
    const cosignatures = request.cosignaturesOf === undefined ? [] : await super.cosignaturesAt(request.cosignaturesOf);
    return { ...(entry ? { entry } : {}), hashes: await super.readNodes(request.nodeIds), cosignatureLines: cosignatures.map((c) => c.signatureLine) };
  }

  async readNodeRun(level: number, start: number, count: number): Promise<readonly Uint8Array[]> {
    this.calls.push('readNodeRun');
    return super.readNodes(Array.from({ length: count }, (_, i) => ({ level, index: start + i })));
  }

  reset(): void {
    this.calls.length = 0;
    this.nodesRead.length = 0;
  }
}

async function countingLogOf(batches: number[]): Promise<CountingStore> {
  const store = new CountingStore();
  for (const count of batches) {
    const latest = await store.latestCheckpoint();
    const events = Array.from({ length: count }, () => {
      const e = buildFixtureEvent('ship.consignment.picked-up', { consignmentRef: 'UCR-Q-2', eventId: undefined });
      return acceptedEvent(e.envelope, e.opening);
    });
    await store.commitBatch(sequenceBatch(ORIGIN, latest?.treeState ?? { size: 0, frontier: [] }, events), (t) => signNote(t, [logSigner]));
  }
  return store;
}

describe('LedgerQueries proof reads', () => {
  it('answers an entry with its proof and cosigned checkpoint in one storage round trip, the top of the tree from memory', async () => {
    const store = await countingLogOf([200, 100, 37]);
    await cosign(store, 337);
    const queries = new LedgerQueries(store, fixedQuorum(policy), ORIGIN, () => 0, new TreeNodeCache({ topLevels: 5, capacity: 1000 }));
    // What the plain store ports give, without capability or cache.
    const plain = new LedgerQueries(await copyOf(store), fixedQuorum(policy), ORIGIN);
    await queries.latestCheckpoint();
    store.reset();
    const first = await queries.entryByIndex(17);
    expect(store.calls).toEqual(['readProofParts']);
    expect(first).toEqual(await plain.entryByIndex(17));
    expect(first.checkpoint.split('\n— ').length).toBe(4);
    expect(store.nodesRead[0]).toEqual(planInclusionProof(17, 337).nodeIds);
    store.reset();
    const second = await queries.entryByIndex(18);
    expect(store.calls).toEqual(['readProofParts']);
    // Leaves 17 and 18 share every node above level 1: the top 5 levels now come from memory.
    expect(store.nodesRead[0]).toEqual(planInclusionProof(18, 337).nodeIds.filter((id) => id.level < 4));
    expect(second).toEqual(await plain.entryByIndex(18));
    for (const [index, treeSize] of [[0, 200], [199, 200], [250, 300], [336, undefined], [300, undefined]] as const) {
      expect(await queries.entryByIndex(index, treeSize)).toEqual(await plain.entryByIndex(index, treeSize));
    }
    const byEvent = store.entries[123].eventId;
    expect(await queries.entryByEventId(byEvent, 300)).toEqual(await plain.entryByEventId(byEvent, 300));
  });

  it('serves consistency proofs and upper tiles from memory once their nodes are cached', async () => {
    const store = await countingLogOf([200, 100, 37]);
    const queries = new LedgerQueries(store, fixedQuorum(policy), ORIGIN, () => 0, new TreeNodeCache({ topLevels: 9, capacity: 1000 }));
    const plain = new LedgerQueries(await copyOf(store), fixedQuorum(policy), ORIGIN);
    for (const [from, to] of [[200, 300], [200, 337], [1, 337], [77, 300], [300, 300]] as const) {
      expect(await queries.consistencyProof(from, to)).toEqual(await plain.consistencyProof(from, to));
    }
    store.reset();
    expect(await queries.consistencyProof(200, 300)).toEqual(await plain.consistencyProof(200, 300));
    expect(store.calls).toEqual([]);
    expect(await queries.tile('tile/0/001.p/81')).toEqual(await plain.tile('tile/0/001.p/81'));
    expect(store.calls).toEqual(['readNodeRun']);
    store.reset();
    expect(await queries.tile('tile/0/001.p/81')).toEqual(await plain.tile('tile/0/001.p/81'));
    expect(await queries.tile('tile/0/000')).toEqual(await plain.tile('tile/0/000'));
    // The partial tile read before now comes from memory (a 337-leaf tree is 9 levels high, all kept); tile 0 was never read.
    expect(store.calls).toEqual(['readNodeRun']);
  });

  it('reports a gap in the node table as before, and caches nothing from it', async () => {
    const store = await countingLogOf([40]);
    const cache = new TreeNodeCache({ topLevels: 64, capacity: 1000 });
    const queries = new LedgerQueries(store, fixedQuorum(policy), ORIGIN, () => 0, cache);
    store.nodes.delete('0/6');
    // (3, 4) covers leaves 32..39: a frontier node of the 40-leaf checkpoint, whose tree state
    // holds its hash; the gap must show all the same.
    store.nodes.delete('3/4');
    await expect(queries.entryByIndex(2)).rejects.toMatchObject({ code: 'missing-hash' });
    await expect(queries.consistencyProof(32, 40)).rejects.toMatchObject({ code: 'missing-hash' });
    await expect(queries.entryByIndex(7)).rejects.toMatchObject({ code: 'missing-hash' });
    await expect(queries.tile('tile/0/000.p/40')).rejects.toMatchObject({ code: 'missing-hash' });
    expect(cache.get({ level: 0, index: 6 })).toBeUndefined();
  });
});

/** A second store with the same log (no capability, no counting): the reference answers. */
async function copyOf(store: MemoryLedgerStore): Promise<MemoryLedgerStore> {
  const copy = new MemoryLedgerStore();
  copy.entries.push(...store.entries);
  copy.checkpoints.push(...store.checkpoints);
  copy.cosignatures.push(...store.cosignatures);
  for (const [key, hash] of store.nodes) copy.nodes.set(key, hash);
  return copy;
}
