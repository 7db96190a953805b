// The ledger's storage port: what the sequencer and the read API need, with no SQL in sight.
// PrismaLedgerStore implements it on PostgreSQL; MemoryLedgerStore backs the unit tests.
import type { HashReader, NodeId, StoredNode, TreeState } from '@borderledger/merkle-log';

/** One event as the ledger commits it. */
export interface NewLedgerEntry {
  readonly index: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly consignmentRef: string | null;
  readonly submitter: string;
  readonly keyId: string;
  /** RFC 8785 canonical bytes of the signed envelope: the Merkle leaf input. */
  readonly envelope: Uint8Array;
  readonly leafHash: Uint8Array;
  /**
   * The payload opening (payload + salts) as JSON text, stored beside the ledger, never served by
   * it. Text because the validator has it as text already: it crosses from a worker thread and
   * into the INSERT without being rebuilt as objects.
   */
  readonly openingJson: string;
}

export interface NewCheckpoint {
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly treeState: TreeState;
  /** The checkpoint note text (unsigned body); signed inside the append lock, see commitBatch. */
  readonly text: string;
}

export interface CommitBatchInput {
  /** The tree size this batch extends: the compare-and-swap expectation. */
  readonly previousSize: number;
  readonly entries: readonly NewLedgerEntry[];
  /** Every node appendLeaves returned for these entries. */
  readonly nodes: readonly StoredNode[];
  readonly checkpoint: NewCheckpoint;
}

/** Signs checkpoint text into a signed note; called only once the append lock is held and the CAS passed. */
export type CheckpointSigner = (text: string) => string;

export interface StoredCheckpoint {
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** Signed note, log signature only. */
  readonly note: string;
  readonly treeState: TreeState;
  readonly createdAt: Date;
}

export interface LedgerEntryRecord {
  readonly index: number;
  readonly eventId: string;
  readonly eventType: string;
  readonly consignmentRef: string | null;
  readonly submitter: string;
  readonly keyId: string;
  readonly envelope: Uint8Array;
  readonly leafHash: Uint8Array;
  readonly committedAt: Date;
}

export interface CosignatureRecord {
  readonly treeSize: number;
  readonly witness: string;
  /** The full signed-note signature line, "— <name> <base64>". */
  readonly signatureLine: string;
  readonly timestamp: number;
}

/**
 * Another writer advanced the log: the tree size this instance expected is no longer the
 * latest. The instance MUST stop; carrying on would sign a fork.
 */
export class CheckpointConflictError extends Error {
  readonly code = 'CHECKPOINT_CONFLICT';
  constructor(
    readonly expectedSize: number,
    readonly actualSize: number,
  ) {
    super(
      `checkpoint compare-and-swap failed: this ledger instance expected the log at size ${expectedSize}, ` +
        `but the database holds a checkpoint of size ${actualSize}. Another ledger instance is writing to the same ` +
        `database; this instance stops rather than sign a conflicting checkpoint.`,
    );
    this.name = 'CheckpointConflictError';
  }
}

export interface LedgerWriter {
  /** The latest checkpoint, or undefined for an empty log. */
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  /** Committed entries among these event ids (idempotency). */
  findByEventIds(eventIds: readonly string[]): Promise<Map<string, LedgerEntryRecord>>;
  /**
   * One transaction: take the append lock, check that the latest checkpoint has
   * `previousSize` (else CheckpointConflictError), sign, then insert entries, payloads, nodes and
   * the checkpoint. Returns the signed note.
   */
  commitBatch(input: CommitBatchInput, sign: CheckpointSigner): Promise<string>;
}

export interface LedgerReader extends HashReader {
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  checkpointAt(size: number): Promise<StoredCheckpoint | undefined>;
  /** Latest checkpoints first, at most `limit` (finality looks back over recent ones). */
  recentCheckpoints(limit: number): Promise<StoredCheckpoint[]>;
  entryByIndex(index: number): Promise<LedgerEntryRecord | undefined>;
  entryByEventId(eventId: string): Promise<LedgerEntryRecord | undefined>;
  /** Entries of a consignment in ledger order, after `afterIndex` (exclusive), at most `limit`. */
  entriesByConsignment(consignmentRef: string, afterIndex: number, limit: number): Promise<LedgerEntryRecord[]>;
  /** Envelope bytes of entries [start, end), in order (entry bundles). */
  envelopesInRange(start: number, end: number): Promise<Uint8Array[]>;
}

export interface CosignatureStore {
  /** Stores a verified cosignature line; a repeat for (size, witness) is ignored. */
  addCosignature(record: CosignatureRecord): Promise<void>;
  cosignaturesAt(treeSize: number): Promise<CosignatureRecord[]>;
  /** Per witness, the largest tree size it cosigned. */
  latestCosignedSizes(): Promise<Map<string, number>>;
  /** Tree sizes with at least `minCount` cosignatures, largest first (finality candidates). */
  sizesWithCosignatures(minCount: number, limit: number): Promise<number[]>;
}

/** What one proof answer needs from storage, read together (see ProofPartsReader). */
export interface ProofPartsRequest {
  /** The entry to read with the proof; omitted when the caller has it already. */
  readonly entryIndex?: number;
  /** Tree nodes to read (hashes come back in this order). */
  readonly nodeIds: readonly NodeId[];
  /** Tree size whose cosignature lines to read; omitted when none are needed. */
  readonly cosignaturesOf?: number;
}

export interface ProofParts {
  /** The requested entry; undefined when none was requested or it is not stored. */
  readonly entry?: LedgerEntryRecord;
  /** Hashes of the requested nodes, in request order. */
  readonly hashes: readonly Uint8Array[];
  /** Cosignature lines of `cosignaturesOf`, in the order of cosignaturesAt (by witness). */
  readonly cosignatureLines: readonly string[];
}

/**
 * Optional read capability: a store MAY answer everything one proof needs in one round trip,
 * and a run of nodes of one level (a tile) with one range read. The read API uses it when the
 * store has it and otherwise composes the same answers from LedgerReader and CosignatureStore.
 */
export interface ProofPartsReader {
  /** MUST reject like readNodes (MerkleLogError 'missing-hash') when a requested node is absent. */
  readProofParts(request: ProofPartsRequest): Promise<ProofParts>;
  /** Hashes of nodes (level, start) … (level, start + count - 1), in order; rejects like readNodes. */
  readNodeRun(level: number, start: number, count: number): Promise<readonly Uint8Array[]>;
}

export function isProofPartsReader(store: object): store is ProofPartsReader {
  const candidate = store as Partial<ProofPartsReader>;
  return typeof candidate.readProofParts === 'function' && typeof candidate.readNodeRun === 'function';
}
