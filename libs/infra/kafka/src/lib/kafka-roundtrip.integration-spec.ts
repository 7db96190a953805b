import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { eventually, stackEnvironment, suiteNamespace } from '@borderledger/testing';
import { Partitioners, type Kafka } from 'kafkajs';
import { BatchConsumer, type ConsumedRecord } from './batch-consumer';
import { EventPublisher } from './event-publisher';
import { createKafkaClient, ensureTopics } from './kafka-client';
import { topicNames } from './topics';

describe('Kafka plumbing on the real broker', () => {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  const tracer = new TracerProvider().getTracer('kafka-integration');
  let kafka: Kafka;
  let topic: string;

  beforeAll(async () => {
    context.setGlobalContextManager(contextManager);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const namespace = suiteNamespace('kafka roundtrip');
    kafka = createKafkaClient({ brokers: stackEnvironment().kafkaBrokers, clientId: namespace });
    topic = topicNames(namespace).submissions;
    await ensureTopics(kafka, [{ topic, numPartitions: 2 }]);
  });

  afterAll(() => {
    context.disable();
    propagation.disable();
  });

  it('delivers keyed records with the producer trace context, and redelivers a batch whose handler failed', async () => {
    const publisher = new EventPublisher({ brokers: stackEnvironment().kafkaBrokers, clientId: 'kafka-roundtrip' });
    await publisher.connect();
    const span = tracer.startSpan('http POST /v1/submissions');
    await context.with(trace.setSpan(context.active(), span), () =>
      publisher.publish(topic, [
        { key: 'UCR-1', value: JSON.stringify({ n: 1 }) },
        { key: 'UCR-1', value: JSON.stringify({ n: 2 }) },
        { key: 'UCR-2', value: JSON.stringify({ n: 3 }), headers: { 'x-origin': 'test' } },
      ]),
    );
    span.end();
    await publisher.disconnect();

    const groupId = `${topic}.consumer`;
    const consumer = new BatchConsumer(kafka, { groupId, topics: [topic] });
    const delivered: ConsumedRecord[] = [];
    let failuresLeft = 1;
    await consumer.start(async (records) => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('simulated database outage');
      }
      delivered.push(...records);
    });
    await eventually('three records', async () => (delivered.length >= 3 ? true : undefined), 60_000);
    await consumer.stop();

    const byValue = new Map(delivered.map((r) => [JSON.parse(r.value.toString()).n as number, r]));
    expect([...byValue.keys()].sort()).toEqual([1, 2, 3]);
    expect(delivered).toHaveLength(3);
    expect(byValue.get(3)?.key).toBe('UCR-2');
    expect(byValue.get(3)?.headers['x-origin']).toBe('test');
    // One consignment's events keep their order within its partition.
    expect(byValue.get(1)?.partition).toBe(byValue.get(2)?.partition);
    expect(BigInt(byValue.get(1)?.offset ?? -1)).toBeLessThan(BigInt(byValue.get(2)?.offset ?? -1));
    for (const record of delivered) {
      expect(record.headers['traceparent']).toMatch(new RegExp(`^00-${span.spanContext().traceId}-[0-9a-f]{16}-01$`));
    }

    // Offsets were committed only after the successful handling: the group is at the end.
    const admin = kafka.admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    for (const end of ends) {
      const at = committed.partitions.find((p) => p.partition === end.partition)?.offset;
      if (end.high !== '0') expect(at).toBe(end.high);
    }
  });

  it('places each key on the partition the Java client (and kafkajs) would choose', async () => {
    // Three partitions: with two, a murmur2 hash read as unsigned lands where the masked one does.
    const placed = `${topic}.placement`;
    await ensureTopics(kafka, [{ topic: placed, numPartitions: 3 }]);
    const keys = Array.from({ length: 24 }, (_, i) => `UCR-PLACEMENT-${i}`);
    const publisher = new EventPublisher({ brokers: stackEnvironment().kafkaBrokers, clientId: 'kafka-placement' });
    await publisher.connect();
    const offsets = await Promise.all(keys.map((key) => publisher.publish(placed, [{ key, value: key }])));
    await publisher.disconnect();

    const reference = Partitioners.DefaultPartitioner();
    const partitionMetadata = [0, 1, 2].map((partitionId) => ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] }));
    const expected = keys.map((key) => reference({ topic: placed, partitionMetadata, message: { key, value: key } }));
    expect(offsets.map(([landed]) => landed.partition)).toEqual(expected);
    expect(new Set(expected).size).toBe(3);
  });
});
