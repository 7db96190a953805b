import { type ConfigOf } from '@borderledger/config';
import { EventPublisher, createKafkaClient, ensureTopics, topicNames } from '@borderledger/kafka';
import { TelemetryModule } from '@borderledger/telemetry';
import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { platformNodeConfig } from '../config';
import { BearerTokenGuard, NODE_API_TOKEN } from './submissions/bearer-token.guard';
import { SubmissionsController } from './submissions/submissions.controller';
import { SUBMISSIONS_TOPIC } from './submissions/submit-event';

type Config = ConfigOf<typeof platformNodeConfig>;

class PublisherLifecycle implements OnApplicationShutdown {
  constructor(private readonly publisher: EventPublisher) {}
  onApplicationShutdown(): Promise<void> {
    return this.publisher.disconnect();
  }
}

@Module({})
export class AppModule {
  static forRoot(config: Config, logger: Logger): DynamicModule {
    const topics = topicNames(config.TOPIC_PREFIX);
    return {
      module: AppModule,
      imports: [TelemetryModule.forRoot(logger)],
      controllers: [SubmissionsController],
      providers: [
        { provide: NODE_API_TOKEN, useValue: config.NODE_API_TOKEN },
        { provide: SUBMISSIONS_TOPIC, useValue: topics.submissions },
        BearerTokenGuard,
        {
          provide: EventPublisher,
          useFactory: async () => {
            const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: 'platform-node', logger });
            await ensureTopics(kafka, [{ topic: topics.submissions, numPartitions: 4 }, { topic: topics.deadLetter }]);
            const publisher = new EventPublisher(kafka);
            await publisher.connect();
            return publisher;
          },
        },
        { provide: PublisherLifecycle, useFactory: (p: EventPublisher) => new PublisherLifecycle(p), inject: [EventPublisher] },
      ],
    };
  }
}
