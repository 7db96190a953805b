/**
 * Benchmark of the ledger: the built ledger process against a real PostgreSQL and Kafka.
 *
 *   npx nx build ledger
 *   DATABASE_URL=… KAFKA_BROKERS=… npx tsx --tsconfig tsconfig.base.json bench/ledger.bench.ts
 *
 * Environment knobs: BENCH_SUSTAINED (events, default 50000), BENCH_LOAD_SECONDS (default 15),
 * BENCH_PROOF_ENTRIES (default 1000000), BENCH_BASELINE (events, default 20000),
 * BENCH_EVENT_TYPE (default ship.consignment.picked-up; buy.order.placed for large payloads),
 * BENCH_SIGN_BATCH (envelopes per batch signature, default 500 as a node signs one request's
 * events; 1 = one signature per event), BENCH_LEDGER_LOG_LEVEL and BENCH_LEDGER_OUTPUT (a file
 * the ledger's log is appended to), BENCH_LEDGER_NODE_FLAGS (replaces the ledger's node flags),
 * BENCH_KEEP_DATA=1 (keep the run's schemas and topics), LEDGER_* tuning
 * variables (passed through).
 *
 * Parts, each printed as it finishes (the figures for docs/benchmarks.md):
 *   A. per-event validation cost in-process (schema, signature, opening), one core;
 *   B. store-level commit: our path (incremental tree, one transaction, bulk inserts) against the
 *      naive baseline (merkletreejs rebuilt per batch, one INSERT per event), same run, same data;
 *   C. sustained end-to-end rate: N submissions waiting on the topic → committed checkpoint;
 *   D. commit latency at fixed offered loads (1,000 and 5,000 events/s): send → committed message;
 *   E. proof serving over HTTP at 10^6 entries (inclusion and consistency), p50/p99;
 *   memory: the ledger process's peak RSS (VmHWM) in C/D and in E.
 */
import { createPrivateKey, randomBytes, sign as nodeSign, createHash, type KeyObject } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { MerkleTree } from 'merkletreejs';
import pg from 'pg';
import { applyMigrations, PrismaService } from '../libs/infra/data/src';
import { createMemoizedVerifier, createRegistrySnapshot, validateEnvelopeForLedger, validateOpening, validateSubmission } from '../libs/domain/entry-validation/src';
import {
  InclusionPathMemo,
  buildFixtureEvent,
  canonicalBytes,
  commitPayload,
  envelopeSigningInput,
  fixturePayload,
  fixtureSigningKey,
  newEventId,
  signEnvelopeBatch,
  toBase64Url,
  validateEnvelope,
  type EventEnvelope,
  type EventType,
  type UnsignedEnvelope,
} from '../libs/domain/events/src';
import { EventPublisher, createKafkaClient, ensureTopics, topicNames } from '../libs/infra/kafka/src';
import { PrismaLedgerStore } from '../libs/infra/ledger-store/src';
import { createNodeEd25519Verifier, useNativeHashing } from '../libs/infra/node-crypto/src';
import {
  EMPTY_TREE_STATE,
  appendLeaves,
  createEd25519NoteSigner,
  formatCheckpoint,
  formatTileIndex,
  generateNoteKeyPair,
  leafHash,
  signNote,
  treeRoot,
  type StoredNode,
  type TreeState,
} from '../libs/domain/merkle-log/src';
import { freePort, startServiceProcess, type ServiceProcess } from '../libs/infra/testing/src';
import { acceptedEvent, sequenceBatch } from '../apps/ledger/src/app/commit/sequencer';
import { LEDGER_NODE_FLAGS } from '../apps/ledger/src/runtime-options';

useNativeHashing();

const ROOT = join(__dirname, '..');
const LEDGER_MAIN = join(ROOT, 'dist/apps/ledger/main.js');
const SUSTAINED = Number(process.env['BENCH_SUSTAINED'] ?? 50_000);
const LOAD_SECONDS = Number(process.env['BENCH_LOAD_SECONDS'] ?? 15);
const PROOF_ENTRIES = Number(process.env['BENCH_PROOF_ENTRIES'] ?? 1_000_000);
const BASELINE = Number(process.env['BENCH_BASELINE'] ?? 20_000);
const EVENT_TYPE = (process.env['BENCH_EVENT_TYPE'] ?? 'ship.consignment.picked-up') as EventType;
const SIGN_BATCH = Number(process.env['BENCH_SIGN_BATCH'] ?? 500);
const SUBMITTER = 'skyfreight';

const databaseUrl = process.env['DATABASE_URL'];
const brokers = process.env['KAFKA_BROKERS']?.split(',');
if (!databaseUrl || !brokers) throw new Error('set DATABASE_URL and KAFKA_BROKERS (e.g. from `node scripts/stack.ts up --detach --json`)');
if (!existsSync(LEDGER_MAIN)) throw new Error('build the ledger first: npx nx build ledger');

/** How the offered events are signed; a fixed load signs each 20 ms tick's events together. */
const signing = (perRequest = SIGN_BATCH) => (SIGN_BATCH <= 1 ? 'one signature per event' : `one signature per ${Math.min(SIGN_BATCH, perRequest)} events`);
const say = (line: string) => process.stdout.write(`${line}\n`);
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
function summary(values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50).toFixed(1)} ms · p90 ${percentile(s, 90).toFixed(1)} · p99 ${percentile(s, 99).toFixed(1)} · max ${s[s.length - 1].toFixed(1)} (n=${s.length})`;
}

// ─── fast, valid submissions: one payload commitment per run, a node:crypto signature per event ──

const fixtureKey = fixtureSigningKey(SUBMITTER);
const privateKey: KeyObject = createPrivateKey({
  key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(fixtureKey.privateKey)]),
  format: 'der',
  type: 'pkcs8',
});
const template = commitPayload(EVENT_TYPE, fixturePayload(EVENT_TYPE));

function unsignedEnvelope(consignmentRef: string): UnsignedEnvelope {
  const now = Date.now();
  return {
    envelopeVersion: 1,
    eventId: newEventId(now),
    eventType: EVENT_TYPE,
    schemaVersion: template.opening.schemaVersion,
    consignmentRef,
    submitter: SUBMITTER,
    keyId: fixtureKey.keyId,
    occurredAt: new Date(now - 60_000).toISOString(),
    submittedAt: new Date(now).toISOString(),
    payloadCommitment: template.commitment,
  };
}

type Submission = { envelope: EventEnvelope; value: string };

const asSubmission = (envelope: EventEnvelope): Submission => ({ envelope, value: JSON.stringify({ envelope, opening: template.opening }) });

/** One event signed alone (node:crypto). */
function submission(consignmentRef: string): Submission {
  const unsigned = unsignedEnvelope(consignmentRef);
  return asSubmission({ ...unsigned, signature: toBase64Url(nodeSign(null, envelopeSigningInput(unsigned), privateKey)) });
}

/** Events signed as a node signs one request's events: SIGN_BATCH envelopes per signature. */
function submissions(refs: readonly string[]): Submission[] {
  if (SIGN_BATCH <= 1) return refs.map(submission);
  const out: Submission[] = [];
  for (let i = 0; i < refs.length; i += SIGN_BATCH) {
    out.push(...signEnvelopeBatch(refs.slice(i, i + SIGN_BATCH).map(unsignedEnvelope), fixtureKey).map(asSubmission));
  }
  return out;
}
const consignmentRef = (i: number) => `BENCH-${(i % 997).toString().padStart(4, '0')}`;

// ─── database and processes ──────────────────────────────────────────────────────────────────

/** Every schema and topic a run created: dropped at the end (BENCH_KEEP_DATA=1 keeps them for inspection). */
const schemas: string[] = [];
const createdTopics: string[] = [];

async function freshSchema(label: string): Promise<string> {
  const schema = `bench_${label}_${randomBytes(4).toString('hex')}`;
  schemas.push(schema);
  await applyMigrations({ databaseUrl: databaseUrl as string, schema });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  for (const [id, roles] of [[SUBMITTER, ['carrier']], ['shopwave', ['platform']]] as const) {
    const key = fixtureSigningKey(id);
    await db.query(`INSERT INTO "${schema}".participants (id, name, roles, jurisdiction, updated_at) VALUES ($1, $1, $2, 'NL', now())`, [id, roles]);
    await db.query(`INSERT INTO "${schema}".participant_keys (key_id, participant_id, public_key, valid_from) VALUES ($1, $2, $3, '2026-01-01T00:00:00Z')`, [
      key.keyId,
      id,
      Buffer.from(key.publicKey),
    ]);
  }
  await db.end();
  return schema;
}

const withSchema = (schema: string) => {
  const url = new URL(databaseUrl as string);
  url.searchParams.set('schema', schema);
  return url.toString();
};

const ledgerKey = generateNoteKeyPair('borderledger.bench/log');

/** Every ledger started, so a failing run stops them instead of leaving orphans. */
const started: ServiceProcess[] = [];

async function startLedger(schema: string, prefix: string): Promise<ServiceProcess> {
  const ledger = await startServiceProcess({
    name: 'ledger',
    main: LEDGER_MAIN,
    port: await freePort(),
    env: {
      DATABASE_URL: withSchema(schema),
      KAFKA_BROKERS: (brokers as string[]).join(','),
      TOPIC_PREFIX: prefix,
      LEDGER_ORIGIN: 'borderledger.bench/log',
      LEDGER_SIGNING_KEY: ledgerKey.signerKey,
      LEDGER_READ_TOKENS: 'bench-token-0123456789abcdef',
      LOG_LEVEL: process.env['BENCH_LEDGER_LOG_LEVEL'] ?? 'warn',
      // Tuning knobs pass through (LEDGER_MAX_BATCH_BYTES, LEDGER_PARTITION_CONCURRENCY, …).
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => /^LEDGER_(MAX_BATCH_BYTES|PARTITION_CONCURRENCY|VALIDATION_WORKERS|PIPELINE_DEPTH)$/.test(name))),
    },
    // As deployed; BENCH_LEDGER_NODE_FLAGS replaces them (e.g. to add --cpu-prof or --trace-gc).
    nodeFlags: process.env['BENCH_LEDGER_NODE_FLAGS']?.split(' ').filter(Boolean) ?? LEDGER_NODE_FLAGS,
    readyPath: '/health',
  });
  started.push(ledger);
  // BENCH_LEDGER_OUTPUT=<file>: keep the ledger's log (e.g. its per-batch timings at BENCH_LEDGER_LOG_LEVEL=info).
  const outputFile = process.env['BENCH_LEDGER_OUTPUT'];
  if (outputFile) ledger.process.once('exit', () => appendFileSync(outputFile, ledger.output()));
  return ledger;
}

// ─── CPU accounting: what each event costs the ledger, PostgreSQL and Kafka together ────────────
// Wall-clock rates on a shared 2-core box swing with other jobs; CPU seconds per event do much
// less, and 2 cores ÷ (CPU per event) is the rate the box could sustain with nothing else on it.

const CLOCK_TICKS = 100;

/** utime + stime (+ reaped children's, for a parent like the postmaster) in seconds. */
function cpuSecondsOf(pid: number, withReaped = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
    return (utime + stime + (withReaped ? cutime + cstime : 0)) / CLOCK_TICKS;
  } catch {
    return 0; // exited between listing and reading
  }
}

function childrenOf(parent: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (ppid === parent) out.push(Number(entry));
    } catch {
      // gone
    }
  }
  return out;
}

function listenerPid(port: number): number | undefined {
  const line = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const match = /pid=(\d+)/.exec(line);
  return match ? Number(match[1]) : undefined;
}

interface CpuSample {
  readonly ledger: number;
  readonly postgres: number;
  readonly kafka: number;
}

function sampleCpu(ledgerPid: number | undefined): CpuSample {
  const pgPid = listenerPid(Number(new URL(databaseUrl as string).port || 5432));
  const kafkaPid = listenerPid(Number((brokers as string[])[0].split(':').pop()));
  return {
    ledger: ledgerPid ? cpuSecondsOf(ledgerPid) : 0,
    postgres: pgPid ? cpuSecondsOf(pgPid, true) + childrenOf(pgPid).reduce((sum, pid) => sum + cpuSecondsOf(pid), 0) : NaN,
    kafka: kafkaPid ? cpuSecondsOf(kafkaPid) : NaN,
  };
}

function cpuPerEvent(before: CpuSample, after: CpuSample, events: number): string {
  const us = (k: keyof CpuSample) => ((after[k] - before[k]) / events) * 1e6;
  const total = us('ledger') + us('postgres') + us('kafka');
  return (
    `CPU per event: ledger ${us('ledger').toFixed(0)} µs + PostgreSQL ${us('postgres').toFixed(0)} µs + Kafka ${us('kafka').toFixed(0)} µs ` +
    `= ${total.toFixed(0)} µs → ${Math.round((cpus().length * 1e6) / total).toLocaleString('en')} events/s on ${cpus().length} idle cores`
  );
}

function peakRssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
  return Math.round(kb / 1024);
}

async function treeSize(db: pg.Client, schema: string): Promise<number> {
  const { rows } = await db.query(`SELECT coalesce(max(tree_size), 0)::int AS n FROM "${schema}".ledger_checkpoints`);
  return rows[0].n;
}

async function topics(prefix: string) {
  const names = topicNames(prefix);
  const kafka = createKafkaClient({ brokers: brokers as string[], clientId: `bench-${prefix}` });
  createdTopics.push(names.submissions, names.deadLetter, names.committed, names.checkpoints);
  await ensureTopics(kafka, [
    { topic: names.submissions, numPartitions: Number(process.env['BENCH_PARTITIONS'] ?? 4) },
    { topic: names.deadLetter },
    { topic: names.committed, numPartitions: 4 },
    { topic: names.checkpoints },
  ]);
  const publisher = new EventPublisher({ brokers: brokers as string[], clientId: `bench-${prefix}` });
  await publisher.connect();
  return { names, kafka, publisher };
}

// ─── A. validation cost ──────────────────────────────────────────────────────────────────────

function partA(): void {
  say(`\nA. per-event validation, in-process, one core (${EVENT_TYPE}; load ${load()})`);
  const registry = createRegistrySnapshot({
    participants: [{ id: SUBMITTER, roles: ['carrier'], status: 'active' }],
    keys: [{ keyId: fixtureKey.keyId, participantId: SUBMITTER, publicKey: fixtureKey.publicKey, validFrom: new Date('2026-01-01'), validUntil: null }],
  });
  const verify = createNodeEd25519Verifier();
  const { envelope } = submission('BENCH-A');
  const opening = template.opening;
  const rate = (name: string, f: () => unknown) => {
    let n = 0;
    const t = performance.now();
    while (performance.now() - t < 1000) {
      f();
      n++;
    }
    const perSecond = n / ((performance.now() - t) / 1000);
    say(`   ${name.padEnd(44)} ${Math.round(perSecond).toLocaleString('en')}/s (${(1e6 / perSecond).toFixed(0)} µs)`);
  };
  rate('envelope schema', () => validateEnvelope(envelope));
  rate('envelope + registry + signature (node:crypto)', () => validateEnvelopeForLedger(envelope, registry, { verifySignature: verify }));
  rate('opening vs commitment (@borderledger/events)', () => validateOpening(envelope, opening));
  rate('whole submission, signed alone', () => validateSubmission(envelope, opening, registry, { verifySignature: verify }));
  // As the ledger sees batch-signed traffic: a signed batch of 500, each distinct signature and
  // path node settled once (memoised verifier, path memo); the opening checked every time.
  const batch = submissions(Array.from({ length: 500 }, (_, i) => consignmentRef(i))).map((s) => s.envelope);
  const batchOptions = { verifySignature: createMemoizedVerifier(verify), batchPaths: new InclusionPathMemo() };
  let next = 0;
  rate('whole submission, batch-signed (500 per signature)', () => validateSubmission(batch[next++ % batch.length], opening, registry, batchOptions));
  const order = buildFixtureEvent('buy.order.placed');
  rate('opening of a buy.order.placed (243 slots)', () => validateOpening(order.envelope, order.opening));
}

// ─── B. store-level commit: ours vs the naive baseline ──────────────────────────────────────

async function partB(): Promise<void> {
  say(`\nB. store-level commit of ${BASELINE.toLocaleString('en')} events in batches of 500 (load ${load()})`);
  const events = Array.from({ length: BASELINE }, (_, i) => {
    const { envelope } = submission(consignmentRef(i));
    return { envelope, opening: template.opening };
  });
  const signer = createEd25519NoteSigner('borderledger.bench/log', randomBytes(32));

  const oursSchema = await freshSchema('ours');
  const prisma = new PrismaService({ databaseUrl: withSchema(oursSchema) });
  await prisma.$connect();
  const store = new PrismaLedgerStore(prisma);
  let state: TreeState = EMPTY_TREE_STATE;
  const t0 = performance.now();
  for (let i = 0; i < events.length; i += 500) {
    const batch = sequenceBatch('borderledger.bench/log', state, events.slice(i, i + 500).map((e) => acceptedEvent(e.envelope, e.opening)));
    await store.commitBatch(batch, (text) => signNote(text, [signer]));
    state = batch.checkpoint.treeState;
  }
  const oursMs = performance.now() - t0;
  await prisma.$disconnect();

  // Naive: one INSERT per event, and the whole tree rebuilt with merkletreejs for every batch.
  const naiveSchema = await freshSchema('naive');
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  await db.query(`SET search_path TO "${naiveSchema}"`);
  const leaves: Buffer[] = [];
  const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();
  const t1 = performance.now();
  for (let i = 0; i < events.length; i += 500) {
    await db.query('BEGIN');
    for (const [j, e] of events.slice(i, i + 500).entries()) {
      const bytes = Buffer.from(canonicalBytes(e.envelope));
      const leaf = Buffer.from(leafHash(bytes));
      leaves.push(leaf);
      await db.query(
        `INSERT INTO ledger_entries (index, event_id, event_type, consignment_ref, submitter, key_id, envelope, leaf_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [i + j, e.envelope.eventId, e.envelope.eventType, e.envelope.consignmentRef, e.envelope.submitter, e.envelope.keyId, bytes, leaf],
      );
      await db.query(`INSERT INTO event_payloads (event_id, opening) VALUES ($1, $2)`, [e.envelope.eventId, JSON.stringify(e.opening)]);
    }
    const tree = new MerkleTree(leaves, sha256, { hashLeaves: false, sortPairs: false });
    const root = tree.getRoot();
    const size = Math.min(events.length, i + 500);
    const text = formatCheckpoint({ origin: 'borderledger.bench/log', size, rootHash: new Uint8Array(root), extensions: [] });
    await db.query(`INSERT INTO ledger_checkpoints (tree_size, root_hash, note, tree_state) VALUES ($1, $2, $3, $4)`, [size, root, signNote(text, [signer]), Buffer.alloc(8)]);
    await db.query('COMMIT');
  }
  const naiveMs = performance.now() - t1;
  await db.end();
  const ours = BASELINE / (oursMs / 1000);
  const naive = BASELINE / (naiveMs / 1000);
  say(`   ours  (incremental tree, bulk inserts, 1 tx/batch): ${Math.round(ours).toLocaleString('en')} events/s (${(oursMs / 1000).toFixed(1)} s)`);
  say(`   naive (merkletreejs rebuild/batch, 1 INSERT/event): ${Math.round(naive).toLocaleString('en')} events/s (${(naiveMs / 1000).toFixed(1)} s)`);
  say(`   ratio ours/naive: ${(ours / naive).toFixed(1)}× at a ${BASELINE.toLocaleString('en')}-entry log`);

  // The tree step alone when the log is large: the naive rebuild is O(n) per batch, ours O(batch · log n).
  const big = 1_000_000;
  const bigLeaves = Array.from({ length: big }, (_, i) => sha256(Buffer.from(String(i))));
  const r0 = performance.now();
  new MerkleTree(bigLeaves, sha256, { hashLeaves: false, sortPairs: false }).getRoot();
  const rebuildMs = performance.now() - r0;
  let bigState: TreeState = EMPTY_TREE_STATE;
  for (let i = 0; i < big; i += 100_000) bigState = appendLeaves(bigState, bigLeaves.slice(i, i + 100_000).map((b) => new Uint8Array(b))).state;
  const fresh = Array.from({ length: 500 }, (_, i) => new Uint8Array(sha256(Buffer.from(`new-${i}`))));
  const a0 = performance.now();
  const appended = appendLeaves(bigState, fresh);
  treeRoot(appended.state);
  const appendMs = performance.now() - a0;
  say(`   tree step for one 500-event batch on a 10^6-entry log: merkletreejs rebuild ${rebuildMs.toFixed(0)} ms, appendLeaves + root ${appendMs.toFixed(2)} ms (${Math.round(rebuildMs / appendMs).toLocaleString('en')}×)`);
  say(`   → naive at 10^6 entries: at most ${Math.round((500 / (rebuildMs + (500 / naive) * 1000)) * 1000).toLocaleString('en')} events/s in 500-event batches`);
}

// ─── C. sustained end-to-end rate ────────────────────────────────────────────────────────────

async function partC(): Promise<void> {
  say(`\nC. sustained: ${SUSTAINED.toLocaleString('en')} ${EVENT_TYPE} submissions waiting on the topic → committed checkpoint; ${signing()} (load ${load()})`);
  const schema = await freshSchema('sustained');
  const prefix = `bench-sustained-${randomBytes(3).toString('hex')}`;
  const { names, publisher } = await topics(prefix);
  const tp = performance.now();
  for (let i = 0; i < SUSTAINED; i += 1000) {
    const chunk = submissions(Array.from({ length: Math.min(1000, SUSTAINED - i) }, (_, j) => consignmentRef(i + j)));
    await publisher.publish(
      names.submissions,
      chunk.map((s) => ({ key: s.envelope.consignmentRef as string, value: s.value })),
    );
  }
  say(`   produced in ${((performance.now() - tp) / 1000).toFixed(1)} s`);
  await publisher.disconnect();
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const ledger = await startLedger(schema, prefix);
  // The ledger's own start-up is not part of the per-event cost: sample from here.
  const cpuBefore = sampleCpu(ledger.process.pid);
  let first = 0;
  const t0 = performance.now();
  for (;;) {
    const size = await treeSize(db, schema);
    if (size > 0 && !first) first = performance.now();
    if (size >= SUSTAINED) break;
    if (performance.now() - t0 > 180_000) throw new Error(`stuck at ${size}; ledger output:\n${ledger.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const elapsed = (performance.now() - t0) / 1000;
  const steady = (performance.now() - first) / 1000;
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM "${schema}".ledger_checkpoints`);
  say(`   ${Math.round(SUSTAINED / elapsed).toLocaleString('en')} events/s from ledger start (${elapsed.toFixed(1)} s incl. group join), ${Math.round(SUSTAINED / steady).toLocaleString('en')} events/s from the first commit`);
  say(`   ${cpuPerEvent(cpuBefore, sampleCpu(ledger.process.pid), SUSTAINED)}`);
  say(`   ${rows[0].n} checkpoints (mean batch ${Math.round(SUSTAINED / rows[0].n)} events); ledger peak RSS ${peakRssMb(ledger.process.pid)} MB`);
  if (process.env['BENCH_LEDGER_LOG_LEVEL']) process.stderr.write(ledger.output());
  await ledger.stop();
  await db.end();
}

// ─── D. latency at fixed offered loads ───────────────────────────────────────────────────────

async function partD(rate: number): Promise<void> {
  say(`\nD. commit latency at ${rate.toLocaleString('en')} events/s offered for ${LOAD_SECONDS} s: send → committed message received; ${signing(Math.ceil(rate / 50))} (load ${load()})`);
  const schema = await freshSchema(`load${rate}`);
  const prefix = `bench-load-${rate}-${randomBytes(3).toString('hex')}`;
  const { names, kafka, publisher } = await topics(prefix);
  const ledger = await startLedger(schema, prefix);
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const consumer = kafka.consumer({ groupId: `${prefix}-observer` });
  await consumer.connect();
  await consumer.subscribe({ topic: names.committed, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const now = performance.now();
      for (const m of batch.messages) {
        const id = m.headers?.['bl-event-id']?.toString();
        const t = id ? sentAt.get(id) : undefined;
        if (t !== undefined) {
          latencies.push(now - t);
          sentAt.delete(id as string);
        }
      }
    },
  });
  // Warm-up: the group join and JIT, not measured.
  const warm = submission('BENCH-WARM');
  sentAt.set(warm.envelope.eventId, performance.now());
  await publisher.publish(names.submissions, [{ key: 'BENCH-WARM', value: warm.value }]);
  while (latencies.length === 0) await new Promise((r) => setTimeout(r, 100));
  latencies.length = 0;

  const tickMs = 20;
  const perTick = rate / (1000 / tickMs);
  const total = rate * LOAD_SECONDS;
  // Generated and signed before the clock starts, a tick's worth per signature as a node signs one
  // request: on a 2-core box the generator would otherwise take CPU from what it measures.
  const prepared: { id: string; record: { key: string; value: Buffer; headers: Record<string, string> } }[] = [];
  for (let i = 0; i < total; i += Math.ceil(perTick)) {
    for (const s of submissions(Array.from({ length: Math.min(Math.ceil(perTick), total - i) }, (_, j) => consignmentRef(i + j)))) {
      const id = s.envelope.eventId;
      prepared.push({ id, record: { key: s.envelope.consignmentRef as string, value: Buffer.from(s.value), headers: { 'bl-event-id': id } } });
    }
  }
  let sent = 0;
  const cpuBefore = sampleCpu(ledger.process.pid);
  const start = performance.now();
  while (sent < total) {
    // Open loop: whatever is due by the end of this tick is sent now, however late we are.
    const due = Math.min(total, Math.floor(((performance.now() - start) / tickMs + 1) * perTick)) - sent;
    if (due > 0) {
      const chunk = prepared.slice(sent, sent + due);
      const now = performance.now();
      for (const p of chunk) sentAt.set(p.id, now);
      // Below the broker's 1 MiB request limit even when a stall made many events due at once.
      for (let k = 0; k < chunk.length; k += 400) {
        await publisher.publish(
          names.submissions,
          chunk.slice(k, k + 400).map((p) => p.record),
        );
      }
      sent += due;
    }
    const next = start + Math.ceil((performance.now() - start) / tickMs) * tickMs;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  const offered = total / ((performance.now() - start) / 1000);
  const deadline = performance.now() + 120_000;
  while (latencies.length < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  say(`   offered ${Math.round(offered).toLocaleString('en')} events/s; committed ${latencies.length.toLocaleString('en')}/${total.toLocaleString('en')}`);
  say(`   latency ${summary(latencies)}`);
  say(`   ${cpuPerEvent(cpuBefore, sampleCpu(ledger.process.pid), latencies.length)}`);
  say(`   ledger peak RSS ${peakRssMb(ledger.process.pid)} MB`);
  if (process.env['BENCH_LEDGER_LOG_LEVEL']) process.stderr.write(ledger.output());
  await consumer.disconnect();
  await publisher.disconnect();
  await ledger.stop();
}

// ─── E. proof serving at 10^6 entries ────────────────────────────────────────────────────────

async function partE(): Promise<void> {
  say(`\nE. proofs over HTTP at ${PROOF_ENTRIES.toLocaleString('en')} entries (load ${load()})`);
  const schema = await freshSchema('proofs');
  const prisma = new PrismaService({ databaseUrl: withSchema(schema) });
  await prisma.$connect();
  const store = new PrismaLedgerStore(prisma);
  const signer = createEd25519NoteSigner('borderledger.bench/log', randomBytes(32));
  // Synthetic entries straight through the store (the commit path is measured in B and C):
  // unique envelope bytes, no signatures to check here.
  const BATCH = 10_000;
  let state: TreeState = EMPTY_TREE_STATE;
  const t0 = performance.now();
  for (let i = 0; i < PROOF_ENTRIES; i += BATCH) {
    const entries = [];
    for (let j = i; j < Math.min(PROOF_ENTRIES, i + BATCH); j++) {
      const envelope = Buffer.from(`{"bench":${j},"id":"${randomBytes(8).toString('hex')}"}`);
      const id = newEventId();
      entries.push({
        index: j,
        eventId: id,
        eventType: EVENT_TYPE,
        consignmentRef: consignmentRef(j),
        submitter: SUBMITTER,
        keyId: fixtureKey.keyId,
        envelope,
        leafHash: leafHash(envelope),
        openingJson: '{}',
      });
    }
    const appended: { state: TreeState; nodes: readonly StoredNode[] } = appendLeaves(state, entries.map((e) => e.leafHash));
    const rootHash = treeRoot(appended.state);
    await store.commitBatch(
      {
        previousSize: state.size,
        entries,
        nodes: appended.nodes,
        checkpoint: { size: appended.state.size, rootHash, treeState: appended.state, text: formatCheckpoint({ origin: 'borderledger.bench/log', size: appended.state.size, rootHash, extensions: [] }) },
      },
      (text) => signNote(text, [signer]),
    );
    state = appended.state;
  }
  const fillS = (performance.now() - t0) / 1000;
  say(`   filled in ${fillS.toFixed(0)} s (${Math.round(PROOF_ENTRIES / fillS).toLocaleString('en')} entries/s through commitBatch, 10k per transaction)`);
  await prisma.$disconnect();

  const ledger = await startLedger(schema, `bench-proofs-${randomBytes(3).toString('hex')}`);
  const auth = { authorization: 'Bearer bench-token-0123456789abcdef' };
  const time = async (path: string) => {
    const t = performance.now();
    const response = await fetch(`${ledger.url}${path}`, { headers: auth });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return performance.now() - t;
  };
  let x = 12345;
  const rand = (n: number) => (x = (x * 1103515245 + 12345) % 2147483648) % n;
  // Warm-up to steady state (JIT, the tree-node cache, the heap grown): 2,000 requests, not measured.
  for (let i = 0; i < 2000; i++) await time(`/v1/entries/${rand(PROOF_ENTRIES)}`);
  const inclusion: number[] = [];
  for (let i = 0; i < 2000; i++) inclusion.push(await time(`/v1/entries/${rand(PROOF_ENTRIES)}`));
  say(`   inclusion proof + entry (GET /v1/entries/<i>, latest checkpoint): ${summary(inclusion)}`);
  const consistency: number[] = [];
  for (let i = 0; i < 2000; i++) consistency.push(await time(`/v1/proofs/consistency?from=${1 + rand(PROOF_ENTRIES - 1)}&to=${PROOF_ENTRIES}`));
  say(`   consistency proof (GET /v1/proofs/consistency):                ${summary(consistency)}`);
  const tiles: number[] = [];
  for (let i = 0; i < 500; i++) tiles.push(await time(`/tile/0/${formatTileIndex(rand(Math.floor(PROOF_ENTRIES / 256)))}`));
  say(`   full level-0 tile (GET /tile/0/<N>, 256 hashes):               ${summary(tiles)}`);
  say(`   ledger peak RSS ${peakRssMb(ledger.process.pid)} MB`);
  await ledger.stop();
}

async function main(): Promise<void> {
  say(`ledger benchmark — ${new Date().toISOString()} — node ${process.version}, ${cpus().length} cores, load ${load()}`);
  const parts = (process.env['BENCH_PARTS'] ?? 'ABCDE').toUpperCase();
  if (parts.includes('A')) partA();
  if (parts.includes('B')) await partB();
  if (parts.includes('C')) await partC();
  if (parts.includes('D')) {
    for (const rate of (process.env['BENCH_RATES'] ?? '1000,5000').split(',').map(Number)) await partD(rate);
  }
  if (parts.includes('E')) await partE();
  say(`\ndone (load ${load()})`);
}

/**
 * A run writes gigabytes: 10^6 entries for part E alone, and about 2 KB per event on Kafka (a
 * sustained run of 150,000 events leaves 450 MB of topics). Left behind, the schemas slow every
 * later run and the topics fill the disk.
 */
async function dropRunData(): Promise<void> {
  if (process.env['BENCH_KEEP_DATA'] === '1') return;
  if (schemas.length > 0) {
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    for (const schema of schemas) await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
  }
  if (createdTopics.length > 0) {
    const admin = createKafkaClient({ brokers: brokers as string[], clientId: 'bench-cleanup' }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: createdTopics });
    await admin.disconnect();
  }
}

main().then(
  async () => {
    await dropRunData();
    process.exit(0);
  },
  async (error: Error) => {
    process.stderr.write(`benchmark failed: ${error.stack ?? error.message}\n`);
    await Promise.all(started.map((l) => l.stop()));
    await dropRunData().catch(() => undefined);
    process.exit(1);
  },
);
