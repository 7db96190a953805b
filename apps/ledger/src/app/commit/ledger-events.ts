// What the ledger tells the rest of the network after a commit (docs/design/messages.md):
// committed envelopes with their index, each new signed checkpoint, and every rejection with its
// code and reason. The port keeps Kafka out of the use case.
import type { Rejection } from '@borderledger/entry-validation';
import type { EventEnvelope } from '@borderledger/events';

export interface CommittedEvent {
  readonly eventId: string;
  readonly index: number;
  readonly envelope: EventEnvelope;
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
