// Sequencing, pure: validated events in arrival order → ledger entries with consecutive indexes,
// the tree nodes they complete, and the next checkpoint's text. Incremental (appendLeaves on
// the stored frontier): O(batch · log n), never a rebuild.
import type { EventEnvelope, PayloadOpening } from '@borderledger/events';
import { canonicalBytes } from '@borderledger/events';
import type { CommitBatchInput, NewLedgerEntry } from '@borderledger/ledger-store';
import { appendLeaves, formatCheckpoint, leafHash, treeRoot, type TreeState } from '@borderledger/merkle-log';

/** What sequencing needs of a validated event: the envelope's identity, the entry bytes, the opening. */
export interface AcceptedEvent {
  readonly eventId: string;
  readonly eventType: string;
  readonly consignmentRef: string | null;
  readonly submitter: string;
  readonly keyId: string;
  /** RFC 8785 bytes of the signed envelope: what the log commits to. */
  readonly entryBytes: Uint8Array;
  /** leafHash(entryBytes), computed where the event was validated (off the main thread). */
  readonly leafHash: Uint8Array;
  /** The validated payload opening as JSON text (what event_payloads stores). */
  readonly openingJson: string;
}

/** An AcceptedEvent from an envelope already known to be valid (tests, benchmarks, tools). */
export function acceptedEvent(envelope: EventEnvelope, opening: PayloadOpening): AcceptedEvent {
  const { eventId, eventType, consignmentRef, submitter, keyId } = envelope;
  // The bytes the log commits to: RFC 8785 canonical JSON of the signed envelope.
  const entryBytes = canonicalBytes(envelope);
  return { eventId, eventType, consignmentRef, submitter, keyId, entryBytes, leafHash: leafHash(entryBytes), openingJson: JSON.stringify(opening) };
}

export function sequenceBatch(origin: string, state: TreeState, events: readonly AcceptedEvent[]): CommitBatchInput {
  const entries: NewLedgerEntry[] = events.map((event, i) => ({
    index: state.size + i,
    eventId: event.eventId,
    eventType: event.eventType,
    consignmentRef: event.consignmentRef,
    submitter: event.submitter,
    keyId: event.keyId,
    envelope: event.entryBytes,
    leafHash: event.leafHash,
    openingJson: event.openingJson,
  }));
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
