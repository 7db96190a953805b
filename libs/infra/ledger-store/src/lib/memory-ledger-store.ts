// In-memory LedgerWriter/LedgerReader/CosignatureStore for unit tests of the sequencer and the
// read API. Same contract as PrismaLedgerStore, including the compare-and-swap.
import { MerkleLogError, type NodeId, nodeKey } from '@borderledger/merkle-log';
import {
  CheckpointConflictError,
  type CheckpointSigner,
  type CommitBatchInput,
  type CosignatureRecord,
  type CosignatureStore,
  type LedgerEntryRecord,
  type LedgerReader,
  type LedgerWriter,
  type StoredCheckpoint,
} from './ledger-store';

export class MemoryLedgerStore implements LedgerWriter, LedgerReader, CosignatureStore {
  readonly entries: LedgerEntryRecord[] = [];
  readonly payloads = new Map<string, unknown>();
  readonly nodes = new Map<string, Uint8Array>();
  readonly checkpoints: StoredCheckpoint[] = [];
  readonly cosignatures: CosignatureRecord[] = [];
  /** Set to make the next commit fail after the CAS (a database outage). */
  failNextCommit: Error | undefined;

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    return this.checkpoints[this.checkpoints.length - 1];
  }

  async findByEventIds(eventIds: readonly string[]): Promise<Map<string, LedgerEntryRecord>> {
    const wanted = new Set(eventIds);
    return new Map(this.entries.filter((e) => wanted.has(e.eventId)).map((e) => [e.eventId, e]));
  }

  async commitBatch(input: CommitBatchInput, sign: CheckpointSigner): Promise<string> {
    const actual = this.checkpoints.length ? this.checkpoints[this.checkpoints.length - 1].size : 0;
    if (actual !== input.previousSize) throw new CheckpointConflictError(input.previousSize, actual);
    if (this.failNextCommit) {
      const error = this.failNextCommit;
      this.failNextCommit = undefined;
      throw error;
    }
    const note = sign(input.checkpoint.text);
    const ids = new Set(this.entries.map((e) => e.eventId));
    for (const e of input.entries) if (ids.has(e.eventId)) throw new Error(`duplicate event id ${e.eventId}`);
    const committedAt = new Date();
    for (const e of input.entries) {
      this.entries.push({ ...e, committedAt });
      this.payloads.set(e.eventId, JSON.parse(e.openingJson));
    }
    for (const n of input.nodes) this.nodes.set(nodeKey(n), n.hash);
    this.checkpoints.push({ ...input.checkpoint, note, createdAt: committedAt });
    return note;
  }

  async readNodes(ids: readonly NodeId[]): Promise<readonly Uint8Array[]> {
    return ids.map((id) => {
      const hash = this.nodes.get(nodeKey(id));
      if (!hash) throw new MerkleLogError('missing-hash', `tree node ${nodeKey(id)} is not stored`);
      return hash;
    });
  }

  async checkpointAt(size: number): Promise<StoredCheckpoint | undefined> {
    return this.checkpoints.find((c) => c.size === size);
  }

  async recentCheckpoints(limit: number): Promise<StoredCheckpoint[]> {
    return this.checkpoints.slice(-limit).reverse();
  }

  async entryByIndex(index: number): Promise<LedgerEntryRecord | undefined> {
    return this.entries[index];
  }

  async entryByEventId(eventId: string): Promise<LedgerEntryRecord | undefined> {
    return this.entries.find((e) => e.eventId === eventId);
  }

  async entriesByConsignment(consignmentRef: string, afterIndex: number, limit: number): Promise<LedgerEntryRecord[]> {
    return this.entries.filter((e) => e.consignmentRef === consignmentRef && e.index > afterIndex).slice(0, limit);
  }

  async envelopesInRange(start: number, end: number): Promise<Uint8Array[]> {
    if (end > this.entries.length) throw new MerkleLogError('missing-hash', `entries [${start}, ${end}) are not all stored`);
    return this.entries.slice(start, end).map((e) => e.envelope);
  }

  async addCosignature(record: CosignatureRecord): Promise<void> {
    if (this.cosignatures.some((c) => c.treeSize === record.treeSize && c.witness === record.witness)) return;
    this.cosignatures.push(record);
  }

  async cosignaturesAt(treeSize: number): Promise<CosignatureRecord[]> {
    return this.cosignatures.filter((c) => c.treeSize === treeSize).sort((a, b) => a.witness.localeCompare(b.witness));
  }

  async sizesWithCosignatures(minCount: number, limit: number): Promise<number[]> {
    const counts = new Map<number, number>();
    for (const c of this.cosignatures) counts.set(c.treeSize, (counts.get(c.treeSize) ?? 0) + 1);
    return [...counts].filter(([, n]) => n >= minCount).map(([size]) => size).sort((a, b) => b - a).slice(0, limit);
  }

  async latestCosignedSizes(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const c of this.cosignatures) out.set(c.witness, Math.max(out.get(c.witness) ?? 0, c.treeSize));
    return out;
  }
}
