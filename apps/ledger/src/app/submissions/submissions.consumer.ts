import { BatchConsumer, type ConsumedRecord } from '@borderledger/kafka';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { z } from 'zod';
import { SubmissionReceiptsRepository, type SubmissionReceiptRecord } from './submission-receipts.repository';

const plumbingSubmission = z.object({
  eventId: z.uuid(),
  consignmentRef: z.string(),
  payload: z.record(z.string(), z.unknown()),
});

/**
 * Thin Kafka handler: decode, record, and let BatchConsumer commit offsets after the database
 * commit. Undecodable messages are logged and skipped here; the ledger issue routes them to the
 * dead-letter topic.
 */
@Injectable()
export class SubmissionsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SubmissionsConsumer.name);

  constructor(
    private readonly consumer: BatchConsumer,
    private readonly receipts: SubmissionReceiptsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start((records) => this.handle(records));
  }

  onApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }

  private async handle(records: readonly ConsumedRecord[]): Promise<void> {
    const receipts: SubmissionReceiptRecord[] = [];
    for (const record of records) {
      const decoded = plumbingSubmission.safeParse(safeJson(record.value));
      if (!decoded.success) {
        this.logger.warn({ topic: record.topic, partition: record.partition, offset: record.offset }, 'undecodable submission skipped');
        continue;
      }
      receipts.push({
        eventId: decoded.data.eventId,
        topic: record.topic,
        partition: record.partition,
        offset: BigInt(record.offset),
        messageKey: record.key ?? decoded.data.consignmentRef,
        payload: decoded.data.payload,
        traceparent: record.headers['traceparent'] ?? null,
      });
    }
    if (receipts.length > 0) await this.receipts.recordAll(receipts);
  }
}

function safeJson(value: Buffer): unknown {
  try {
    return JSON.parse(value.toString('utf8'));
  } catch {
    return undefined;
  }
}
