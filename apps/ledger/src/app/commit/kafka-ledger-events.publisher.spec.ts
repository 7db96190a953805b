import type { EventPublisher, OutgoingRecord } from '@borderledger/kafka';
import { topicNames } from '@borderledger/kafka';
import { KafkaLedgerEventsPublisher } from './kafka-ledger-events.publisher';

/** Captures what would go to Kafka: the message contract is the subject here, not the broker. */
function capturing() {
  const sent: { topic: string; records: readonly OutgoingRecord[] }[] = [];
  const publisher = { publish: async (topic: string, records: readonly OutgoingRecord[]) => void sent.push({ topic, records }) };
  return { sent, publisher: publisher as unknown as EventPublisher };
}

describe('KafkaLedgerEventsPublisher', () => {
  const topics = topicNames('spec');

  it('publishes each committed event as {eventId, index, envelope, checkpointSize} with the entry bytes as the envelope', async () => {
    const { sent, publisher } = capturing();
    const envelope = { consignmentRef: 'UCR-Zürich-1', eventId: '0190a0b0-0000-7000-8000-000000000001', note: 'naïve — ok' };
    const entry = new TextEncoder().encode(JSON.stringify(envelope));
    await new KafkaLedgerEventsPublisher(publisher, topics, 'origin').publishCommitted([
      { eventId: envelope.eventId, index: 41, entry, key: envelope.consignmentRef, checkpointSize: 42 },
    ]);

    expect(sent).toHaveLength(1);
    expect(sent[0].topic).toBe(topics.committed);
    const [record] = sent[0].records;
    expect(record.key).toBe('UCR-Zürich-1');
    expect(record.headers).toEqual({ 'bl-event-id': envelope.eventId, 'bl-ledger-index': '41' });
    expect(JSON.parse(record.value.toString())).toEqual({ eventId: envelope.eventId, index: 41, envelope, checkpointSize: 42 });
    // The entry's own bytes, not a re-serialisation of them.
    expect(Buffer.from(record.value as Buffer).includes(Buffer.from(entry))).toBe(true);
  });

  it('splits a large commit into sends below the broker request limit, keeping the order', async () => {
    const { sent, publisher } = capturing();
    const entry = new Uint8Array(40_000).fill(0x61);
    const events = Array.from({ length: 40 }, (_, i) => ({ eventId: `e${i}`, index: i, entry: new Uint8Array([0x22, ...entry, 0x22]), key: 'UCR-1', checkpointSize: 40 }));
    await new KafkaLedgerEventsPublisher(publisher, topics, 'origin').publishCommitted(events);

    expect(sent.length).toBeGreaterThan(1);
    for (const { records } of sent) expect(records.reduce((n, r) => n + r.value.length, 0)).toBeLessThanOrEqual(512 * 1024);
    expect(sent.flatMap(({ records }) => records.map((r) => JSON.parse(r.value.toString()).index))).toEqual(events.map((e) => e.index));
  });
});
