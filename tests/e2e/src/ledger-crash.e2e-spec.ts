import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { applyMigrations, databaseUrlWithSchema } from '@borderledger/data';
import { startKafka, startLocalStack, startPostgres, stopKafka, stopPostgres, type LocalStackOptions, type RunningStack } from '@borderledger/local-stack';
import { eventually, freePort, type ServiceProcess } from '@borderledger/testing';
import { Client } from 'pg';
import {
  auditLog,
  freshEvent,
  ledgerKeys,
  seedRegistry,
  startLedger,
  submissionProducer,
  topicCollector,
  uniqueConsignmentRef,
  type KafkaMessageView,
  type SubmissionProducer,
} from './support/ledger-harness';

const SCENARIO_TIMEOUT = 300_000;

/**
 * Crash safety of the ledger, on a PostgreSQL and Kafka of this suite's own (so restarting them
 * disturbs no other suite): the built ledger process is killed between its database commit and
 * its offset commit, Kafka is killed and restarted mid-stream, PostgreSQL is killed and restarted
 * mid-stream. After each: every submitted event is committed exactly once, every one was
 * published on the committed topic, and the whole log recomputes to its signed checkpoints.
 */
describe('ledger crash safety', () => {
  const schema = 'ledger_crash';
  const topicPrefix = `ledger-crash-${randomBytes(3).toString('hex')}`;
  const stateDir = `/var/tmp/bl-ledger-crash-${randomBytes(4).toString('hex')}`;
  const keys = ledgerKeys('borderledger.crash/log');
  let stackOptions: LocalStackOptions;
  let stack: RunningStack;
  let db: Client;
  let producer: SubmissionProducer;
  let committed: { messages: KafkaMessageView[]; stop(): Promise<void> };
  let ledger: ServiceProcess | undefined;
  const submitted: string[] = [];
  let env: Record<string, string>;

  const entryCount = async () => Number((await db.query(`SELECT count(*)::int AS n FROM "${schema}".ledger_entries`)).rows[0].n);

  /** Sends until Kafka acknowledges, reconnecting through outages; a resend after a lost ack is a duplicate the ledger drops. */
  async function sendReliably(count: number): Promise<void> {
    const events = Array.from({ length: count }, () => freshEvent('ship.consignment.picked-up', uniqueConsignmentRef('crash')));
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        await producer.send(events);
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await producer.close().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 1_000));
        producer = await submissionProducer(stack.kafkaBrokers, topicPrefix).catch(() => producer);
      }
    }
    submitted.push(...events.map((e) => e.envelope.eventId));
  }

  /** Everything submitted is committed once, was published, and the log verifies end to end. */
  async function expectExactlyOnce(): Promise<void> {
    await eventually(`all ${submitted.length} events committed`, async () => ((await entryCount()) >= submitted.length ? true : undefined), 120_000);
    const audit = await auditLog(db, schema, keys);
    expect(audit.size).toBe(submitted.length);
    expect(new Set(audit.eventIds).size).toBe(audit.size);
    expect([...audit.eventIds].sort()).toEqual([...submitted].sort());
    await eventually(
      'every committed event published',
      async () => {
        const published = new Set(committed.messages.map((m) => m.headers['bl-event-id']));
        return submitted.every((id) => published.has(id)) ? true : undefined;
      },
      60_000,
    );
  }

  beforeAll(async () => {
    const [postgresPort, kafkaPort, kafkaControllerPort] = [await freePort(), await freePort(), await freePort()];
    stackOptions = {
      rootDir: join(__dirname, '../../..'),
      stateDir,
      postgresPort,
      kafkaPort,
      kafkaControllerPort,
      env: {},
      log: (line) => process.stderr.write(`[crash-stack] ${line}\n`),
    };
    stack = await startLocalStack(stackOptions);
    await applyMigrations({ databaseUrl: stack.databaseUrl, schema });
    db = new Client({ connectionString: stack.databaseUrl });
    db.on('error', () => undefined); // the PostgreSQL restart below cuts this connection; it is replaced
    await db.connect();
    await seedRegistry(db, schema);
    producer = await submissionProducer(stack.kafkaBrokers, topicPrefix);
    committed = await topicCollector(stack.kafkaBrokers, producer.topics.committed);
    env = {
      KAFKA_BROKERS: stack.kafkaBrokers.join(','),
      TOPIC_PREFIX: topicPrefix,
      DATABASE_URL: databaseUrlWithSchema(stack.databaseUrl, schema),
      LEDGER_ORIGIN: keys.origin,
      LEDGER_SIGNING_KEY: keys.signerKey,
      LEDGER_READ_TOKENS: randomBytes(24).toString('hex'),
    };
  }, 180_000);

  afterAll(async () => {
    await ledger?.stop();
    await committed?.stop().catch(() => undefined);
    await producer?.close().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await stack?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }, 120_000);

  it(
    'loses and duplicates nothing when the ledger dies between its database commit and its offset commit',
    async () => {
      // Fault injection: the process exits right after the first database commit, before it
      // publishes anything and before Kafka learns the batch was handled.
      ledger = await startLedger({ ...env, LEDGER_CRASH_AFTER_DB_COMMIT: '1' }, { name: 'ledger-crashing' });
      await sendReliably(40);
      await eventually('the injected crash', async () => (ledger?.process.exitCode !== null ? true : undefined), 60_000);
      expect(ledger?.process.exitCode).toBe(137);
      expect(ledger?.output()).toContain('LEDGER_CRASH_AFTER_DB_COMMIT: exiting right after the database commit');
      const committedBeforeRestart = await entryCount();
      expect(committedBeforeRestart).toBeGreaterThan(0);
      expect(committed.messages).toHaveLength(0); // it died before publishing
      // The restarted ledger gets the same batch again (offsets were not committed) and must
      // recognise what is already in the database.
      ledger = await startLedger(env);
      await sendReliably(40);
      await expectExactlyOnce();
    },
    SCENARIO_TIMEOUT,
  );

  it(
    'loses and duplicates nothing when the ledger is SIGKILLed mid-stream',
    async () => {
      const base = await entryCount();
      const stream = (async () => {
        for (let i = 0; i < 10; i++) {
          await sendReliably(30);
          await new Promise((r) => setTimeout(r, 150));
        }
      })();
      await eventually('some of the stream committed', async () => ((await entryCount()) >= base + 60 ? true : undefined), 60_000);
      ledger?.process.kill('SIGKILL');
      await ledger?.stop();
      ledger = await startLedger(env);
      await stream;
      await expectExactlyOnce();
    },
    SCENARIO_TIMEOUT,
  );

  it(
    'loses and duplicates nothing when Kafka is killed and restarted mid-stream',
    async () => {
      const before = submitted.length;
      await sendReliably(50);
      await eventually('the first part committed', async () => ((await entryCount()) > before ? true : undefined), 60_000);
      await stopKafka(stackOptions, { crash: true });
      await new Promise((r) => setTimeout(r, 2_000));
      const sending = (async () => {
        for (let i = 0; i < 5; i++) await sendReliably(40);
      })();
      await startKafka(stackOptions);
      await sending;
      await expectExactlyOnce();
      expect(ledger?.process.exitCode).toBeNull();
      // The outage did reach the ledger: its Kafka clients lost the broker.
      expect(ledger?.output()).toMatch(/Connection error: (connect ECONNREFUSED|read ECONNRESET)/);
    },
    SCENARIO_TIMEOUT,
  );

  it(
    'loses and duplicates nothing when PostgreSQL is killed and restarted mid-stream',
    async () => {
      const stream = (async () => {
        for (let i = 0; i < 12; i++) {
          await sendReliably(40);
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
      const before = await entryCount();
      await eventually('the stream under way', async () => ((await entryCount()) > before ? true : undefined), 60_000);
      // Immediate shutdown: in-flight transactions are cut, a commit may or may not have landed.
      await stopPostgres(stackOptions, { crash: true });
      await new Promise((r) => setTimeout(r, 2_000));
      await startPostgres(stackOptions);
      await db.end().catch(() => undefined);
      db = new Client({ connectionString: stack.databaseUrl });
      db.on('error', () => undefined);
      await db.connect();
      await stream;
      await expectExactlyOnce();
      expect(ledger?.process.exitCode).toBeNull();
      // The outage did hit the commit path: batches failed and were delivered again.
      expect(ledger?.output()).toContain('batch failed; Kafka will deliver it again');
    },
    SCENARIO_TIMEOUT,
  );
});
