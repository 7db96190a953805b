// Shared pieces of the ingestion end-to-end suites: a per-suite schema with the demo participants
// (seeded through the registry library, keys and credentials as the seed command makes them),
// custodial keystores on disk, the built nodes as processes, and a probe that reads the Kafka
// topics the nodes publish to.
import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrismaService, applyMigrations } from '@borderledger/data';
import {
  createSignedEvent,
  fixturePayload,
  fromBase64Url,
  getEventDefinition,
  newEventId,
  signEnvelopeBatch,
  signingKeyFromPrivateKey,
  withoutSignature,
  type EventEnvelope,
  type EventType,
  type SignedEvent,
} from '@borderledger/events';
import { BatchConsumer, EventPublisher, createKafkaClient, ensureTopics, topicNames, type ConsumedRecord, type TopicNames } from '@borderledger/kafka';
import { DEMO_PARTICIPANTS, PrismaRegistryRepository, seedParticipants, writeKeystores, type ParticipantSecrets, type ParticipantSpec } from '@borderledger/registry';
import { databaseUrlForSchema, eventually, stackEnvironment, startServiceProcess, suiteNamespace, type ServiceProcess } from '@borderledger/testing';
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';

export const DIST = join(__dirname, '../../../../dist/apps');
export const NODE_ROLE = { 'platform-node': 'platform', 'carrier-node': 'carrier', 'logistics-node': 'logistics' } as const;
export type NodeName = keyof typeof NODE_ROLE;

/** The demo participants plus a second marketplace, for cross-participant (OWASP) cases. */
export const SUITE_PARTICIPANTS: readonly ParticipantSpec[] = [
  ...DEMO_PARTICIPANTS,
  { id: 'brightmart', name: 'Brightmart Online S.A.', roles: ['platform'], jurisdiction: 'FR' },
];

export interface IngestionNetwork {
  readonly namespace: string;
  readonly topicPrefix: string;
  readonly topics: TopicNames;
  readonly databaseUrl: string;
  readonly schemaUrl: string;
  readonly kafkaBrokers: string[];
  readonly db: Client;
  readonly kafka: Kafka;
  readonly secrets: Readonly<Record<string, ParticipantSecrets>>;
  readonly keystores: Readonly<Record<string, string>>;
  startNode(name: NodeName, env?: Record<string, string>): Promise<ServiceProcess>;
  /** Publishes raw records, as the ledger would on committed / dead-letter. */
  publish(topic: string, records: { key: string; value: string; headers?: Record<string, string> }[]): Promise<void>;
  close(): Promise<void>;
}

export async function createIngestionNetwork(label: string): Promise<IngestionNetwork> {
  const { kafkaBrokers, databaseUrl } = stackEnvironment();
  const namespace = suiteNamespace(label);
  // Topic prefixes allow [a-z0-9.-] only.
  const topicPrefix = namespace.replace(/_/g, '-');
  const topics = topicNames(topicPrefix);
  await applyMigrations({ databaseUrl, schema: namespace });
  const prisma = new PrismaService({ databaseUrl, schema: namespace });
  await prisma.onModuleInit();
  const { secrets } = await seedParticipants(new PrismaRegistryRepository(prisma), SUITE_PARTICIPANTS);
  await prisma.onModuleDestroy();
  const keystoreRoot = await mkdtemp(join(tmpdir(), 'bl-e2e-keys-'));
  const keystores = await writeKeystores(keystoreRoot, secrets);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const kafka = createKafkaClient({ brokers: kafkaBrokers, clientId: `${topicPrefix}.test` });
  await ensureTopics(kafka, [{ topic: topics.submissions, numPartitions: 4 }, { topic: topics.deadLetter }, { topic: topics.committed, numPartitions: 4 }]);
  const publisher = new EventPublisher({ brokers: kafkaBrokers, clientId: `${topicPrefix}.test` });
  await publisher.connect();
  const schemaUrl = databaseUrlForSchema(databaseUrl, namespace);
  const services: ServiceProcess[] = [];

  return {
    namespace,
    topicPrefix,
    topics,
    databaseUrl,
    schemaUrl,
    kafkaBrokers,
    db,
    kafka,
    secrets: Object.fromEntries(secrets.map((s) => [s.id, s])),
    keystores,
    async startNode(name, env = {}) {
      const service = await startServiceProcess({
        name,
        main: join(DIST, name, 'main.js'),
        env: {
          KAFKA_BROKERS: kafkaBrokers.join(','),
          TOPIC_PREFIX: topicPrefix,
          DATABASE_URL: schemaUrl,
          NODE_KEYSTORE_DIR: keystores[NODE_ROLE[name]],
          LOG_LEVEL: 'warn',
          REGISTRY_REFRESH_MS: '500',
          OUTBOX_RELAY_INTERVAL_MS: '1000',
          OUTBOX_GRACE_MS: '2000',
          ...env,
        },
      });
      services.push(service);
      return service;
    },
    async publish(topic, records) {
      await publisher.publish(topic, records);
    },
    async close() {
      const codes = await Promise.all(services.map((s) => s.stop()));
      await publisher.disconnect();
      await db.query(`DROP SCHEMA IF EXISTS "${namespace}" CASCADE`);
      await db.end();
      await rm(keystoreRoot, { recursive: true, force: true });
      // Graceful shutdown on SIGTERM, not a crash.
      expect(codes.every((code) => code === 0 || code === null)).toBe(true);
    },
  };
}

/** Collects every record of some topics from the beginning, by event id. */
export class TopicProbe {
  readonly records: ConsumedRecord[] = [];
  private consumer: BatchConsumer | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: string[],
  ) {}

  async start(group: string): Promise<void> {
    this.consumer = new BatchConsumer(this.kafka, { groupId: group, topics: this.topics });
    await this.consumer.start(async (records) => {
      this.records.push(...records);
    });
  }

  stop(): Promise<void> {
    return this.consumer?.stop() ?? Promise.resolve();
  }

  byEventId(eventId: string): ConsumedRecord[] {
    return this.records.filter((r) => r.headers['bl-event-id'] === eventId);
  }

  waitFor(eventIds: readonly string[], timeoutMs = 30_000): Promise<Map<string, ConsumedRecord>> {
    return eventually(
      `${eventIds.length} event(s) on the topic`,
      async () => {
        const found = new Map<string, ConsumedRecord>();
        for (const id of eventIds) {
          const record = this.byEventId(id)[0];
          if (record) found.set(id, record);
        }
        return found.size === eventIds.length ? found : undefined;
      },
      timeoutMs,
    );
  }
}

/** A consignment reference unique to this run (UCR spirit: country, trader, serial). */
export function consignmentRef(label: string): string {
  return `9NL${Date.now().toString(36).toUpperCase()}-${label}${Math.floor(Math.random() * 1e6)}`.slice(0, 35);
}

/** A custodial request item: the node will build, commit and sign. */
export function custodialEvent(type: EventType, ref: string | null, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const network = getEventDefinition(type).scope === 'network';
  return {
    eventId: newEventId(),
    eventType: type,
    consignmentRef: network ? null : ref,
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    payload: fixturePayload(type),
    ...overrides,
  };
}

/** An event the participant signs itself with its private key from the secrets. */
export function clientSignedEvent(type: EventType, ref: string, secrets: ParticipantSecrets, payload?: unknown): SignedEvent {
  return createSignedEvent({
    eventType: type,
    payload: payload ?? fixturePayload(type),
    consignmentRef: ref,
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    submitter: secrets.id,
    signingKey: signingKeyFromPrivateKey(fromBase64Url(secrets.privateKey)),
  });
}

/** Events the participant signs itself as one batch (one signature, an inclusion path each). */
export function clientSignedBatch(type: EventType, ref: string, secrets: ParticipantSecrets, size: number): SignedEvent[] {
  const signingKey = signingKeyFromPrivateKey(fromBase64Url(secrets.privateKey));
  const events = Array.from({ length: size }, () => clientSignedEvent(type, ref, secrets));
  const envelopes = signEnvelopeBatch(events.map((e) => withoutSignature(e.envelope)), signingKey);
  return envelopes.map((envelope, i) => ({ envelope, opening: events[i].opening }));
}

/** A parsed JSON response; the suites assert on it field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = any;

export async function post(url: string, token: string | undefined, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: JsonBody; headers: Headers }> {
  const response = await fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json().catch(() => undefined), headers: response.headers };
}

export async function getStatus(url: string, token: string | undefined, eventId: string): Promise<{ status: number; body: JsonBody; headers: Headers }> {
  const response = await fetch(`${url}/v1/events/${eventId}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: await response.json().catch(() => undefined), headers: response.headers };
}

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** RFC 8785 for what envelopes and batch statements hold (strings, integers, null, flat objects): sorted keys. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** RFC 9162 §2.1.3.2: the root an inclusion path leads to from leaf `index` of a tree of `size`, or undefined. */
function rootFromPath(leafHash: Buffer, index: number, size: number, path: readonly Buffer[]): Buffer | undefined {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = sha256(Buffer.of(0x01), p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = sha256(Buffer.of(0x01), r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}

/**
 * Verifies an envelope with OpenSSL (node:crypto), independently of @borderledger/events. Signed
 * alone: Ed25519 over the RFC 8785 bytes of the envelope without its signature members. Signed in
 * a batch: leaf = SHA-256(0x00 || those bytes), the RFC 9162 inclusion path leads to the root, and
 * the signature covers RFC 8785 of { kind: "borderledger/envelope-batch/v1", submitter, keyId,
 * size, root } (root base64url).
 */
export function opensslVerifies(envelope: EventEnvelope, publicKeyB64: string): boolean {
  const { signature, batchSignature, ...unsigned } = envelope;
  const key = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(publicKeyB64, 'base64url')]), format: 'der', type: 'spki' });
  const signingInput = Buffer.from(canonical(unsigned), 'utf8');
  if (signature !== undefined && batchSignature === undefined) return verifySignature(null, signingInput, key, Buffer.from(signature, 'base64url'));
  if (signature !== undefined || batchSignature === undefined) return false;
  const { size, leafIndex, inclusionPath } = batchSignature;
  const root = rootFromPath(sha256(Buffer.of(0x00), signingInput), leafIndex, size, inclusionPath.map((h) => Buffer.from(h, 'base64url')));
  if (!root) return false;
  const statement = canonical({ kind: 'borderledger/envelope-batch/v1', submitter: unsigned.submitter, keyId: unsigned.keyId, size, root: root.toString('base64url') });
  return verifySignature(null, Buffer.from(statement, 'utf8'), key, Buffer.from(batchSignature.signature, 'base64url'));
}
