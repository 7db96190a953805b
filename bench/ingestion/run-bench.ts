import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PrismaService, applyMigrations, databaseUrlWithSchema, dropTestSchema } from '@borderledger/data';
import { createSignedEvent, fixturePayload, fromBase64Url, newEventId, signEnvelopeBatch, signingKeyFromPrivateKey, withoutSignature, type EventType } from '@borderledger/events';
import { createKafkaClient, ensureTopics, topicNames } from '@borderledger/kafka';
import { DEMO_PARTICIPANTS, PrismaRegistryRepository, seedParticipants, writeKeystores, type ParticipantSecrets } from '@borderledger/registry';
// The node-only process helper, as scripts/start.ts uses it (the rest of the testing library is for tests).
import { startServiceProcess, type ServiceProcess } from '../../libs/infra/testing/src/lib/service-process';

const NODES = {
  'platform-node': { role: 'platform', participant: 'shopwave', types: ['buy.order.placed', 'pay.payment.captured'] },
  'carrier-node': { role: 'carrier', participant: 'skyfreight', types: ['ship.consignment.picked-up', 'ship.consignment.departed'] },
  'logistics-node': { role: 'logistics', participant: 'hubline', types: ['ship.consignment.packed', 'ship.consignment.consolidated'] },
} as const;
type NodeName = keyof typeof NODES;
/** client-signed-batch: each request's envelopes signed by the client as one batch (docs/api/ingestion.md). */
type Mode = 'custodial' | 'client-signed' | 'client-signed-batch';

interface RunResult {
  readonly eventsPerSecond: number;
  readonly requestMs: number[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function makeEvents(node: NodeName, mode: Exclude<Mode, 'client-signed-batch'>, count: number, secrets: ParticipantSecrets): unknown[] {
  const { types } = NODES[node];
  const key = signingKeyFromPrivateKey(fromBase64Url(secrets.privateKey));
  const occurredAt = new Date(Date.now() - 60_000).toISOString();
  return Array.from({ length: count }, (_, i) => {
    const eventType: EventType = types[i % types.length];
    // Many consignments, so the batch spreads over the topic's partitions.
    const consignmentRef = `9NLBENCH-${(i % 997).toString().padStart(4, '0')}`;
    if (mode === 'custodial') return { eventId: newEventId(), eventType, consignmentRef, occurredAt, payload: fixturePayload(eventType) };
    const signed = createSignedEvent({ eventType, payload: fixturePayload(eventType), consignmentRef, occurredAt, submitter: secrets.id, signingKey: key });
    return { envelope: signed.envelope, opening: signed.opening };
  });
}

/** Re-signs client-signed items as one batch. */
function signAsBatch(items: unknown[], secrets: ParticipantSecrets): unknown[] {
  const signed = items as { envelope: Parameters<typeof withoutSignature>[0]; opening: unknown }[];
  const key = signingKeyFromPrivateKey(fromBase64Url(secrets.privateKey));
  const envelopes = signEnvelopeBatch(signed.map((e) => withoutSignature(e.envelope)), key);
  return envelopes.map((envelope, i) => ({ envelope, opening: signed[i].opening }));
}

async function run(url: string, token: string, bodies: string[], concurrency: number): Promise<RunResult> {
  let next = 0;
  let events = 0;
  const requestMs: number[] = [];
  const started = performance.now();
  const client = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const t0 = performance.now();
      const response = await fetch(`${url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      const answer = (await response.json()) as { accepted?: number; refused?: number };
      requestMs.push(performance.now() - t0);
      if (response.status !== 202 || answer.refused !== 0) throw new Error(`bench request answered ${response.status}: ${JSON.stringify(answer).slice(0, 500)}`);
      events += answer.accepted ?? 0;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  return { eventsPerSecond: events / seconds, requestMs };
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '5' },
      sizes: { type: 'string', default: '1,50,500' },
      concurrency: { type: 'string', default: '4' },
      nodes: { type: 'string', default: Object.keys(NODES).join(',') },
      modes: { type: 'string', default: 'custodial,client-signed' },
      json: { type: 'boolean', default: false },
      // Built apps to run; another folder lets a before/after comparison keep the old build.
      'apps-dir': { type: 'string', default: join(__dirname, '../../dist/apps') },
    },
  });
  const databaseUrl = process.env['DATABASE_URL'];
  const brokers = process.env['KAFKA_BROKERS'];
  if (!databaseUrl || !brokers) {
    process.stderr.write('DATABASE_URL and KAFKA_BROKERS must point at a running stack (node scripts/stack.ts up --detach --json)\n');
    return 2;
  }
  const runs = Number(values.runs);
  const sizes = values.sizes.split(',').map(Number);
  const concurrency = Number(values.concurrency);
  const nodes = values.nodes.split(',') as NodeName[];
  const modes = values.modes.split(',') as Mode[];

  const schema = `bench_ingestion_${randomBytes(4).toString('hex')}`;
  const prefix = schema.replace(/_/g, '-');
  await applyMigrations({ databaseUrl, schema });
  const prisma = new PrismaService({ databaseUrl, schema });
  await prisma.onModuleInit();
  const { secrets } = await seedParticipants(new PrismaRegistryRepository(prisma), DEMO_PARTICIPANTS);
  await prisma.onModuleDestroy();
  const byId = Object.fromEntries(secrets.map((s) => [s.id, s]));
  const keyDir = await mkdtemp(join(tmpdir(), 'bl-bench-keys-'));
  const keystores = await writeKeystores(keyDir, secrets);
  const kafka = createKafkaClient({ brokers: brokers.split(','), clientId: prefix });
  const topics = topicNames(prefix);
  await ensureTopics(kafka, [{ topic: topics.submissions, numPartitions: 4 }, { topic: topics.deadLetter }, { topic: topics.committed, numPartitions: 4 }]);

  // Other work on the machine skews every figure: the load average is printed with them.
  const loadBefore = loadavg().map((x) => x.toFixed(2)).join(' ');
  const services: ServiceProcess[] = [];
  const rows: { node: NodeName; mode: Mode; batch: number; events: number; median: number; min: number; max: number; p50RequestMs: number }[] = [];
  try {
    for (const node of nodes) {
      const service = await startServiceProcess({
        name: node,
        main: join(resolve(values['apps-dir']), node, 'main.js'),
        env: {
          DATABASE_URL: databaseUrlWithSchema(databaseUrl, schema),
          KAFKA_BROKERS: brokers,
          TOPIC_PREFIX: prefix,
          NODE_KEYSTORE_DIR: keystores[NODES[node].role],
          LOG_LEVEL: 'warn',
          RATE_LIMIT_REQUESTS: '1000000',
        },
      });
      services.push(service);
      const participant = byId[NODES[node].participant];
      for (const mode of modes) {
        for (const batch of sizes) {
          const events = batch === 1 ? 400 : Math.max(2000, batch * concurrency);
          const makeBodies = () => {
            const all = makeEvents(node, mode === 'client-signed-batch' ? 'client-signed' : mode, events, participant);
            const bodies: string[] = [];
            for (let i = 0; i < all.length; i += batch) {
              const items = all.slice(i, i + batch);
              bodies.push(JSON.stringify(batch === 1 ? items[0] : { events: mode === 'client-signed-batch' ? signAsBatch(items, participant) : items }));
            }
            return bodies;
          };
          await run(service.url, participant.token, makeBodies().slice(0, Math.max(2, concurrency)), concurrency); // warm-up
          const results: RunResult[] = [];
          for (let r = 0; r < runs; r++) results.push(await run(service.url, participant.token, makeBodies(), concurrency));
          const rates = results.map((x) => x.eventsPerSecond);
          const row = {
            node,
            mode,
            batch,
            events,
            median: Math.round(median(rates)),
            min: Math.round(Math.min(...rates)),
            max: Math.round(Math.max(...rates)),
            p50RequestMs: Math.round(median(results.flatMap((x) => x.requestMs))),
          };
          rows.push(row);
          process.stderr.write(`${node} ${mode} batch ${batch}: median ${row.median} events/s (min ${row.min}, max ${row.max}; p50 request ${row.p50RequestMs} ms)\n`);
        }
      }
      await service.stop();
    }
  } finally {
    await Promise.all(services.map((s) => s.stop()));
    await dropTestSchema({ databaseUrl, schema });
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: Object.values(topics).filter((t) => t !== topics.checkpoints) }).catch(() => undefined);
    await admin.disconnect();
    await rm(keyDir, { recursive: true, force: true });
  }

  const loadAfter = loadavg().map((x) => x.toFixed(2)).join(' ');
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ cpus: cpus().length, runs, concurrency, loadBefore, loadAfter, rows }, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`\n${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${runs} runs per row, ${concurrency} concurrent clients; load average ${loadBefore} before, ${loadAfter} after\n\n`);
  process.stdout.write('| node | mode | batch | events/run | median events/s | min | max | p50 request |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n');
  for (const r of rows) process.stdout.write(`| ${r.node} | ${r.mode} | ${r.batch} | ${r.events} | **${r.median}** | ${r.min} | ${r.max} | ${r.p50RequestMs} ms |\n`);
  return 0;
}
