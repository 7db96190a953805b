// What the ledger tells the rest of the network after a commit (docs/design/messages.md):
// committed envelopes with their index, each new signed checkpoint, and every rejection with its
// code and reason. The port keeps Kafka out of the use case.
import type { Rejection } from '@borderledger/entry-validation';

export interface CommittedEvent {
  readonly eventId: string;
  readonly index: number;
  /** The entry: RFC 8785 bytes of the signed envelope, published as they are (no re-encoding). */
  readonly entry: Uint8Array;
  /** Kafka key: the consignment, or the submitter for network-scoped events. */
  readonly key: string;
  readonly checkpointSize: number;
}

export interface RejectedSubmission {
  /** The submission exactly as it arrived, so the dead letter carries it unchanged. */
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
  readonly rejection: Rejection;
}

export interface LedgerEventsPublisher {
  publishCommitted(events: readonly CommittedEvent[]): Promise<void>;
  publishCheckpoint(note: string, treeSize: number): Promise<void>;
  publishRejections(rejections: readonly RejectedSubmission[]): Promise<void>;
}
