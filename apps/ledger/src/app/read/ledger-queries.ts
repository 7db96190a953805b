// The read side: what the ledger serves — envelopes, proofs, checkpoints with cosignatures,
// tiles. Never payloads (ledger access is not data access). Every proof is computed from the
// stored perfect-subtree hashes with one batched read.
import type { EventEnvelope } from '@borderledger/events';
import type { CosignatureStore, LedgerEntryRecord, LedgerReader, StoredCheckpoint } from '@borderledger/ledger-store';
import {
  type FinalityPolicy,
  type FinalityResult,
  MerkleLogError,
  TILE_WIDTH,
  base64Encode,
  encodeEntryBundle,
  encodeTile,
  evaluateFinality,
  generateConsistencyProof,
  generateInclusionProof,
  parseTilePath,
  tileNodeIds,
  tileWidth,
} from '@borderledger/merkle-log';

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

export function toEntryView(record: LedgerEntryRecord): EntryView {
  return {
    index: record.index,
    eventId: record.eventId,
    eventType: record.eventType,
    consignmentRef: record.consignmentRef,
    submitter: record.submitter,
    keyId: record.keyId,
    committedAt: record.committedAt.toISOString(),
    leafHash: base64Encode(record.leafHash),
    envelope: JSON.parse(Buffer.from(record.envelope).toString('utf8')) as EventEnvelope,
  };
}

/** How many cosigned sizes finality looks back over before giving up. */
const FINALITY_LOOKBACK = 50;

/** "Latest" is racy by nature; reusing it for a moment saves a round trip on every proof read. */
const LATEST_TTL_MS = 250;

export class LedgerQueries {
  private latest: { readonly value: StoredCheckpoint | undefined; readonly at: number } | undefined;

  constructor(
    private readonly reader: LedgerReader & Pick<CosignatureStore, 'cosignaturesAt' | 'sizesWithCosignatures'>,
    private readonly policy: FinalityPolicy | undefined,
    private readonly origin: string,
    private readonly clock: () => number = Date.now,
  ) {}

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

  /** The signed note with every stored cosignature line appended (log signature first). */
  async cosignedNote(checkpoint: StoredCheckpoint): Promise<string> {
    const cosignatures = await this.reader.cosignaturesAt(checkpoint.size);
    return checkpoint.note + cosignatures.map((c) => `${c.signatureLine}\n`).join('');
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
    if (!this.policy) throw new LedgerReadError('no-final-checkpoint', 'no witnesses are configured: no checkpoint can be final');
    const sizes = await this.reader.sizesWithCosignatures(this.policy.threshold, FINALITY_LOOKBACK);
    for (const size of sizes) {
      const { note } = await this.checkpointAt(size);
      const finality = evaluateFinality(note, this.policy, { origin: this.origin, now: Math.floor(Date.now() / 1000), maxFutureSkewSeconds: 300 });
      if (finality.final) return { note, finality };
    }
    throw new LedgerReadError('no-final-checkpoint', `no checkpoint has reached the quorum (${this.policy.threshold} cosignatures${this.policy.required?.length ? `, including ${this.policy.required.join(', ')}` : ''}) yet`);
  }

  async entryByIndex(index: number, treeSize?: number): Promise<EntryWithProof> {
    const checkpoint = treeSize === undefined ? await this.latestStored(index + 1) : await this.reader.checkpointAt(treeSize);
    if (checkpoint && index < checkpoint.size) {
      // Everything the answer needs is known from the index: entry, proof nodes and cosignatures
      // in parallel, one round trip of latency.
      const [record, hashes, note] = await Promise.all([
        this.reader.entryByIndex(index),
        generateInclusionProof(this.reader, index, checkpoint.size),
        this.cosignedNote(checkpoint),
      ]);
      if (!record) throw new LedgerReadError('entry-not-found', `no entry at index ${index}`);
      return { ...toEntryView(record), inclusionProof: { treeSize: checkpoint.size, leafIndex: index, hashes: hashes.map(base64Encode) }, checkpoint: note };
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
    // The proof's nodes and the checkpoint's cosignatures in parallel: one round trip of latency.
    const [hashes, note] = await Promise.all([generateInclusionProof(this.reader, record.index, checkpoint.size), this.cosignedNote(checkpoint)]);
    return {
      ...toEntryView(record),
      inclusionProof: { treeSize: checkpoint.size, leafIndex: record.index, hashes: hashes.map(base64Encode) },
      checkpoint: note,
    };
  }

  async consistencyProof(from: number, to?: number): Promise<ConsistencyProofView> {
    const latest = await this.latestStored(Math.max(from, to ?? 0));
    const size = latest?.size ?? 0;
    const target = to ?? size;
    if (!(from >= 1 && from <= target && target <= size)) {
      throw new LedgerReadError('invalid-range', `need 1 <= from <= to <= ${size} (the latest tree size); got from=${from}, to=${target}`);
    }
    const hashes = await generateConsistencyProof(this.reader, from, target);
    return { from, to: target, hashes: hashes.map(base64Encode) };
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
    const hashes = await this.reader.readNodes(tileNodeIds(parsed));
    return { bytes: encodeTile(hashes) };
  }
}
