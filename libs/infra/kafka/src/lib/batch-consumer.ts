import { SpanKind, context, trace, type Link } from '@opentelemetry/api';
import type { Consumer, Kafka } from 'kafkajs';
import { decodeHeaders, extractTraceContext } from './trace-headers';

export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
}

export interface BatchConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly fromBeginning?: boolean;
  /** Largest fetch per partition (kafkajs default 1 MiB): bounds one handler batch. */
  readonly maxBytesPerPartition?: number;
  /**
   * Called when kafkajs gives up on the consumer (a non-retriable error: it will not restart).
   * Without it the process would stay up consuming nothing; services exit and get restarted.
   */
  readonly onFatalError?: (error: Error) => void;
  /**
   * Batches of different partitions handled at once (kafkajs default 1). Above 1 the handler
   * must serialise whatever needs a single writer itself; one partition's batches stay in order.
   */
  readonly partitionsConsumedConcurrently?: number;
}

export type BatchHandler = (records: readonly ConsumedRecord[]) => Promise<void>;

/**
 * At-least-once consumption with offsets committed only after the handler has finished (for
 * the ledger: after its database commit). If the handler throws or the process dies, the batch
 * is delivered again; handlers make that harmless by keying writes on the event id.
 */
export class BatchConsumer {
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly options: BatchConsumerOptions,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      ...(options.maxBytesPerPartition ? { maxBytesPerPartition: options.maxBytesPerPartition, maxBytes: Math.max(options.maxBytesPerPartition, 10 * 1024 * 1024) } : {}),
    });
  }

  async start(handler: BatchHandler): Promise<void> {
    const onFatal = this.options.onFatalError;
    if (onFatal) {
      this.consumer.on(this.consumer.events.CRASH, (event) => {
        if (!event.payload.restart) onFatal(event.payload.error);
      });
    }
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.options.fromBeginning ?? true });
    await this.consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0) return;
        const records = batch.messages.map((m) => ({
          topic: batch.topic,
          partition: batch.partition,
          offset: m.offset,
          key: m.key ? m.key.toString() : null,
          value: m.value ?? Buffer.alloc(0),
          headers: decodeHeaders(m.headers),
        }));
        await this.inConsumerSpan(batch.topic, records, () => handler(records));
        // Resolve too: with eachBatchAutoResolve off, an unresolved batch is fetched again.
        resolveOffset(batch.lastOffset());
        const next = (BigInt(batch.lastOffset()) + 1n).toString();
        await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
        await heartbeat();
      },
    });
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }

  /**
   * A batch mixes messages from many traces: a one-message batch continues its producer's trace,
   * a larger one gets a span linked to every producer span (the OpenTelemetry messaging pattern).
   */
  private inConsumerSpan(topic: string, records: readonly ConsumedRecord[], work: () => Promise<void>): Promise<void> {
    const producerContexts = records.map((r) => extractTraceContext(r.headers));
    const parent = records.length === 1 ? producerContexts[0] : context.active();
    const links: Link[] = producerContexts
      .map((ctx) => trace.getSpanContext(ctx))
      .filter((sc): sc is NonNullable<typeof sc> => sc !== undefined)
      .map((sc) => ({ context: sc }));
    const tracer = trace.getTracer('borderledger');
    return tracer.startActiveSpan(
      `${topic} process`,
      {
        kind: SpanKind.CONSUMER,
        links,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': topic,
          'messaging.batch.message_count': records.length,
        },
      },
      parent,
      async (span) => {
        try {
          await work();
        } catch (error) {
          span.recordException(error as Error);
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }
}
