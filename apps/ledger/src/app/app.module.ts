import { type ConfigOf } from '@borderledger/config';
import { PrismaService } from '@borderledger/data';
import { BatchConsumer, createKafkaClient, ensureTopics, topicNames } from '@borderledger/kafka';
import { TelemetryModule } from '@borderledger/telemetry';
import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { ledgerConfig } from '../config';
import { HealthController } from './health.controller';
import { SubmissionReceiptsRepository } from './submissions/submission-receipts.repository';
import { SubmissionsConsumer } from './submissions/submissions.consumer';

type Config = ConfigOf<typeof ledgerConfig>;

@Module({})
export class AppModule {
  static forRoot(config: Config, logger: Logger): DynamicModule {
    const topics = topicNames(config.TOPIC_PREFIX);
    return {
      module: AppModule,
      imports: [TelemetryModule.forRoot(logger)],
      controllers: [HealthController],
      providers: [
        { provide: PrismaService, useFactory: () => new PrismaService({ databaseUrl: config.DATABASE_URL }) },
        SubmissionReceiptsRepository,
        {
          provide: BatchConsumer,
          useFactory: async () => {
            const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: 'ledger', logger });
            await ensureTopics(kafka, [{ topic: topics.submissions, numPartitions: 4 }, { topic: topics.deadLetter }]);
            return new BatchConsumer(kafka, { groupId: `${config.TOPIC_PREFIX}.ledger`, topics: [topics.submissions] });
          },
        },
        SubmissionsConsumer,
      ],
    };
  }
}
