import { SpanKind, context, trace, type Link } from '@opentelemetry/api';
import type { Consumer, Kafka } from 'kafkajs';
import { PartitionLane } from './partition-lane';
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
  /**
   * Pipelining: batches per partition fetched ahead while earlier ones are still handled (0, the
   * default: fetch the next batch only once the handler finished). Offsets are still committed
   * only after each batch's handler, in order; a failed batch rewinds its partition. The handler
   * must be idempotent per record, as with every at-least-once consumer.
   */
  readonly pipelineDepth?: number;
  /** Told about a pipelined batch that failed (its partition is rewound and it is delivered again). */
  readonly onBatchFailed?: (error: Error, where: { topic: string; partition: number; offset: string }) => void;
}

export type BatchHandler = (records: readonly ConsumedRecord[]) => Promise<void>;

/**
 * At-least-once consumption with offsets committed only after the handler has finished (for
 * the ledger: after its database commit). If the handler throws or the process dies, the batch
 * is delivered again; handlers make that harmless by keying writes on the event id.
 */
export class BatchConsumer {
  private readonly consumer: Consumer;
  private readonly lanes = new Map<string, PartitionLane>();
  private stopping = false;

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
        const next = (BigInt(batch.lastOffset()) + 1n).toString();
        const handleAndCommit = async () => {
          await this.inConsumerSpan(batch.topic, records, () => handler(records));
          await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
        };
        if (!this.options.pipelineDepth) {
          await handleAndCommit();
          // Resolve too: with eachBatchAutoResolve off, an unresolved batch is fetched again.
          resolveOffset(batch.lastOffset());
          await heartbeat();
          return;
        }
        const first = batch.firstOffset() as string; // not null: the batch has messages
        const lane = this.laneOf(batch.topic, batch.partition, this.options.pipelineDepth);
        await lane.room();
        const backoff = lane.backoffMs();
        if (backoff > 0) await new Promise((resolve) => setTimeout(resolve, backoff));
        // After the last await: a failure while we waited may have rewound the partition.
        if (this.stopping || isStale() || !lane.offer({ firstOffset: first, run: handleAndCommit })) return;
        // Moves the fetch position only; the committed offset moves when the lane has handled it.
        resolveOffset(batch.lastOffset());
        await heartbeat();
      },
    });
  }

  private laneOf(topic: string, partition: number, depth: number): PartitionLane {
    const id = `${topic}/${partition}`;
    let lane = this.lanes.get(id);
    if (!lane) {
      lane = new PartitionLane(depth, (offset, error) => {
        this.options.onBatchFailed?.(error, { topic, partition, offset });
        // Deliver the partition again from the failed batch (autoCommit is off: seek commits nothing).
        if (this.stopping) return;
        try {
          this.consumer.seek({ topic, partition, offset });
        } catch (seekError) {
          // Without the rewind this partition would stall; a restart resumes from the committed offsets.
          const fatal = new Error(`cannot rewind ${topic}/${partition} to offset ${offset} after a failed batch: ${(seekError as Error).message}`, { cause: error });
          if (this.options.onFatalError) this.options.onFatalError(fatal);
          else this.consumer.logger().error(fatal.message, { topic, partition, offset });
        }
      });
      this.lanes.set(id, lane);
    }
    return lane;
  }

  /** Stops fetching, lets pipelined batches finish and commit, then leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.lanes.size > 0) {
      this.consumer.pause(this.options.topics.map((topic) => ({ topic })));
      await Promise.all([...this.lanes.values()].map((lane) => lane.idle()));
    }
    await this.consumer.disconnect();
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
