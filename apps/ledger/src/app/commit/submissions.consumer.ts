import { BatchConsumer, type ConsumedRecord } from '@borderledger/kafka';
import { CheckpointConflictError } from '@borderledger/ledger-store';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CommitSubmissionsCommand, CommitSubmissionsUseCase } from './commit-submissions.use-case';

/** Exit code when another ledger instance advanced the log (see docs/design/ledger.md). */
export const EXIT_CHECKPOINT_CONFLICT = 3;

/**
 * Thin Kafka handler: build the command, run the use case. BatchConsumer commits the offsets
 * after this returns, i.e. after the database commit and the publishes.
 */
@Injectable()
export class SubmissionsConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(SubmissionsConsumer.name);

  constructor(
    private readonly consumer: BatchConsumer,
    private readonly commit: CommitSubmissionsUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumer.start((records) => this.handle(records));
  }

  /** Called by the app's shutdown hook, first: no new batch starts after this. */
  stop(): Promise<void> {
    return this.consumer.stop();
  }

  private async handle(records: readonly ConsumedRecord[]): Promise<void> {
    try {
      const outcome = await this.commit.execute(CommitSubmissionsCommand.fromRecords(records));
      const { committed, duplicates, rejected, treeSize, timings } = outcome;
      this.logger.log(
        { committed, duplicates, rejected, treeSize, partition: records[0]?.partition, validateMs: Math.round(timings.validateMs), commitMs: Math.round(timings.commitMs), publishMs: Math.round(timings.publishMs) },
        'batch committed',
      );
    } catch (error) {
      if (error instanceof CheckpointConflictError) {
        // Never retry: the other instance owns the log. Stop before this one signs anything else.
        this.logger.fatal({ expectedSize: error.expectedSize, actualSize: error.actualSize }, error.message);
        process.stderr.write(`ledger stopped: ${error.message}\n`);
        process.exit(EXIT_CHECKPOINT_CONFLICT);
      }
      this.logger.error({ err: error }, 'batch failed; Kafka will deliver it again');
      throw error;
    }
  }
}
