// Sequencing, pure: validated events in arrival order → ledger entries with consecutive indexes,
// the tree nodes they complete, and the next checkpoint's text. Incremental (appendLeaves on
// the stored frontier): O(batch · log n), never a rebuild.
import type { EventEnvelope, PayloadOpening } from '@borderledger/events';
import { canonicalBytes } from '@borderledger/events';
import type { CommitBatchInput, NewLedgerEntry } from '@borderledger/ledger-store';
import { appendLeaves, formatCheckpoint, leafHash, treeRoot, type TreeState } from '@borderledger/merkle-log';

export interface AcceptedEvent {
  readonly envelope: EventEnvelope;
  readonly opening: PayloadOpening;
  /** entryBytes(envelope), when the caller already computed it. */
  readonly bytes?: Uint8Array;
}

/** The bytes the log commits to for an event: RFC 8785 canonical JSON of the signed envelope. */
export function entryBytes(envelope: EventEnvelope): Uint8Array {
  return canonicalBytes(envelope);
}

export function sequenceBatch(origin: string, state: TreeState, events: readonly AcceptedEvent[]): CommitBatchInput {
  const entries: NewLedgerEntry[] = events.map(({ envelope, opening, bytes: known }, i) => {
    const bytes = known ?? entryBytes(envelope);
    return {
      index: state.size + i,
      eventId: envelope.eventId,
      eventType: envelope.eventType,
      consignmentRef: envelope.consignmentRef,
      submitter: envelope.submitter,
      keyId: envelope.keyId,
      envelope: bytes,
      leafHash: leafHash(bytes),
      opening,
    };
  });
  const appended = appendLeaves(
    state,
    entries.map((e) => e.leafHash),
  );
  const rootHash = treeRoot(appended.state);
  return {
    previousSize: state.size,
    entries,
    nodes: appended.nodes,
    checkpoint: {
      size: appended.state.size,
      rootHash,
      treeState: appended.state,
      text: formatCheckpoint({ origin, size: appended.state.size, rootHash, extensions: [] }),
    },
  };
}
