// Where accepted submissions go: the Kafka submissions topic (docs/design/messages.md).
import type { OutgoingRecord } from '@borderledger/kafka';
import { EventPublisher } from '@borderledger/kafka';
import type { EventEnvelope, PayloadOpening } from '@borderledger/events';
import { canonicalJson } from '@borderledger/events';

export interface OutgoingSubmission {
  readonly envelope: EventEnvelope;
  readonly opening: PayloadOpening;
}

export abstract class SubmissionSink {
  abstract publish(submissions: readonly OutgoingSubmission[]): Promise<void>;
}

/**
 * The message of one submission: keyed by consignment reference (the submitter for network-scoped
 * events) so one consignment's events stay in order; the value is canonical JSON, so a republish
 * from the outbox sends the same bytes.
 */
export function submissionRecord(submission: OutgoingSubmission, nodeName: string): OutgoingRecord {
  const { envelope, opening } = submission;
  return {
    key: envelope.consignmentRef ?? envelope.submitter,
    value: canonicalJson({ envelope, opening }),
    headers: {
      'bl-event-id': envelope.eventId,
      'bl-event-type': envelope.eventType,
      'bl-submitter': envelope.submitter,
      'bl-node': nodeName,
    },
  };
}

/** Kafka's default message.max.bytes is ~1 MiB per record batch: sends are kept well below it. */
const MAX_SEND_BYTES = 512 * 1024;

export class KafkaSubmissionSink extends SubmissionSink {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly topic: string,
    private readonly nodeName: string,
  ) {
    super();
  }

  async publish(submissions: readonly OutgoingSubmission[]): Promise<void> {
    let chunk: OutgoingRecord[] = [];
    let bytes = 0;
    for (const submission of submissions) {
      const record = submissionRecord(submission, this.nodeName);
      const size = Buffer.byteLength(record.value as string);
      if (chunk.length > 0 && bytes + size > MAX_SEND_BYTES) {
        await this.publisher.publish(this.topic, chunk);
        chunk = [];
        bytes = 0;
      }
      chunk.push(record);
      bytes += size;
    }
    if (chunk.length > 0) await this.publisher.publish(this.topic, chunk);
  }
}

/** Records what would be published; unit tests only. */
export class InMemorySubmissionSink extends SubmissionSink {
  readonly published: OutgoingSubmission[] = [];
  failures = 0;

  async publish(submissions: readonly OutgoingSubmission[]): Promise<void> {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('broker unavailable');
    }
    this.published.push(...submissions);
  }
}
