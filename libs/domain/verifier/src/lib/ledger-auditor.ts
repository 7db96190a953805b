/**
 * The audit of a ledger's storage, pure: fed the stored rows in index order (pages at a time), it
 * recomputes every leaf hash and the tree, compares them with the stored leaf hashes, tree nodes
 * and every checkpoint (root, signed note, tree state), and names the first entry that does not
 * match. The caller owns the I/O (scripts/verify.ts audit reads PostgreSQL in pages).
 */
import { type CommitmentTarget, canonicalBytes, verifyPayloadOpening } from '@borderledger/events';
import {
  EMPTY_TREE_STATE,
  type NoteVerifier,
  type StoredNode,
  type TreeState,
  appendLeaves,
  bytesEqual,
  bytesToHex,
  encodeTreeState,
  leafHash,
  nodeEnd,
  nodeKey,
  nodeStart,
  openCheckpoint,
  peekCheckpoint,
  treeRoot,
  utf8Decode,
} from '@borderledger/merkle-log';

export interface AuditEntryRow {
  readonly index: number;
  readonly eventId: string;
  /** The stored leaf input: RFC 8785 bytes of the signed envelope. */
  readonly envelope: Uint8Array;
  readonly leafHash: Uint8Array;
  /**
   * The stored payload opening (event_payloads), `null` when the entry has none; leave it out
   * to audit the log alone. Checked against the envelope's payloadCommitment.
   */
  readonly opening?: unknown;
}

export interface AuditCheckpointRow {
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  readonly note: string;
  readonly treeState: Uint8Array;
}

export type AuditFindingKind =
  | 'missing-entry'
  | 'leaf-hash-mismatch'
  | 'envelope-not-canonical'
  | 'event-id-mismatch'
  | 'payload-missing'
  | 'payload-mismatch'
  | 'node-missing'
  | 'node-mismatch'
  | 'checkpoint-root-mismatch'
  | 'checkpoint-note-mismatch'
  | 'checkpoint-signature'
  | 'checkpoint-tree-state'
  | 'checkpoint-beyond-log'
  | 'checkpoint-out-of-order';

export interface AuditFinding {
  readonly kind: AuditFindingKind;
  readonly message: string;
  /** The first entry the finding implicates (exact for entry and leaf findings). */
  readonly entryIndex: number;
  /** When the entry cannot be pinned down further: the entries [from, to) one of which differs. */
  readonly range?: { readonly from: number; readonly to: number };
}

export interface LedgerAuditorOptions {
  /** The log's keys: with them every checkpoint's signature is verified too. */
  readonly logVerifiers?: readonly NoteVerifier[];
  readonly origin?: string;
  /** Findings kept (the audit stops at the first page with one anyway). */
  readonly maxFindings?: number;
}

export interface AuditProgress {
  readonly entries: number;
  readonly nodes: number;
  readonly checkpoints: number;
}

export class LedgerAuditor {
  private state: TreeState = EMPTY_TREE_STATE;
  private readonly pending: AuditCheckpointRow[] = [];
  private readonly found: AuditFinding[] = [];
  private lastGoodCheckpoint = 0;
  private lastQueuedSize = -1;
  private nodesChecked = 0;
  private checkpointsChecked = 0;

  constructor(private readonly options: LedgerAuditorOptions = {}) {}

  get size(): number {
    return this.state.size;
  }

  get progress(): AuditProgress {
    return { entries: this.state.size, nodes: this.nodesChecked, checkpoints: this.checkpointsChecked };
  }

  get findings(): readonly AuditFinding[] {
    return this.found;
  }

  /**
   * The finding that implicates the earliest entry: the one to report. A finding over a range
   * (a subtree or a checkpoint) that contains an exactly named entry is that entry's echo and
   * gives way to it.
   */
  get firstFinding(): AuditFinding | undefined {
    const exact = this.found.filter((f) => !f.range);
    const explained = (f: AuditFinding) => {
      const range = f.range;
      return !!range && exact.some((e) => e.entryIndex >= range.from && e.entryIndex < range.to);
    };
    let first: AuditFinding | undefined;
    for (const f of this.found) {
      if (explained(f)) continue;
      if (!first || f.entryIndex < first.entryIndex || (f.entryIndex === first.entryIndex && first.range && !f.range)) first = f;
    }
    return first;
  }

  /** Checkpoints (ascending tree size) to check once the recomputed tree reaches their size. */
  queueCheckpoints(rows: readonly AuditCheckpointRow[]): void {
    for (const row of rows) {
      if (row.treeSize <= this.lastQueuedSize) {
        this.record({ kind: 'checkpoint-out-of-order', entryIndex: row.treeSize, message: `checkpoint of size ${row.treeSize} queued after size ${this.lastQueuedSize}` });
        continue;
      }
      this.lastQueuedSize = row.treeSize;
      this.pending.push(row);
    }
    this.checkReachedCheckpoints();
  }

  /**
   * Appends stored entries (index order, contiguous from the current size). Returns every tree
   * node the recomputation completes, to compare with the stored nodes (checkNodes).
   */
  addEntries(rows: readonly AuditEntryRow[]): StoredNode[] {
    const nodes: StoredNode[] = [];
    for (const row of rows) {
      const index = this.state.size;
      if (row.index !== index) {
        this.record({
          kind: 'missing-entry',
          entryIndex: index,
          message: row.index > index ? `entry ${index} is missing (the next stored entry is ${row.index})` : `entry ${row.index} is stored twice or out of order`,
        });
        return nodes;
      }
      const computed = leafHash(row.envelope);
      if (!bytesEqual(computed, row.leafHash)) {
        this.record({
          kind: 'leaf-hash-mismatch',
          entryIndex: index,
          message: `entry ${index} (event ${row.eventId}): stored leaf_hash ${bytesToHex(row.leafHash)} is not SHA-256(0x00 ‖ envelope) = ${bytesToHex(computed)}`,
        });
      }
      const envelopeProblem = this.checkEnvelopeBytes(row);
      if (envelopeProblem) this.record(envelopeProblem);
      const appended = appendLeaves(this.state, [computed]);
      this.state = appended.state;
      nodes.push(...appended.nodes);
      this.checkReachedCheckpoints();
    }
    return nodes;
  }

  /** Compares recomputed nodes with what storage holds for the same (level, index). */
  checkNodes(expected: readonly StoredNode[], stored: ReadonlyMap<string, Uint8Array>): void {
    for (const node of expected) {
      this.nodesChecked++;
      const key = nodeKey(node);
      const have = stored.get(key);
      const span = node.level === 0 ? `entry ${node.index}` : `entries ${nodeStart(node)}..${nodeEnd(node) - 1}`;
      if (!have) {
        this.record({ kind: 'node-missing', entryIndex: nodeStart(node), message: `tree node ${key} (${span}) is not stored` });
      } else if (!bytesEqual(have, node.hash)) {
        this.record({
          kind: 'node-mismatch',
          entryIndex: nodeStart(node),
          ...(node.level === 0 ? {} : { range: { from: nodeStart(node), to: nodeEnd(node) } }),
          message: `stored tree node ${key} (${span}) is ${bytesToHex(have)}, the entries give ${bytesToHex(node.hash)}`,
        });
      }
    }
  }

  /** After the last page: any checkpoint beyond the entries means entries were removed. */
  finish(): void {
    for (const row of this.pending.splice(0)) {
      this.record({
        kind: 'checkpoint-beyond-log',
        entryIndex: this.state.size,
        range: { from: this.state.size, to: row.treeSize },
        message: `checkpoint of size ${row.treeSize} exists but only ${this.state.size} entries are stored: entries ${this.state.size}..${row.treeSize - 1} are missing`,
      });
    }
  }

  private checkEnvelopeBytes(row: AuditEntryRow): AuditFinding | undefined {
    let parsed: unknown;
    try {
      parsed = JSON.parse(utf8Decode(row.envelope));
    } catch {
      return { kind: 'envelope-not-canonical', entryIndex: row.index, message: `entry ${row.index}: the stored envelope is not JSON` };
    }
    let canonical: Uint8Array | undefined;
    try {
      canonical = canonicalBytes(parsed);
    } catch {
      canonical = undefined;
    }
    if (!canonical || !bytesEqual(canonical, row.envelope)) {
      return { kind: 'envelope-not-canonical', entryIndex: row.index, message: `entry ${row.index}: the stored envelope is not in RFC 8785 canonical form` };
    }
    const eventId = (parsed as { eventId?: unknown }).eventId;
    if (eventId !== row.eventId) {
      return { kind: 'event-id-mismatch', entryIndex: row.index, message: `entry ${row.index}: column event_id ${row.eventId} differs from the envelope's ${String(eventId)}` };
    }
    if (row.opening === undefined) return undefined;
    if (row.opening === null) {
      return { kind: 'payload-missing', entryIndex: row.index, message: `entry ${row.index} (event ${row.eventId}): no payload is stored for it` };
    }
    // The payload lives beside the log, outside its hashes: only its commitment inside the signed
    // envelope can tell that it was rewritten.
    const opened = verifyPayloadOpening(row.opening, parsed as CommitmentTarget);
    if (!opened.ok) {
      return { kind: 'payload-mismatch', entryIndex: row.index, message: `entry ${row.index} (event ${row.eventId}): the stored payload does not open the envelope's commitment (${opened.message})` };
    }
    return undefined;
  }

  private checkReachedCheckpoints(): void {
    while (this.pending.length > 0 && this.pending[0].treeSize <= this.state.size) {
      const row = this.pending.shift() as AuditCheckpointRow;
      if (row.treeSize < this.state.size) {
        this.record({ kind: 'checkpoint-out-of-order', entryIndex: row.treeSize, message: `checkpoint of size ${row.treeSize} was queued after the audit passed that size` });
        continue;
      }
      this.checkCheckpoint(row);
    }
  }

  private checkCheckpoint(row: AuditCheckpointRow): void {
    this.checkpointsChecked++;
    const size = row.treeSize;
    const root = treeRoot(this.state);
    const suspects = { from: this.lastGoodCheckpoint, to: size };
    const before = this.found.length;
    if (!bytesEqual(root, row.rootHash)) {
      this.record({
        kind: 'checkpoint-root-mismatch',
        entryIndex: suspects.from,
        range: suspects,
        message: `checkpoint ${size}: stored root_hash ${bytesToHex(row.rootHash)} differs from the root the entries give (${bytesToHex(root)}); an entry in ${suspects.from}..${size - 1} was changed`,
      });
    }
    try {
      const { checkpoint } = this.options.logVerifiers
        ? openCheckpoint(row.note, this.options.logVerifiers, this.options.origin ? { origin: this.options.origin } : {})
        : peekCheckpoint(row.note);
      if (checkpoint.size !== size || !bytesEqual(checkpoint.rootHash, root)) {
        this.record({
          kind: 'checkpoint-note-mismatch',
          entryIndex: suspects.from,
          range: suspects,
          message: `checkpoint ${size}: the signed note says size ${checkpoint.size} root ${bytesToHex(checkpoint.rootHash)}, the entries give ${bytesToHex(root)}; an entry in ${suspects.from}..${size - 1} was changed`,
        });
      }
    } catch (e) {
      this.record({
        kind: 'checkpoint-signature',
        entryIndex: size,
        message: `checkpoint ${size}: the stored note does not verify: ${e instanceof Error ? e.message : String(e)}`,
      });
    }
    if (!bytesEqual(encodeTreeState(this.state), row.treeState)) {
      this.record({ kind: 'checkpoint-tree-state', entryIndex: suspects.from, range: suspects, message: `checkpoint ${size}: stored tree_state differs from the recomputed frontier` });
    }
    if (this.found.length === before) this.lastGoodCheckpoint = size;
  }

  private record(finding: AuditFinding): void {
    if (this.found.length < (this.options.maxFindings ?? 100)) this.found.push(finding);
  }
}
