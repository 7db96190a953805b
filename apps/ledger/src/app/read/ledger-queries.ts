// The read side: what the ledger serves — envelopes, proofs, checkpoints with cosignatures,
// tiles. Never payloads (ledger access is not data access). Every proof is computed from the
// stored perfect-subtree hashes: the top levels of the tree from memory (TreeNodeCache), the rest
// with the entry and the checkpoint's cosignatures in one storage round trip.
import type { EventEnvelope } from '@borderledger/events';
import {
  type CosignatureStore,
  type LedgerEntryRecord,
  type LedgerReader,
  type ProofParts,
  type ProofPartsReader,
  type ProofPartsRequest,
  type StoredCheckpoint,
  isProofPartsReader,
} from '@borderledger/ledger-store';
import {
  type FinalityResult,
  MerkleLogError,
  type NodeId,
  type ProofPlan,
  TILE_HEIGHT,
  TILE_WIDTH,
  buildProof,
  encodeEntryBundle,
  encodeTile,
  evaluateFinality,
  parseTilePath,
  planConsistencyProof,
  planInclusionProof,
  tileNodeIds,
  tileWidth,
} from '@borderledger/merkle-log';
import { TreeNodeCache } from './tree-node-cache';
import type { QuorumSource } from '../witnesses/governed-quorum';

export type LedgerReadErrorCode = 'entry-not-found' | 'checkpoint-not-found' | 'no-final-checkpoint' | 'invalid-range' | 'tile-not-found' | 'malformed-tile-path';

export class LedgerReadError extends Error {
  override readonly name = 'LedgerReadError';
  constructor(
    readonly code: LedgerReadErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface EntryView {
  readonly index: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly consignmentRef: string | null;
  readonly submitter: string;
  readonly keyId: string;
  readonly committedAt: string;
  /** base64 RFC 9162 leaf hash of the canonical envelope bytes. */
  readonly leafHash: string;
  readonly envelope: EventEnvelope;
}

export interface InclusionProofView {
  readonly treeSize: number;
  readonly leafIndex: number;
  /** base64 hashes, leaf upwards (RFC 9162 §2.1.3). */
  readonly hashes: readonly string[];
}

export interface EntryWithProof extends EntryView {
  readonly inclusionProof: InclusionProofView;
  /** The signed checkpoint of treeSize, cosignatures included: what the proof verifies against. */
  readonly checkpoint: string;
}

export interface ConsistencyProofView {
  readonly from: number;
  readonly to: number;
  readonly hashes: readonly string[];
}

export interface ConsignmentEntriesView {
  readonly consignmentRef: string;
  readonly entries: readonly EntryView[];
  /** Pass as `after` to read the next page; absent on the last page. */
  readonly next?: number;
}

export interface TileResponse {
  readonly bytes: Uint8Array;
}

/**
 * Standard base64 with padding (RFC 4648 §4), as base64Encode of @borderledger/merkle-log gives,
 * but by Node's native encoder: the pure-JS one builds each string by concatenation and was the
 * largest single allocation site of a proof request.
 */
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

export function toEntryView(record: LedgerEntryRecord): EntryView {
  return {
    index: record.index,
    eventId: record.eventId,
    eventType: record.eventType,
    consignmentRef: record.consignmentRef,
    submitter: record.submitter,
    keyId: record.keyId,
    committedAt: record.committedAt.toISOString(),
    leafHash: base64(record.leafHash),
    envelope: JSON.parse(Buffer.from(record.envelope.buffer, record.envelope.byteOffset, record.envelope.byteLength).toString('utf8')) as EventEnvelope,
  };
}

type QueryStore = LedgerReader & Pick<CosignatureStore, 'cosignaturesAt' | 'sizesWithCosignatures'>;

/** The same answers as a ProofPartsReader, from the plain store ports (in-memory store, tests). */
class ComposedProofParts implements ProofPartsReader {
  constructor(private readonly store: QueryStore) {}

  async readProofParts({ entryIndex, nodeIds, cosignaturesOf }: ProofPartsRequest): Promise<ProofParts> {
    const [entry, hashes, cosignatures] = await Promise.all([
      entryIndex === undefined ? undefined : this.store.entryByIndex(entryIndex),
      this.store.readNodes(nodeIds),
      cosignaturesOf === undefined ? [] : this.store.cosignaturesAt(cosignaturesOf),
    ]);
    return { ...(entry ? { entry } : {}), hashes, cosignatureLines: cosignatures.map((c) => c.signatureLine) };
  }

  readNodeRun(level: number, start: number, count: number): Promise<readonly Uint8Array[]> {
    return this.store.readNodes(Array.from({ length: count }, (_, i) => ({ level, index: start + i })));
  }
}

/** How many cosigned sizes finality looks back over before giving up. */
const FINALITY_LOOKBACK = 50;

/** "Latest" is racy by nature; reusing it for a moment saves a round trip on every proof read. */
const LATEST_TTL_MS = 250;

export class LedgerQueries {
  private latest: { readonly value: StoredCheckpoint | undefined; readonly at: number } | undefined;
  private readonly parts: ProofPartsReader;

  constructor(
    private readonly reader: QueryStore,
    private readonly quorum: QuorumSource,
    private readonly origin: string,
    private readonly clock: () => number = Date.now,
    private readonly nodes: TreeNodeCache = new TreeNodeCache(),
  ) {
    this.parts = isProofPartsReader(reader) ? reader : new ComposedProofParts(reader);
  }

  /**
   * The latest checkpoint, reused for LATEST_TTL_MS, but read again when the caller needs a tree
   * of at least `atLeast` entries (a witness fetching the entries of a checkpoint just pushed to it).
   */
  private async latestStored(atLeast = 0): Promise<StoredCheckpoint | undefined> {
    const fresh = this.latest && this.clock() - this.latest.at < LATEST_TTL_MS;
    if (this.latest && fresh && (this.latest.value?.size ?? 0) >= atLeast) return this.latest.value;
    const value = await this.reader.latestCheckpoint();
    this.latest = { value, at: this.clock() };
    return value;
  }

  /**
   * The proof of `plan` for a tree of `treeSize`, with the rest of `request` read in the same round
   * trip: cached nodes come from memory, the others from storage (and are remembered).
   */
  private async proofWith(plan: ProofPlan, treeSize: number, request: Omit<ProofPartsRequest, 'nodeIds'>): Promise<{ proof: string[]; parts: ProofParts }> {
    const { hashes, missing } = this.nodes.lookup(plan.nodeIds);
    const parts: ProofParts =
      request.entryIndex !== undefined || request.cosignaturesOf !== undefined
        ? await this.parts.readProofParts({ ...request, nodeIds: missing })
        : { hashes: missing.length > 0 ? await this.reader.readNodes(missing) : [], cosignatureLines: [] };
    this.fill(hashes, missing, parts.hashes, treeSize);
    return { proof: buildProof(plan, hashes as Uint8Array[]).map(base64), parts };
  }

  /** Puts `read` (the hashes of `missing`) into the holes of `hashes`, remembering each. */
  private fill(hashes: (Uint8Array | undefined)[], missing: readonly NodeId[], read: readonly Uint8Array[], treeSize: number): void {
    if (read.length !== missing.length) throw new MerkleLogError('missing-hash', `expected ${missing.length} stored hashes, got ${read.length}`);
    let next = 0;
    for (let i = 0; i < hashes.length; i++) {
      if (hashes[i] !== undefined) continue;
      hashes[i] = read[next];
      this.nodes.remember(missing[next], read[next], treeSize);
      next++;
    }
  }

  /** The signed note with every stored cosignature line appended (log signature first). */
  async cosignedNote(checkpoint: StoredCheckpoint): Promise<string> {
    const cosignatures = await this.reader.cosignaturesAt(checkpoint.size);
    return withCosignatures(checkpoint, cosignatures.map((c) => c.signatureLine));
  }

  async latestCheckpoint(): Promise<{ checkpoint: StoredCheckpoint; note: string }> {
    const latest = await this.latestStored();
    if (!latest) throw new LedgerReadError('checkpoint-not-found', 'the log is empty: no checkpoint yet');
    return { checkpoint: latest, note: await this.cosignedNote(latest) };
  }

  async checkpointAt(size: number): Promise<{ checkpoint: StoredCheckpoint; note: string }> {
    const found = await this.reader.checkpointAt(size);
    if (!found) throw new LedgerReadError('checkpoint-not-found', `no checkpoint of size ${size}`);
    return { checkpoint: found, note: await this.cosignedNote(found) };
  }

  /** The largest checkpoint whose cosignatures meet the quorum. */
  async finalCheckpoint(): Promise<{ note: string; finality: FinalityResult }> {
    const { policy, source } = this.quorum.at(new Date(this.clock()));
    if (!policy) throw new LedgerReadError('no-final-checkpoint', 'no witnesses are configured: no checkpoint can be final');
    const sizes = await this.reader.sizesWithCosignatures(policy.threshold, FINALITY_LOOKBACK);
    for (const size of sizes) {
      const { note } = await this.checkpointAt(size);
      const finality = evaluateFinality(note, policy, { origin: this.origin, now: Math.floor(Date.now() / 1000), maxFutureSkewSeconds: 300 });
      if (finality.final) return { note, finality };
    }
    throw new LedgerReadError(
      'no-final-checkpoint',
      `no checkpoint has reached the quorum (${policy.threshold} cosignatures${policy.required?.length ? `, including ${policy.required.join(', ')}` : ''}; set by ${source}) yet`,
    );
  }

  async entryByIndex(index: number, treeSize?: number): Promise<EntryWithProof> {
    const checkpoint = treeSize === undefined ? await this.latestStored(index + 1) : await this.reader.checkpointAt(treeSize);
    if (checkpoint && index < checkpoint.size) {
      // Everything the answer needs is known from the index: entry, the proof nodes not in memory
      // and the cosignatures, in one storage round trip.
      const { proof, parts } = await this.proofWith(planInclusionProof(index, checkpoint.size), checkpoint.size, { entryIndex: index, cosignaturesOf: checkpoint.size });
      if (!parts.entry) throw new LedgerReadError('entry-not-found', `no entry at index ${index}`);
      return {
        ...toEntryView(parts.entry),
        inclusionProof: { treeSize: checkpoint.size, leafIndex: index, hashes: proof },
        checkpoint: withCosignatures(checkpoint, parts.cosignatureLines),
      };
    }
    const record = await this.reader.entryByIndex(index);
    if (!record) throw new LedgerReadError('entry-not-found', `no entry at index ${index}`);
    return this.withProof(record, treeSize);
  }

  async entryByEventId(eventId: string, treeSize?: number): Promise<EntryWithProof> {
    const record = await this.reader.entryByEventId(eventId);
    if (!record) throw new LedgerReadError('entry-not-found', `event ${eventId} is not on the ledger`);
    return this.withProof(record, treeSize);
  }

  private async withProof(record: LedgerEntryRecord, treeSize: number | undefined): Promise<EntryWithProof> {
    const checkpoint = treeSize === undefined ? await this.latestStored(record.index + 1) : await this.reader.checkpointAt(treeSize);
    if (!checkpoint) throw new LedgerReadError('checkpoint-not-found', treeSize === undefined ? 'the log is empty: no checkpoint yet' : `no checkpoint of size ${treeSize}`);
    if (record.index >= checkpoint.size) {
      throw new LedgerReadError('invalid-range', `entry ${record.index} is not in the tree of size ${checkpoint.size}`);
    }
    // The proof's nodes and the checkpoint's cosignatures together: one round trip.
    const { proof, parts } = await this.proofWith(planInclusionProof(record.index, checkpoint.size), checkpoint.size, { cosignaturesOf: checkpoint.size });
    return {
      ...toEntryView(record),
      inclusionProof: { treeSize: checkpoint.size, leafIndex: record.index, hashes: proof },
      checkpoint: withCosignatures(checkpoint, parts.cosignatureLines),
    };
  }

  async consistencyProof(from: number, to?: number): Promise<ConsistencyProofView> {
    const latest = await this.latestStored(Math.max(from, to ?? 0));
    const size = latest?.size ?? 0;
    const target = to ?? size;
    if (!(from >= 1 && from <= target && target <= size)) {
      throw new LedgerReadError('invalid-range', `need 1 <= from <= to <= ${size} (the latest tree size); got from=${from}, to=${target}`);
    }
    const { proof } = await this.proofWith(planConsistencyProof(from, target), target, {});
    return { from, to: target, hashes: proof };
  }

  async consignmentEntries(consignmentRef: string, after: number, limit: number): Promise<ConsignmentEntriesView> {
    const records = await this.reader.entriesByConsignment(consignmentRef, after, limit + 1);
    const page = records.slice(0, limit);
    return {
      consignmentRef,
      entries: page.map(toEntryView),
      ...(records.length > limit ? { next: page[page.length - 1].index } : {}),
    };
  }

  /** A tlog-tiles resource: a hash tile or an entry bundle, for the latest checkpoint's tree. */
  async tile(path: string): Promise<TileResponse> {
    let parsed;
    try {
      parsed = parseTilePath(path);
    } catch (error) {
      if (error instanceof MerkleLogError) throw new LedgerReadError('malformed-tile-path', error.message);
      throw error;
    }
    const needed = parsed.kind === 'entries' ? parsed.index * TILE_WIDTH + parsed.width : (parsed.index * TILE_WIDTH + parsed.width) * TILE_WIDTH ** parsed.level;
    const size = (await this.latestStored(needed))?.size ?? 0;
    if (parsed.kind === 'entries') {
      const available = Math.max(0, Math.min(TILE_WIDTH, size - parsed.index * TILE_WIDTH));
      if (available < parsed.width) throw new LedgerReadError('tile-not-found', `entry bundle ${path} is beyond the tree (size ${size})`);
      const start = parsed.index * TILE_WIDTH;
      return { bytes: encodeEntryBundle(await this.reader.envelopesInRange(start, start + parsed.width)) };
    }
    if (tileWidth(parsed.level, parsed.index, size) < parsed.width) {
      throw new LedgerReadError('tile-not-found', `tile ${path} is beyond the tree (size ${size})`);
    }
    // A tile's hashes are the nodes (8L, 256N … 256N + W - 1), all complete in a tree of `size`:
    // from memory when every one is cached (upper tiles), else one range read.
    const ids = tileNodeIds(parsed);
    const level = parsed.level * TILE_HEIGHT;
    if (this.nodes.keepsLevel(level, size)) {
      const { hashes, missing } = this.nodes.lookup(ids);
      if (missing.length === 0) return { bytes: encodeTile(hashes as Uint8Array[]) };
    }
    const hashes = new Array<Uint8Array | undefined>(ids.length);
    this.fill(hashes, ids, await this.parts.readNodeRun(level, ids[0].index, ids.length), size);
    return { bytes: encodeTile(hashes as Uint8Array[]) };
  }
}

/** The signed note with the stored cosignature lines appended (log signature first). */
function withCosignatures(checkpoint: StoredCheckpoint, lines: readonly string[]): string {
  return checkpoint.note + lines.map((line) => `${line}\n`).join('');
}
