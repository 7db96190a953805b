import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';
import pg from 'pg';
import { LocalStackError } from './errors';
import { localStackStatus, startKafka, startLocalStack, startPostgres, stopKafka, stopLocalStack, stopPostgres } from './local-stack';
import type { RunningStack } from './local-stack';
import type { LocalStackOptions } from './options';
import { childPids, isAlive } from './processes';

/*
 * The real thing: PostgreSQL and Kafka started by the library in a temporary state folder
 * on free ports (so a developer's own stack on the default ports is never touched), a
 * kafkajs and a pg round trip, restarts — clean and crashed — that keep the data, and a
 * stop that leaves no process behind. Jars come from the shared cache (downloaded on the
 * first run on a machine).
 */

const rootDir = path.resolve(__dirname, '../../../../..');
const TOPIC = 'local-stack.integration';
const GROUP = 'local-stack-integration';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Every live process whose command line names the state folder (Kafka, the postmaster). */
function processesUsing(dir: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir) && isAlive(pid);
      } catch {
        return false;
      }
    });
}

async function withPg<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('local stack on real PostgreSQL and Kafka', () => {
  let stateDir: string;
  let options: LocalStackOptions;
  let stack: RunningStack;
  let kafka: Kafka;
  let admin: Admin;
  const seenPids = new Set<number>();

  const rememberPids = async (): Promise<void> => {
    const status = await localStackStatus(options);
    for (const pid of [status.postgres.pid, status.kafka.pid]) {
      if (pid === undefined) continue;
      seenPids.add(pid);
      childPids(pid).forEach((child) => seenPids.add(child));
    }
  };

  const consumeAll = async (groupId: string, expected: number): Promise<string[]> => {
    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    const values: string[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${values.length} of ${expected} messages arrived`)), 60_000);
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ topic, partition, message }) => {
              values.push(message.value?.toString() ?? '');
              await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
              if (values.length === expected) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return values.sort();
  };

  const committedOffsets = async (): Promise<string[]> => {
    const [topic] = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
    return (topic?.partitions ?? []).sort((a, b) => a.partition - b.partition).map((p) => p.offset);
  };

  const reconnectAdmin = async (): Promise<void> => {
    await admin.disconnect().catch(() => undefined);
    admin = kafka.admin();
    await admin.connect();
  };

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-stack-it-'));
    // mkdtemp makes it 0700; as root, PostgreSQL runs as "postgres" and must get through.
    fs.chmodSync(stateDir, 0o755);
    const [postgresPort, kafkaPort, kafkaControllerPort] = [await freePort(), await freePort(), await freePort()];
    // Ignore an external stack a surrounding test run may have exported: this suite is about ours.
    const env = { ...process.env, KAFKA_BROKERS: undefined, DATABASE_URL: undefined };
    options = { rootDir, stateDir, postgresPort, kafkaPort, kafkaControllerPort, env, log: (line) => process.stderr.write(`[local-stack] ${line}\n`) };
  });

  afterAll(async () => {
    await admin?.disconnect().catch(() => undefined);
    // Whatever happened above, leave nothing running and nothing on disk.
    await stopLocalStack(options).catch(() => undefined);
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('starts PostgreSQL and Kafka and says where they are', async () => {
    const started = Date.now();
    stack = await startLocalStack(options);
    process.stderr.write(`[local-stack] cold start took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

    expect(stack).toMatchObject({ external: false, reused: false, stateDir });
    expect(stack.databaseUrl).toBe(`postgresql://borderledger:borderledger@127.0.0.1:${options.postgresPort}/borderledger`);
    expect(stack.kafkaBrokers).toEqual([`127.0.0.1:${options.kafkaPort}`]);
    const status = await localStackStatus(options);
    expect(status.postgres).toMatchObject({ state: 'running', port: options.postgresPort, dataDir: path.join(stateDir, 'postgres', 'data') });
    expect(status.kafka).toMatchObject({ state: 'running', port: options.kafkaPort, dataDir: path.join(stateDir, 'kafka', 'data') });
    await rememberPids();

    kafka = new Kafka({ clientId: 'local-stack-it', brokers: stack.kafkaBrokers, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
  });

  it('reuses a running stack, and one session ending leaves it up for the others', async () => {
    const started = Date.now();
    const second = await startLocalStack(options);
    process.stderr.write(`[local-stack] warm start (reuse) took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    expect(second).toMatchObject({ reused: true, databaseUrl: stack.databaseUrl, kafkaBrokers: stack.kafkaBrokers });
    expect((await localStackStatus(options)).sessions).toBe(2);
    await second.stop();
    const status = await localStackStatus(options);
    expect([status.postgres.state, status.kafka.state, status.sessions]).toEqual(['running', 'running', 1]);
  });

  it('serves kafkajs 2.2.4: topic, idempotent producer, consumer group with committed offsets', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers).toHaveLength(1);
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3 }], waitForLeaders: true });

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const records = await producer.send({
      topic: TOPIC,
      acks: -1,
      messages: ['consignment-1', 'consignment-2', 'consignment-3'].map((key) => ({ key, value: `booked ${key}` })),
    });
    await producer.disconnect();
    expect(records.every((r) => r.errorCode === 0)).toBe(true);

    expect(await consumeAll(GROUP, 3)).toEqual(['booked consignment-1', 'booked consignment-2', 'booked consignment-3']);
    const committed = await committedOffsets();
    expect(committed.map(Number).reduce((a, b) => a + Math.max(b, 0), 0)).toBe(3);
  });

  it('refuses to create topics implicitly (auto.create.topics.enable=false)', async () => {
    const producer = kafka.producer({ allowAutoTopicCreation: true, retry: { retries: 1 } });
    await producer.connect();
    await expect(producer.send({ topic: 'no-such-topic', messages: [{ value: 'x' }] })).rejects.toThrow();
    await producer.disconnect();
  });

  it('serves PostgreSQL to a role that may create databases (Prisma shadow database)', async () => {
    await withPg(stack.databaseUrl, async (client) => {
      await client.query('CREATE TABLE ledger_entry (id bigint PRIMARY KEY, note text NOT NULL)');
      await client.query("INSERT INTO ledger_entry VALUES (1, 'before restarts')");
      const role = await client.query('SELECT rolcreatedb, rolsuper FROM pg_roles WHERE rolname = current_user');
      expect(role.rows[0]).toEqual({ rolcreatedb: true, rolsuper: false });
      await client.query('CREATE DATABASE shadow_probe');
      await client.query('DROP DATABASE shadow_probe');
    });
  });

  it('restarts Kafka cleanly, keeps topics and committed offsets, and skips log recovery', async () => {
    const before = await committedOffsets();
    const logSizeBefore = fs.statSync(path.join(stateDir, 'kafka', 'kafka.log')).size;
    expect(await stopKafka(options)).toBe(true);
    expect((await localStackStatus(options)).kafka.state).toBe('stopped');
    const restarted = await startKafka(options);
    expect(restarted.reused).toBe(false);
    await rememberPids();
    await reconnectAdmin();

    expect(await committedOffsets()).toEqual(before);
    const sinceRestart = fs.readFileSync(path.join(stateDir, 'kafka', 'kafka.log'), 'utf8').slice(logSizeBefore);
    expect(sinceRestart).toMatch(/Skipping recovery of \d+ logs .* since clean shutdown file was found/);
    expect(await consumeAll('after-clean-restart', 3)).toHaveLength(3);
  });

  it('survives a Kafka crash (SIGKILL) with acknowledged messages and offsets intact', async () => {
    const before = await committedOffsets();
    expect(await stopKafka(options, { crash: true })).toBe(true);
    await startKafka(options);
    await rememberPids();
    await reconnectAdmin();
    expect(await committedOffsets()).toEqual(before);
    expect(await consumeAll('after-crash', 3)).toHaveLength(3);
  });

  it('restarts PostgreSQL cleanly and after a crash (immediate shutdown) without losing committed rows', async () => {
    expect(await stopPostgres(options)).toBe(true);
    expect((await localStackStatus(options)).postgres.state).toBe('stopped');
    await startPostgres(options);
    await withPg(stack.databaseUrl, (c) => c.query("INSERT INTO ledger_entry VALUES (2, 'after clean restart')"));

    expect(await stopPostgres(options, { crash: true })).toBe(true);
    await startPostgres(options);
    await rememberPids();
    const rows = await withPg(stack.databaseUrl, (c) => c.query('SELECT id, note FROM ledger_entry ORDER BY id'));
    expect(rows.rows).toEqual([
      { id: '1', note: 'before restarts' },
      { id: '2', note: 'after clean restart' },
    ]);
    expect(fs.readFileSync(path.join(stateDir, 'postgres', 'postgres.log'), 'utf8')).toMatch(/database system was interrupted|redo (starts|done)/);
  });

  it('stops on the last session ending and leaves no process behind', async () => {
    await admin.disconnect();
    const pids = [...seenPids];
    expect(pids.length).toBeGreaterThanOrEqual(4);
    await stack.stop();
    expect(pids.filter(isAlive)).toEqual([]);
    expect(processesUsing(stateDir)).toEqual([]);
    const status = await localStackStatus(options);
    expect([status.postgres.state, status.kafka.state]).toEqual(['stopped', 'stopped']);
  });

  it('surfaces the PostgreSQL log when the server exits early', async () => {
    const autoConf = path.join(stateDir, 'postgres', 'data', 'postgresql.auto.conf');
    const original = fs.readFileSync(autoConf, 'utf8');
    fs.appendFileSync(autoConf, "shared_buffers = 'lots'\n");
    try {
      const failure = await startPostgres(options).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(LocalStackError);
      expect((failure as LocalStackError).code).toBe('POSTGRES_START_FAILED');
      expect((failure as LocalStackError).message).toContain('shared_buffers');
    } finally {
      fs.writeFileSync(autoConf, original);
    }
    expect(processesUsing(stateDir)).toEqual([]);
  });

  it('names the variable to change when a port is taken, and starts nothing', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(options.kafkaPort, '127.0.0.1', resolve));
    try {
      const failure = await startKafka(options).catch((error: unknown) => error);
      expect((failure as LocalStackError).code).toBe('PORT_IN_USE');
      expect((failure as LocalStackError).message).toContain('KAFKA_PORT');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    expect(processesUsing(stateDir)).toEqual([]);
  });
});
