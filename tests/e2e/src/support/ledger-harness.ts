// Shared pieces of the ledger end-to-end suites: registry rows for the fixture participants,
// freshly signed submissions, a producer onto the submissions topic, the built ledger as a
// process, and a C2SP witness over HTTP built from @borderledger/merkle-log's Witness.
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { buildFixtureEvent, fixtureSigningKey, FIXTURE_PARTICIPANTS, type EventType, type SignedEvent } from '@borderledger/events';
import { EventPublisher, createKafkaClient, ensureTopics, topicNames } from '@borderledger/kafka';
import {
  EMPTY_TREE_STATE,
  MemoryWitnessStateStore,
  Witness,
  appendLeaves,
  leafHash,
  openCheckpoint,
  treeRoot,
  type TreeState,
  createCosignatureSigner,
  createEd25519NoteVerifier,
  formatVerifierKey,
  generateNoteKeyPair,
  parseSignerKey,
  SIGNATURE_TYPE_COSIGNATURE_V1,
} from '@borderledger/merkle-log';
import { startServiceProcess, type ServiceProcess } from '@borderledger/testing';
import type { Client } from 'pg';

export const LEDGER_MAIN = join(__dirname, '../../../../dist/apps/ledger/main.js');

export const PARTICIPANTS = [
  { id: FIXTURE_PARTICIPANTS.platform, roles: ['platform'] },
  { id: FIXTURE_PARTICIPANTS.carrier, roles: ['carrier'] },
  { id: FIXTURE_PARTICIPANTS.logistics, roles: ['logistics'] },
  { id: FIXTURE_PARTICIPANTS.customs, roles: ['customs'] },
] as const;

/** Registry rows for the fixture participants and their fixture keys. */
export async function seedRegistry(db: Client, schema: string): Promise<void> {
  for (const p of PARTICIPANTS) {
    const key = fixtureSigningKey(p.id);
    await db.query(`INSERT INTO "${schema}".participants (id, name, roles, jurisdiction, updated_at) VALUES ($1, $2, $3, 'NL', now())`, [p.id, p.id, p.roles]);
    await db.query(`INSERT INTO "${schema}".participant_keys (key_id, participant_id, public_key, valid_from) VALUES ($1, $2, $3, '2026-01-01T00:00:00Z')`, [
      key.keyId,
      p.id,
      Buffer.from(key.publicKey),
    ]);
  }
}

/** A valid, freshly signed event of `type` (submittedAt now, new event id, real salts). */
export function freshEvent<T extends EventType>(type: T, consignmentRef?: string, submitter?: string): SignedEvent<T> {
  const now = Date.now();
  return buildFixtureEvent(type, {
    consignmentRef,
    submitter,
    occurredAt: new Date(now - 60_000).toISOString(),
    submittedAt: new Date(now).toISOString(),
    randomBytes: false,
  });
}

export function uniqueConsignmentRef(label: string): string {
  return `${label.toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, 16)}-${randomBytes(5).toString('hex').toUpperCase()}`;
}

export interface SubmissionProducer {
  readonly topics: ReturnType<typeof topicNames>;
  send(events: readonly { envelope: unknown; opening: unknown; key?: string }[]): Promise<void>;
  sendRaw(records: readonly { key: string; value: string }[]): Promise<void>;
  close(): Promise<void>;
}

export async function submissionProducer(brokers: readonly string[], prefix: string): Promise<SubmissionProducer> {
  const topics = topicNames(prefix);
  const kafka = createKafkaClient({ brokers, clientId: `e2e-${prefix}` });
  await ensureTopics(kafka, [
    { topic: topics.submissions, numPartitions: 4 },
    { topic: topics.deadLetter },
    { topic: topics.committed, numPartitions: 4 },
    { topic: topics.checkpoints },
  ]);
  const publisher = new EventPublisher({ brokers, clientId: `e2e-${prefix}` });
  await publisher.connect();
  return {
    topics,
    send: async (events) => {
      await publisher.publish(
        topics.submissions,
        events.map((e) => {
          const env = e.envelope as { consignmentRef: string | null; submitter: string; eventId: string };
          return { key: e.key ?? env.consignmentRef ?? env.submitter, value: JSON.stringify({ envelope: e.envelope, opening: e.opening }), headers: { 'bl-event-id': env.eventId } };
        }),
      );
    },
    sendRaw: async (records) => {
      await publisher.publish(topics.submissions, records);
    },
    close: () => publisher.disconnect(),
  };
}

export interface LedgerKeys {
  readonly origin: string;
  readonly signerKey: string;
  readonly verifierKey: string;
}

export function ledgerKeys(origin = 'borderledger.e2e/log'): LedgerKeys {
  const { signerKey, verifierKey } = generateNoteKeyPair(origin);
  return { origin, signerKey, verifierKey };
}

export async function startLedger(env: Record<string, string>, options: { name?: string } = {}): Promise<ServiceProcess> {
  return startServiceProcess({
    name: options.name ?? 'ledger',
    main: LEDGER_MAIN,
    env: { LOG_LEVEL: 'warn', ...env },
    readyPath: '/health',
    readyTimeoutMs: 90_000,
  });
}

/** A C2SP tlog-witness over HTTP: merkle-log's Witness behind a node:http server. */
export interface TestWitness {
  readonly name: string;
  readonly url: string;
  /** Verifier key of its cosignature key (type 0x04). */
  readonly verifierKey: string;
  requests: number;
  close(): Promise<void>;
}

export async function startWitness(name: string, ledger: LedgerKeys): Promise<TestWitness> {
  const seed = randomBytes(32);
  const cosigner = createCosignatureSigner(name, seed, () => Math.floor(Date.now() / 1000));
  const logKey = parseSignerKey(ledger.signerKey);
  const witness = new Witness({
    cosigners: [cosigner],
    logs: [{ origin: ledger.origin, verifiers: [createEd25519NoteVerifier(ledger.origin, logKey.publicKey)] }],
    store: new MemoryWitnessStateStore(),
    clock: () => Math.floor(Date.now() / 1000),
  });
  const status: Record<string, number> = {
    'malformed-request': 400,
    unauthenticated: 403,
    'unknown-origin': 404,
    conflict: 409,
    equivocation: 409,
    'invalid-proof': 422,
  };
  const state = { requests: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests++;
      if (req.method !== 'POST' || req.url !== '/add-checkpoint') {
        res.writeHead(404).end();
        return;
      }
      witness.addCheckpoint(Buffer.concat(chunks).toString('utf8')).then(
        (outcome) => {
          if (outcome.kind === 'cosigned') {
            res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(outcome.signatureLines);
          } else if (outcome.kind === 'conflict') {
            res.writeHead(409, { 'content-type': 'text/x.tlog.size' }).end(`${outcome.latestSize}\n`);
          } else {
            res.writeHead(status[outcome.kind] ?? 400, { 'content-type': 'text/plain' }).end(`${outcome.kind}\n`);
          }
        },
        (error: Error) => res.writeHead(500).end(error.message),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    verifierKey: formatVerifierKey(name, cosigner.publicKey, SIGNATURE_TYPE_COSIGNATURE_V1),
    get requests() {
      return state.requests;
    },
    set requests(n: number) {
      state.requests = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function getJson<T = unknown>(url: string, token: string): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // text/plain or binary bodies stay as text
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

export interface LogAudit {
  readonly size: number;
  readonly eventIds: readonly string[];
  readonly checkpointSizes: readonly number[];
}

/**
 * Recomputes the whole log from the database, as an auditor would: contiguous indexes, each
 * leaf hash from its envelope bytes, every stored checkpoint signed by the log key and equal to
 * the root recomputed at its size (so all checkpoints lie on one history: no fork).
 */
export async function auditLog(db: Client, schema: string, ledger: LedgerKeys): Promise<LogAudit> {
  const { rows: entries } = await db.query<{ index: string; event_id: string; envelope: Buffer; leaf_hash: Buffer }>(
    `SELECT index, event_id, envelope, leaf_hash FROM "${schema}".ledger_entries ORDER BY index`,
  );
  const { rows: checkpoints } = await db.query<{ tree_size: string; root_hash: Buffer; note: string }>(
    `SELECT tree_size, root_hash, note FROM "${schema}".ledger_checkpoints ORDER BY tree_size`,
  );
  const verifier = createEd25519NoteVerifier(ledger.origin, parseSignerKey(ledger.signerKey).publicKey);
  const roots = new Map<number, Uint8Array>();
  let state: TreeState = EMPTY_TREE_STATE;
  const wanted = new Set(checkpoints.map((c) => Number(c.tree_size)));
  entries.forEach((row, i) => {
    if (Number(row.index) !== i) throw new Error(`audit: index ${row.index} found where ${i} was expected`);
    const leaf = leafHash(new Uint8Array(row.envelope));
    if (!Buffer.from(leaf).equals(row.leaf_hash)) throw new Error(`audit: leaf hash of entry ${i} does not match its envelope`);
    state = appendLeaves(state, [leaf]).state;
    if (wanted.has(state.size)) roots.set(state.size, treeRoot(state));
  });
  for (const c of checkpoints) {
    const size = Number(c.tree_size);
    const opened = openCheckpoint(c.note, [verifier], { origin: ledger.origin });
    const recomputed = roots.get(size);
    if (!recomputed || !Buffer.from(recomputed).equals(c.root_hash) || !Buffer.from(opened.checkpoint.rootHash).equals(c.root_hash)) {
      throw new Error(`audit: checkpoint ${size} does not match the entries`);
    }
  }
  if (checkpoints.length > 0 && Number(checkpoints[checkpoints.length - 1].tree_size) !== entries.length) {
    throw new Error(`audit: the latest checkpoint does not cover all ${entries.length} entries`);
  }
  return { size: entries.length, eventIds: entries.map((e) => e.event_id), checkpointSizes: checkpoints.map((c) => Number(c.tree_size)) };
}

/** Collects every message of a topic from the beginning (a fresh consumer group per call). */
export async function topicCollector(brokers: readonly string[], topic: string): Promise<{ messages: KafkaMessageView[]; stop(): Promise<void> }> {
  const kafka = createKafkaClient({ brokers, clientId: `e2e-collector-${randomBytes(3).toString('hex')}` });
  const consumer = kafka.consumer({ groupId: `e2e-collector-${randomBytes(6).toString('hex')}` });
  const messages: KafkaMessageView[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = Buffer.isBuffer(v) ? v.toString() : String(v);
      messages.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', headers });
    },
  });
  return { messages, stop: () => consumer.disconnect() };
}

export interface KafkaMessageView {
  readonly key: string | null;
  readonly value: string;
  readonly headers: Record<string, string>;
}
