import { join } from 'node:path';
import { type ConfigOf } from '@borderledger/config';
import { PrismaService } from '@borderledger/data';
import { BatchConsumer, EventPublisher, createKafkaClient, ensureTopics, topicNames } from '@borderledger/kafka';
import { CachedRegistry, PrismaLedgerStore, PrismaRegistrySource, databaseUrlWithRole } from '@borderledger/ledger-store';
import { createNodeEd25519Verifier } from '@borderledger/node-crypto';
import { createEd25519NoteVerifier, noteSignerFromKey, signNote } from '@borderledger/merkle-log';
import { RegistryModule } from '@borderledger/registry';
import { TelemetryModule } from '@borderledger/telemetry';
import { Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger as PinoLogger } from 'pino';
import type { ledgerConfig } from '../config';
import { CommitSubmissionsUseCase } from './commit/commit-submissions.use-case';
import { KafkaLedgerEventsPublisher } from './commit/kafka-ledger-events.publisher';
import { LedgerHead } from './commit/ledger-head';
import { GovernedQuorum, QUORUM_CHANGED, quorumChangesIn, quorumChangesInCommitted } from './witnesses/governed-quorum';
import { InlineSubmissionValidator, type SubmissionValidator, judgeOptions } from './commit/submission-validator';
import { SubmissionsConsumer } from './commit/submissions.consumer';
import { WorkerSubmissionValidator } from './commit/worker-submission-validator';
import { HealthController } from './health.controller';
import { LedgerQueries } from './read/ledger-queries';
import { LedgerReadController } from './read/ledger-read.controller';
import { LEDGER_READ_TOKENS, LedgerReadGuard } from './read/read-access.guard';
import { TilesController } from './read/tiles.controller';
import { WitnessCosigning } from './witnesses/witness-cosigning';
import { type WitnessSetup, buildWitnessSetup } from './witnesses/witness-quorum';

export type LedgerConfig = ConfigOf<typeof ledgerConfig>;

/** Exit code when kafkajs gives up on the consumer (a non-retriable error). */
export const EXIT_CONSUMER_FAILED = 4;

/** Exit code of the crash-test fault injection (LEDGER_CRASH_AFTER_DB_COMMIT=1): as if SIGKILLed. */
export const EXIT_INJECTED_CRASH = 137;

/**
 * Shutdown in dependency order: stop consuming (the batch in flight finishes or is redelivered),
 * stop pushing to witnesses, then close Kafka and the database. Prisma is deliberately not a
 * Nest provider, so Nest cannot close it before the consumer has stopped.
 */
class ShutdownHooks implements OnApplicationShutdown {
  constructor(
    private readonly consumer: SubmissionsConsumer,
    private readonly cosigning: WitnessCosigning,
    private readonly publisher: EventPublisher,
    private readonly prisma: PrismaService,
    private readonly validator: SubmissionValidator,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
    await this.validator.close();
    await this.cosigning.stop();
    await this.publisher.disconnect();
    await this.prisma.$disconnect();
  }
}

/** Refuses to start with a key that does not sign for this log's origin. */
function checkpointSigner(config: LedgerConfig) {
  const signer = noteSignerFromKey(config.LEDGER_SIGNING_KEY);
  if (signer.name !== config.LEDGER_ORIGIN) {
    throw new Error(`LEDGER_SIGNING_KEY is named "${signer.name}" but LEDGER_ORIGIN is "${config.LEDGER_ORIGIN}": the key name must be the origin`);
  }
  return signer;
}

/** The ledger's own PrismaService (maybe on its append-only role), for the registry module's readers. */
@Module({})
class LedgerPrismaModule {
  static forRoot(prisma: PrismaService): DynamicModule {
    return { module: LedgerPrismaModule, global: true, providers: [{ provide: PrismaService, useValue: prisma }], exports: [PrismaService] };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: LedgerConfig, logger: PinoLogger): DynamicModule {
    const topics = topicNames(config.TOPIC_PREFIX);
    const signer = checkpointSigner(config);
    const witnessSetup: WitnessSetup = buildWitnessSetup({
      logVerifier: createEd25519NoteVerifier(signer.name, signer.publicKey),
      keys: config.WITNESS_KEYS,
      urls: config.WITNESS_URLS,
      threshold: config.LEDGER_QUORUM_THRESHOLD,
      required: config.LEDGER_QUORUM_REQUIRED,
    });
    const boot = new Logger('LedgerBoot');
    const judging = { maxSubmissionAgeMs: config.LEDGER_MAX_SUBMISSION_AGE_MS };
    const inline = new InlineSubmissionValidator(judgeOptions(judging, createNodeEd25519Verifier()));
    // The worker script is bundled beside main.js (webpack.config.js: additionalEntryPoints).
    const validator: SubmissionValidator =
      config.LEDGER_VALIDATION_WORKERS > 0 ? new WorkerSubmissionValidator(join(__dirname, 'validation-worker.js'), config.LEDGER_VALIDATION_WORKERS, judging, inline) : inline;
    const prisma = new PrismaService({
      databaseUrl: config.LEDGER_DB_ROLE ? databaseUrlWithRole(config.DATABASE_URL, config.LEDGER_DB_ROLE) : config.DATABASE_URL,
    });
    return {
      module: AppModule,
      imports: [
        TelemetryModule.forRoot(logger),
        LedgerPrismaModule.forRoot(prisma),
        // Credentials of the participants who read the ledger (LedgerReadGuard).
        RegistryModule.forRoot({ view: { refreshIntervalMs: config.LEDGER_REGISTRY_TTL_MS } }),
      ],
      controllers: [HealthController, LedgerReadController, TilesController],
      providers: [
        {
          provide: PrismaLedgerStore,
          useFactory: async () => {
            await prisma.onModuleInit();
            const store = new PrismaLedgerStore(prisma);
            const rewrite = await store.rewritePrivileges();
            if (config.LEDGER_DB_ROLE && rewrite.length > 0) {
              throw new Error(`LEDGER_DB_ROLE=${config.LEDGER_DB_ROLE} may still rewrite ledger tables (${rewrite.join(', ')}): refusing to start`);
            }
            if (rewrite.length > 0) boot.warn(`running with rewrite privileges on ledger tables (${rewrite.length}); set LEDGER_DB_ROLE=borderledger_ledger_writer in production`);
            return store;
          },
        },
        {
          provide: CachedRegistry,
          useFactory: () => new CachedRegistry(new PrismaRegistrySource(prisma), config.LEDGER_REGISTRY_TTL_MS),
        },
        {
          provide: LedgerHead,
          inject: [PrismaLedgerStore],
          useFactory: async (store: PrismaLedgerStore) => {
            const head = new LedgerHead();
            const latest = await head.load(store);
            boot.log(`log ${config.LEDGER_ORIGIN} at size ${latest?.size ?? 0}`);
            return head;
          },
        },
        {
          provide: EventPublisher,
          useFactory: async () => {
            const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: 'ledger', logger });
            await ensureTopics(kafka, [
              { topic: topics.submissions, numPartitions: 4 },
              { topic: topics.deadLetter },
              { topic: topics.committed, numPartitions: 4 },
              { topic: topics.checkpoints },
            ]);
            const publisher = new EventPublisher({ brokers: config.KAFKA_BROKERS, clientId: 'ledger' });
            await publisher.connect();
            return publisher;
          },
        },
        {
          provide: BatchConsumer,
          inject: [EventPublisher],
          useFactory: () => {
            const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: 'ledger', logger });
            return new BatchConsumer(kafka, {
              groupId: `${config.TOPIC_PREFIX}.ledger`,
              topics: [topics.submissions],
              maxBytesPerPartition: config.LEDGER_MAX_BATCH_BYTES,
              partitionsConsumedConcurrently: config.LEDGER_PARTITION_CONCURRENCY,
              pipelineDepth: config.LEDGER_PIPELINE_DEPTH,
              onBatchFailed: (_error, { partition, offset }) => logger.warn({ partition, offset }, 'submissions partition rewound: the failed batch and the ones after it are delivered again'),
              onFatalError: (error) => {
                // kafkajs will not restart this consumer: exit so the supervisor restarts the ledger
                // (offsets are committed after the database commit, so nothing is lost).
                logger.fatal({ err: error }, 'Kafka consumer stopped for good');
                process.stderr.write(`ledger stopped: the Kafka consumer failed and will not restart: ${error.message}\n`);
                process.exit(EXIT_CONSUMER_FAILED);
              },
            });
          },
        },
        {
          provide: WitnessCosigning,
          inject: [PrismaLedgerStore, LedgerHead, EventPublisher],
          useFactory: async (store: PrismaLedgerStore, head: LedgerHead, publisher: EventPublisher) => {
            const cosigning = new WitnessCosigning(witnessSetup.endpoints, store, {
              info: (fields, message) => logger.info({ component: 'witness-cosigning', ...fields }, message),
              warn: (fields, message) => logger.warn({ component: 'witness-cosigning', ...fields }, message),
              error: (fields, message) => logger.error({ component: 'witness-cosigning', ...fields }, message),
            });
            await cosigning.init();
            // A crash between the commit and the publish would leave the latest checkpoint unannounced:
            // announce it at every start (consumers treat a known size as already seen).
            if (head.note) {
              await new KafkaLedgerEventsPublisher(publisher, topics, config.LEDGER_ORIGIN).publishCheckpoint(head.note, head.size);
              cosigning.offer(head.note, head.size);
            }
            return cosigning;
          },
        },
        {
          // Governance sets the quorum: the newest committed governance.quorum.changed in effect.
          provide: GovernedQuorum,
          inject: [PrismaLedgerStore],
          useFactory: async (store: PrismaLedgerStore) => {
            const quorum = new GovernedQuorum(witnessSetup.policy, config.LEDGER_QUORUM_REQUIRED, (change, reason) =>
              boot.warn({ index: change.index, reason }, `governance.quorum.changed at ledger index ${change.index} is not applied: ${reason}`),
            );
            quorum.observe(quorumChangesIn(await store.recentOpeningsOf(QUORUM_CHANGED, 16)));
            boot.log(`finality quorum: ${quorum.at(new Date()).source}`);
            return quorum;
          },
        },
        {
          provide: CommitSubmissionsUseCase,
          inject: [PrismaLedgerStore, CachedRegistry, LedgerHead, EventPublisher, WitnessCosigning, GovernedQuorum],
          useFactory: (store: PrismaLedgerStore, registry: CachedRegistry, head: LedgerHead, publisher: EventPublisher, cosigning: WitnessCosigning, quorum: GovernedQuorum) =>
            new CommitSubmissionsUseCase(store, registry, head, new KafkaLedgerEventsPublisher(publisher, topics, config.LEDGER_ORIGIN), {
              origin: config.LEDGER_ORIGIN,
              sign: (text) => signNote(text, [signer]),
              validator,
              onCheckpoint: (note, size) => cosigning.offer(note, size),
              onCommitted: (entries) => quorum.observe(quorumChangesInCommitted(entries)),
              afterDatabaseCommit: config.LEDGER_CRASH_AFTER_DB_COMMIT
                ? () => {
                    // Fault injection (crash tests only): die like a SIGKILL between the database
                    // commit and everything after it (publishes, offset commit).
                    process.stderr.write('LEDGER_CRASH_AFTER_DB_COMMIT: exiting right after the database commit\n');
                    process.exit(EXIT_INJECTED_CRASH);
                  }
                : undefined,
            }),
        },
        {
          provide: LedgerQueries,
          inject: [PrismaLedgerStore, GovernedQuorum],
          useFactory: (store: PrismaLedgerStore, quorum: GovernedQuorum) => new LedgerQueries(store, quorum, config.LEDGER_ORIGIN),
        },
        { provide: LEDGER_READ_TOKENS, useValue: config.LEDGER_READ_TOKENS },
        LedgerReadGuard,
        SubmissionsConsumer,
        {
          provide: ShutdownHooks,
          inject: [SubmissionsConsumer, WitnessCosigning, EventPublisher],
          useFactory: (consumer: SubmissionsConsumer, cosigning: WitnessCosigning, publisher: EventPublisher) =>
            new ShutdownHooks(consumer, cosigning, publisher, prisma, validator),
        },
      ],
    };
  }
}
