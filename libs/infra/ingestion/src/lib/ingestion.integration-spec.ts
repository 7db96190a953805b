import { PrismaService, applyMigrations } from '@borderledger/data';
import { buildFixtureEvent, canonicalJson, fixtureSigningKey, signEnvelopeBatch, verifyEnvelope, withoutSignature, type SignedEvent } from '@borderledger/events';
import { BatchConsumer, EventPublisher, createKafkaClient, ensureTopics, topicNames, type ConsumedRecord } from '@borderledger/kafka';
import { eventually, stackEnvironment, suiteNamespace } from '@borderledger/testing';
import { Client } from 'pg';
import { KafkaSubmissionSink } from './submission/submission-sink';
import { PrismaSubmissionStore, type NewSubmission } from './submission/submission.store';

function row(event: SignedEvent): NewSubmission {
  return {
    eventId: event.envelope.eventId,
    submitter: event.envelope.submitter,
    eventType: event.envelope.eventType,
    consignmentRef: event.envelope.consignmentRef,
    envelope: event.envelope,
    opening: event.opening,
  };
}

const fresh = () => buildFixtureEvent('buy.order.placed', { randomBytes: false });

describe('Submission outbox on PostgreSQL and the submissions topic', () => {
  const { databaseUrl, kafkaBrokers } = stackEnvironment();
  const schema = suiteNamespace('ingestion store');
  let prisma: PrismaService;
  let store: PrismaSubmissionStore;
  let db: Client;

  beforeAll(async () => {
    await applyMigrations({ databaseUrl, schema });
    prisma = new PrismaService({ databaseUrl, schema });
    await prisma.onModuleInit();
    store = new PrismaSubmissionStore(prisma);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await prisma?.onModuleDestroy();
    await db?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db?.end();
  });

  it('inserts only new event ids and keeps envelope and opening intact', async () => {
    const a = fresh();
    const b = fresh();
    expect(await store.insertNew([row(a)])).toEqual(new Set([a.envelope.eventId]));
    expect(await store.insertNew([row(a), row(b)])).toEqual(new Set([b.envelope.eventId]));
    const [stored] = await store.findByIds([a.envelope.eventId]);
    expect(canonicalJson(stored.envelope)).toBe(canonicalJson(a.envelope));
    expect(canonicalJson(stored.opening)).toBe(canonicalJson(a.opening));
    expect(stored).toMatchObject({ state: 'accepted', publishedAt: null, ledgerIndex: null });
    expect(await store.findOwned(a.envelope.eventId, a.envelope.submitter)).toBeDefined();
    expect(await store.findOwned(a.envelope.eventId, 'someone-else')).toBeUndefined();
  });

  it('keeps a batch-signed envelope verifiable through the outbox (JSONB reorders members, canonical JSON does not care)', async () => {
    const key = fixtureSigningKey('shopwave');
    const events = Array.from({ length: 3 }, () => buildFixtureEvent('buy.order.placed', { signingKey: key }));
    const envelopes = signEnvelopeBatch(events.map((e) => withoutSignature(e.envelope)), key);
    const batch: SignedEvent[] = envelopes.map((envelope, i) => ({ envelope, opening: events[i].opening }));
    await store.insertNew(batch.map(row));
    const stored = new Map((await store.findByIds(batch.map((e) => e.envelope.eventId))).map((r) => [r.eventId, r]));
    for (const e of batch) {
      const back = stored.get(e.envelope.eventId)?.envelope;
      expect(canonicalJson(back)).toBe(canonicalJson(e.envelope));
      expect(verifyEnvelope(back, key.publicKey)).toEqual({ ok: true });
    }
  });

  it('applies ledger outcomes once, from accepted only, and counts them as published', async () => {
    const a = fresh();
    const b = fresh();
    await store.insertNew([row(a), row(b)]);
    expect(await store.markCommitted([{ eventId: a.envelope.eventId, ledgerIndex: 9_007_199_254_740_993n }, { eventId: '0193f0c2-7a4e-7cc1-9d55-3b2f1e0a9c44', ledgerIndex: 1n }])).toBe(1);
    expect(await store.markRejected([{ eventId: b.envelope.eventId, reason: 'bad-signature: it does not verify' }])).toBe(1);
    // A late duplicate of either outcome changes nothing.
    expect(await store.markRejected([{ eventId: a.envelope.eventId, reason: 'late' }])).toBe(0);
    expect(await store.markCommitted([{ eventId: b.envelope.eventId, ledgerIndex: 2n }])).toBe(0);
    const rows = new Map((await store.findByIds([a.envelope.eventId, b.envelope.eventId])).map((r) => [r.eventId, r]));
    expect(rows.get(a.envelope.eventId)).toMatchObject({ state: 'committed', ledgerIndex: 9_007_199_254_740_993n, publishedAt: expect.any(Date) });
    expect(rows.get(b.envelope.eventId)).toMatchObject({ state: 'rejected', rejectionReason: 'bad-signature: it does not verify', publishedAt: expect.any(Date) });
  });

  it('relays unpublished rows to Kafka once, even with two relays racing (SKIP LOCKED)', async () => {
    const prefix = schema.replace(/_/g, '-');
    const topics = topicNames(prefix);
    const kafka = createKafkaClient({ brokers: kafkaBrokers, clientId: prefix });
    await ensureTopics(kafka, [{ topic: topics.submissions, numPartitions: 4 }]);
    const publisher = new EventPublisher({ brokers: kafkaBrokers, clientId: prefix });
    await publisher.connect();
    const sink = new KafkaSubmissionSink(publisher, topics.submissions, 'test-node');
    const events = Array.from({ length: 30 }, fresh);
    await store.insertNew(events.map(row));
    await db.query(`UPDATE "${schema}".submissions SET accepted_at = now() - interval '1 minute' WHERE published_at IS NULL`);

    const [first, second] = await Promise.all([
      store.relayUnpublished(new Date(), 500, (rows) => sink.publish(rows)),
      store.relayUnpublished(new Date(), 500, (rows) => sink.publish(rows)),
    ]);
    // Plus the five rows of the first two tests, which were never published either.
    expect(first + second).toBe(35);
    expect(await store.relayUnpublished(new Date(), 500, (rows) => sink.publish(rows))).toBe(0);

    const seen: ConsumedRecord[] = [];
    const consumer = new BatchConsumer(kafka, { groupId: `${prefix}.probe`, topics: [topics.submissions] });
    await consumer.start(async (records) => {
      seen.push(...records);
    });
    await eventually('every relayed event', async () => (events.every((e) => seen.some((r) => r.headers['bl-event-id'] === e.envelope.eventId)) ? true : undefined));
    await consumer.stop();
    await publisher.disconnect();
    for (const e of events) {
      const copies = seen.filter((r) => r.headers['bl-event-id'] === e.envelope.eventId);
      expect(copies).toHaveLength(1);
      expect(copies[0].key).toBe(e.envelope.consignmentRef);
      expect(copies[0].headers['bl-node']).toBe('test-node');
      expect(copies[0].value.toString()).toBe(canonicalJson({ envelope: e.envelope, opening: e.opening }));
    }
  });
});
