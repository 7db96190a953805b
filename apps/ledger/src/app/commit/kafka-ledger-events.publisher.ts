import type { EventPublisher, OutgoingRecord, TopicNames } from '@borderledger/kafka';
import type { CommittedEvent, LedgerEventsPublisher, RejectedSubmission } from './ledger-events';

/**
 * A batch of several thousand events would exceed the broker's request limit (message.max.bytes,
 * 1 MiB by default) in one send: publish in chunks well below it.
 */
const MAX_CHUNK_BYTES = 512 * 1024;

function chunked<T extends { value: Buffer | string }>(records: readonly T[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = typeof r.value === 'string' ? Buffer.byteLength(r.value) : r.value.length;
    if (current.length > 0 && bytes + size > MAX_CHUNK_BYTES) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(r);
    bytes += size + 200; // key and headers
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * {eventId, index, envelope, checkpointSize} with the entry's canonical bytes spliced in as the
 * envelope: it is JSON already, and re-serialising it was measurable per event. One buffer,
 * written in place (the head and tail are ASCII: a UUID and numbers).
 */
function committedMessage(e: CommittedEvent): Buffer {
  const head = `{"eventId":${JSON.stringify(e.eventId)},"index":${e.index},"envelope":`;
  const tail = `,"checkpointSize":${e.checkpointSize}}`;
  const out = Buffer.allocUnsafe(Buffer.byteLength(head) + e.entry.byteLength + Buffer.byteLength(tail));
  let at = out.write(head, 0);
  out.set(e.entry, at);
  at += e.entry.byteLength;
  out.write(tail, at);
  return out;
}

/** Header values must stay single-line and short; a reason is for people, not for parsing. */
const headerText = (text: string) => text.replace(/[\r\n]+/g, ' ').slice(0, 1000);

/** The message contract of docs/design/messages.md on Kafka. */
export class KafkaLedgerEventsPublisher implements LedgerEventsPublisher {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly topics: TopicNames,
    private readonly origin: string,
  ) {}

  async publishCommitted(events: readonly CommittedEvent[]): Promise<void> {
    await this.publishAll(
      this.topics.committed,
      events.map((e) => ({
        key: e.key,
        value: committedMessage(e),
        headers: { 'bl-event-id': e.eventId, 'bl-ledger-index': String(e.index) },
      })),
    );
  }

  private async publishAll(topic: string, records: readonly OutgoingRecord[]): Promise<void> {
    // In order, one chunk after the other: a consignment's events keep their order.
    for (const chunk of chunked(records)) await this.publisher.publish(topic, chunk);
  }

  async publishCheckpoint(note: string, treeSize: number): Promise<void> {
    await this.publisher.publish(this.topics.checkpoints, [{ key: this.origin, value: note, headers: { 'bl-tree-size': String(treeSize) } }]);
  }

  async publishRejections(rejections: readonly RejectedSubmission[]): Promise<void> {
    await this.publishAll(
      this.topics.deadLetter,
      rejections.map((r) => ({
        key: r.key ?? '',
        value: r.value,
        headers: {
          ...withoutTraceHeaders(r.headers),
          'bl-rejection-code': r.rejection.code,
          'bl-rejection-reason': headerText(r.rejection.reason),
        },
      })),
    );
  }
}

/** The publisher writes the current trace context itself. */
function withoutTraceHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'traceparent' && name !== 'tracestate'));
}
