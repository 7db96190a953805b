import { SpanKind, context, trace } from '@opentelemetry/api';
import { Partitioners, type Kafka, type Producer, type RecordMetadata } from 'kafkajs';
import { injectTraceHeaders } from './trace-headers';

export interface OutgoingRecord {
  /** Partition key: the consignment reference, so one consignment's events stay in order. */
  readonly key: string;
  readonly value: Buffer | string;
  readonly headers?: Record<string, string>;
}

/**
 * Idempotent producer: the broker de-duplicates retried sends, so a retry after a lost
 * acknowledgement never writes an event twice. acks=-1 waits for the in-sync replicas.
 */
export class EventPublisher {
  private readonly producer: Producer;

  constructor(kafka: Kafka) {
    // The murmur2 partitioner Java clients use, so other Kafka clients place a key where we do.
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  async publish(topic: string, records: readonly OutgoingRecord[]): Promise<RecordMetadata[]> {
    const span = trace.getTracer('borderledger').startSpan(`${topic} publish`, {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': topic,
        'messaging.batch.message_count': records.length,
      },
    });
    // Consumers continue the producer span, so one trace runs from the HTTP call to the database.
    const ctx = trace.setSpan(context.active(), span);
    try {
      return await this.producer.send({
        topic,
        acks: -1,
        messages: records.map((r) => ({ key: r.key, value: r.value, headers: injectTraceHeaders({ ...r.headers }, ctx) })),
      });
    } catch (error) {
      span.recordException(error as Error);
      throw error;
    } finally {
      span.end();
    }
  }
}
