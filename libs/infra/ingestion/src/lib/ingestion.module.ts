import { PrismaModule } from '@borderledger/data';
import { BatchConsumer, EventPublisher, createKafkaClient, ensureTopics, topicNames, type TopicNames } from '@borderledger/kafka';
import { createNodeEd25519Verifier } from '@borderledger/node-crypto';
import { CredentialAuthenticator, RegistryModule, RegistryViewService } from '@borderledger/registry';
import { Inject, Injectable, Logger, Module, type DynamicModule, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Kafka } from 'kafkajs';
import type { Logger as PinoLogger } from 'pino';
import { DEFAULT_MAX_BATCH, EventsController, MAX_BATCH } from './http/events.controller';
import { ParticipantAuthGuard } from './http/participant-auth.guard';
import { ParticipantThrottlerGuard } from './http/participant-throttler.guard';
import type { IngestionNodeConfig } from './ingestion-config';
import { custodialKeyLookup } from './keystore/custodial-keys';
import type { NodeKeystore } from './keystore/node-keystore';
import { OUTBOX_RELAY_OPTIONS, OutboxRelayService } from './outbox/outbox-relay.service';
import { INGESTION_TOPICS, STATUS_CONSUMER, StatusUpdaterService } from './status/status-updater.service';
import { GetEventStatus } from './submission/get-event-status';
import { KafkaSubmissionSink, SubmissionSink } from './submission/submission-sink';
import { PrismaSubmissionStore, SubmissionStore } from './submission/submission.store';
import { SubmitEvents } from './submission/submit-events';

export interface IngestionModuleOptions {
  /** `platform-node`, `carrier-node`, `logistics-node`: Kafka client id, `bl-node` header, consumer group. */
  readonly nodeName: string;
  readonly config: Pick<
    IngestionNodeConfig,
    | 'DATABASE_URL'
    | 'KAFKA_BROKERS'
    | 'TOPIC_PREFIX'
    | 'INGESTION_MAX_BATCH'
    | 'RATE_LIMIT_REQUESTS'
    | 'RATE_LIMIT_WINDOW_MS'
    | 'REGISTRY_REFRESH_MS'
    | 'OUTBOX_RELAY_INTERVAL_MS'
    | 'OUTBOX_GRACE_MS'
    | 'PUBLISH_TIMEOUT_MS'
  >;
  readonly logger: PinoLogger;
  /** Custodial keys (loadKeystore(NODE_KEYSTORE_DIR)); without it only client-signed envelopes are accepted. */
  readonly keystore?: NodeKeystore;
}

const KAFKA = Symbol('KAFKA');

/** Starts the consumer and the relay after everything is wired; stops them (then the producer) before the database goes. */
@Injectable()
class IngestionLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('IngestionNode');
  constructor(
    private readonly relay: OutboxRelayService,
    private readonly status: StatusUpdaterService,
    private readonly publisher: EventPublisher,
    @Inject(INGESTION_TOPICS) private readonly topics: TopicNames,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.status.start();
    await this.relay.start();
    this.logger.log(`publishing to ${this.topics.submissions}; status from ${this.topics.committed} and ${this.topics.deadLetter}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay.stop();
    await this.status.stop();
    await this.publisher.disconnect();
  }
}

/**
 * The ingestion API the three nodes share: POST /v1/events, GET /v1/events/:id, per-participant
 * authentication and rate limits, the Submission outbox, the publisher to the submissions topic
 * and the status updater. The app adds TelemetryModule and calls bootstrapService.
 */
@Module({})
export class IngestionModule {
  static forRoot(options: IngestionModuleOptions): DynamicModule {
    const { config, nodeName, logger } = options;
    const topics = topicNames(config.TOPIC_PREFIX);
    return {
      module: IngestionModule,
      imports: [
        PrismaModule.forRoot({ databaseUrl: config.DATABASE_URL }),
        RegistryModule.forRoot({ view: { refreshIntervalMs: config.REGISTRY_REFRESH_MS } }),
        ThrottlerModule.forRoot([{ ttl: config.RATE_LIMIT_WINDOW_MS, limit: config.RATE_LIMIT_REQUESTS }]),
      ],
      controllers: [EventsController],
      providers: [
        { provide: INGESTION_TOPICS, useValue: topics },
        { provide: MAX_BATCH, useValue: config.INGESTION_MAX_BATCH ?? DEFAULT_MAX_BATCH },
        {
          provide: KAFKA,
          useFactory: async (): Promise<Kafka> => {
            const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: nodeName, logger });
            await ensureTopics(kafka, [
              { topic: topics.submissions, numPartitions: 4 },
              { topic: topics.deadLetter },
              { topic: topics.committed, numPartitions: 4 },
            ]);
            return kafka;
          },
        },
        {
          provide: EventPublisher,
          // After KAFKA: its factory creates the topics this publisher writes to.
          inject: [KAFKA],
          useFactory: async () => {
            const publisher = new EventPublisher({ brokers: config.KAFKA_BROKERS, clientId: nodeName });
            await publisher.connect();
            return publisher;
          },
        },
        {
          provide: STATUS_CONSUMER,
          inject: [KAFKA],
          // One group per node: nodes with their own databases each need every outcome.
          useFactory: (kafka: Kafka) =>
            new BatchConsumer(kafka, { groupId: `${config.TOPIC_PREFIX}.ingestion-status.${nodeName}`, topics: [topics.committed, topics.deadLetter] }),
        },
        { provide: SubmissionStore, useClass: PrismaSubmissionStore },
        { provide: SubmissionSink, inject: [EventPublisher], useFactory: (p: EventPublisher) => new KafkaSubmissionSink(p, topics.submissions, nodeName) },
        {
          provide: OUTBOX_RELAY_OPTIONS,
          useValue: { intervalMs: config.OUTBOX_RELAY_INTERVAL_MS, graceMs: config.OUTBOX_GRACE_MS, batchSize: 500 },
        },
        OutboxRelayService,
        StatusUpdaterService,
        {
          provide: SubmitEvents,
          inject: [RegistryViewService, SubmissionStore, SubmissionSink],
          useFactory: (registry: RegistryViewService, store: SubmissionStore, sink: SubmissionSink) => {
            const log = new Logger('SubmitEvents');
            return new SubmitEvents(
              {
                registry,
                custodialKey: custodialKeyLookup(options.keystore, registry),
                // OpenSSL, ~20× the pure-JS verifier, accepting exactly what the ledger and witnesses accept.
                verifySignature: createNodeEd25519Verifier(),
                store,
                sink,
                now: () => new Date(),
                onPublishDeferred: (ids, error) =>
                  log.warn(`${ids.length} accepted submission(s) not yet published (${error ? error.message : 'publish still running'}); the outbox relay owns them`),
              },
              { nodeName, publishTimeoutMs: config.PUBLISH_TIMEOUT_MS },
            );
          },
        },
        { provide: GetEventStatus, inject: [SubmissionStore], useFactory: (store: SubmissionStore) => new GetEventStatus(store) },
        { provide: ParticipantAuthGuard, inject: [CredentialAuthenticator], useFactory: (a: CredentialAuthenticator) => new ParticipantAuthGuard(a) },
        ParticipantThrottlerGuard,
        IngestionLifecycle,
      ],
    };
  }
}
