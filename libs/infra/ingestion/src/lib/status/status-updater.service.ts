import { BatchConsumer, type ConsumedRecord, type TopicNames } from '@borderledger/kafka';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SubmissionStore, type CommittedUpdate, type RejectedUpdate } from '../submission/submission.store';
import { decodeStatusRecord } from './status-updater';

export const STATUS_CONSUMER = Symbol('STATUS_CONSUMER');
export const INGESTION_TOPICS = Symbol('INGESTION_TOPICS');

/** Thin Kafka handler: decode, then one batched update per outcome; offsets commit after it. */
@Injectable()
export class StatusUpdaterService {
  private readonly logger = new Logger(StatusUpdaterService.name);

  constructor(
    @Inject(STATUS_CONSUMER) private readonly consumer: BatchConsumer,
    @Inject(INGESTION_TOPICS) private readonly topics: TopicNames,
    private readonly store: SubmissionStore,
  ) {}

  async start(): Promise<void> {
    await this.consumer.start((records) => this.handle(records));
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  async handle(records: readonly ConsumedRecord[]): Promise<void> {
    const committed: CommittedUpdate[] = [];
    const rejected: RejectedUpdate[] = [];
    for (const record of records) {
      const decoded = decodeStatusRecord(record, this.topics);
      if (decoded.kind === 'committed') committed.push(decoded.update);
      else if (decoded.kind === 'rejected') rejected.push(decoded.update);
      else this.logger.warn({ topic: record.topic, partition: record.partition, offset: record.offset }, `status record skipped: ${decoded.why}`);
    }
    // Rows of other nodes' databases simply do not match: the update counts only our own.
    await this.store.markCommitted(committed);
    await this.store.markRejected(rejected);
  }
}
