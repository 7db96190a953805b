import { randomBytes } from 'node:crypto';
import { applyMigrations } from '@borderledger/data';
import { FIXTURE_PARTICIPANTS } from '@borderledger/events';
import { databaseUrlForSchema, eventually, stackEnvironment, suiteNamespace, type ServiceProcess } from '@borderledger/testing';
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

/**
 * The commit path on the real stack, through the built ledger process: submissions in, entries
 * and checkpoints in PostgreSQL, committed events and checkpoints out, rejections to the dead
 * letter; idempotency by event id; and a second ledger instance on the same database (a fork
 * attempt) that loses the compare-and-swap and stops with a clear error.
 */
describe('ledger commit path', () => {
  const namespace = suiteNamespace('ledger commit');
  const topicPrefix = namespace.replace(/_/g, '-');
  const { kafkaBrokers, databaseUrl } = stackEnvironment();
  const keys = ledgerKeys();
  const env = {
    KAFKA_BROKERS: kafkaBrokers.join(','),
    TOPIC_PREFIX: topicPrefix,
    DATABASE_URL: databaseUrlForSchema(databaseUrl, namespace),
    LEDGER_ORIGIN: keys.origin,
    LEDGER_SIGNING_KEY: keys.signerKey,
    LEDGER_READ_TOKENS: randomBytes(24).toString('hex'),
  };
  let db: Client;
  let producer: SubmissionProducer;
  let committed: { messages: KafkaMessageView[]; stop(): Promise<void> };
  let deadLetter: { messages: KafkaMessageView[]; stop(): Promise<void> };
  let checkpoints: { messages: KafkaMessageView[]; stop(): Promise<void> };
  const ledgers: ServiceProcess[] = [];

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql.replace(/\bFROM (\w+)/, `FROM "${namespace}".$1`), params)).rows[0].n);
  const committedCount = () => count('SELECT count(*)::int AS n FROM ledger_entries');

  beforeAll(async () => {
    await applyMigrations({ databaseUrl, schema: namespace });
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    await seedRegistry(db, namespace);
    producer = await submissionProducer(kafkaBrokers, topicPrefix);
    committed = await topicCollector(kafkaBrokers, producer.topics.committed);
    deadLetter = await topicCollector(kafkaBrokers, producer.topics.deadLetter);
    checkpoints = await topicCollector(kafkaBrokers, producer.topics.checkpoints);
    ledgers.push(await startLedger(env));
  });

  afterAll(async () => {
    await Promise.all(ledgers.map((l) => l.stop()));
    await Promise.all([committed, deadLetter, checkpoints].map((c) => c?.stop()));
    await producer?.close();
    await db?.query(`DROP SCHEMA IF EXISTS "${namespace}" CASCADE`);
    await db?.end();
  });

  it('commits valid submissions, then publishes each with its index and the signed checkpoint', async () => {
    const ref = uniqueConsignmentRef('commit');
    const events = [freshEvent('buy.order.placed', ref), freshEvent('pay.payment.captured', ref), freshEvent('ship.consignment.booked', ref)];
    await producer.send(events);
    await eventually('3 entries', async () => ((await committedCount()) === 3 ? true : undefined));
    const { rows } = await db.query(`SELECT index, event_id::text AS id, consignment_ref FROM "${namespace}".ledger_entries ORDER BY index`);
    expect(rows.map((r) => r.id)).toEqual(events.map((e) => e.envelope.eventId));
    expect(await count('SELECT count(*)::int AS n FROM event_payloads')).toBe(3);
    const published = await eventually('3 committed messages', async () => (committed.messages.length >= 3 ? committed.messages : undefined));
    const bodies = published.map((m) => JSON.parse(m.value));
    expect(bodies.map((b) => [b.index, b.eventId])).toEqual(events.map((e, i) => [i, e.envelope.eventId]));
    expect(bodies[0].envelope).toEqual(events[0].envelope);
    expect(published[0].value).not.toContain('"opening"');
    expect(published[0].headers['bl-ledger-index']).toBe('0');
    expect(published[0].key).toBe(ref);
    const checkpoint = await eventually('a checkpoint message', async () => checkpoints.messages.find((m) => m.headers['bl-tree-size'] === '3'));
    expect(checkpoint.value.startsWith(`${keys.origin}\n3\n`)).toBe(true);
  });

  it('commits an event id once: duplicates in one batch, across batches and after commit', async () => {
    const ref = uniqueConsignmentRef('dup');
    const event = freshEvent('ship.consignment.picked-up', ref);
    const before = await committedCount();
    await producer.send([event, event]);
    await producer.send([event]);
    const marker = freshEvent('ship.consignment.departed', ref); // same key: same partition, after the copies
    await producer.send([marker]);
    await eventually('the marker', async () => ((await count('SELECT count(*)::int AS n FROM ledger_entries WHERE event_id = $1', [marker.envelope.eventId])) === 1 ? true : undefined));
    expect(await count('SELECT count(*)::int AS n FROM ledger_entries WHERE event_id = $1', [event.envelope.eventId])).toBe(1);
    expect(await committedCount()).toBe(before + 2);
  });

  it('routes rejected submissions to the dead letter, unchanged, with a code and a reason', async () => {
    const ref = uniqueConsignmentRef('bad');
    const good = freshEvent('ship.consignment.picked-up', ref);
    const tampered = freshEvent('ship.consignment.picked-up', ref);
    const badSignature = { envelope: { ...tampered.envelope, occurredAt: new Date(Date.now() - 1_000).toISOString() }, opening: tampered.opening };
    const carrierOrder = freshEvent('buy.order.placed', ref, FIXTURE_PARTICIPANTS.carrier);
    const stranger = freshEvent('ship.consignment.picked-up', ref, 'unregistered-co');
    const altered = freshEvent('ship.consignment.picked-up', ref);
    const changedPayload = { envelope: altered.envelope, opening: { ...altered.opening, payload: { ...altered.opening.payload, numberOfPackages: 99 } } };
    await producer.sendRaw([{ key: ref, value: 'this is not json' }]);
    await producer.send([badSignature, carrierOrder, stranger, changedPayload, good]);
    const rejected = await eventually('5 dead letters', async () => (deadLetter.messages.length >= 5 ? deadLetter.messages : undefined));
    expect(rejected.map((m) => m.headers['bl-rejection-code'])).toEqual([
      'malformed-submission',
      'bad-signature',
      'event-type-not-permitted',
      'unknown-submitter',
      'commitment-mismatch',
    ]);
    expect(rejected[0].value).toBe('this is not json');
    expect(rejected[0].key).toBe(ref);
    expect(JSON.parse(rejected[1].value).envelope.eventId).toBe(tampered.envelope.eventId);
    expect(rejected[1].headers['bl-event-id']).toBe(tampered.envelope.eventId);
    expect(rejected[2].headers['bl-rejection-reason']).toMatch(/skyfreight .* may not submit buy\.order\.placed/);
    await eventually('the valid one committed', async () => ((await count('SELECT count(*)::int AS n FROM ledger_entries WHERE event_id = $1', [good.envelope.eventId])) === 1 ? true : undefined));
    for (const bad of [tampered, carrierOrder, stranger, altered]) {
      expect(await count('SELECT count(*)::int AS n FROM ledger_entries WHERE event_id = $1', [bad.envelope.eventId])).toBe(0);
    }
  });

  it('a second ledger instance on the same database loses the compare-and-swap and stops with a clear error; nothing forks', async () => {
    const second = await startLedger(env, { name: 'ledger-2' });
    ledgers.push(second);
    const before = await committedCount();
    // Both instances share the consumer group and so the partitions: keep submitting on every
    // partition until one of them finds the log advanced by the other.
    const sent: string[] = [];
    const loser = await eventually(
      'one instance to stop',
      async () => {
        const events = Array.from({ length: 24 }, () => freshEvent('ship.consignment.picked-up', uniqueConsignmentRef('fork')));
        await producer.send(events);
        sent.push(...events.map((e) => e.envelope.eventId));
        return ledgers.find((l) => l.process.exitCode !== null);
      },
      90_000,
    );
    expect(loser.process.exitCode).toBe(3);
    expect(loser.output()).toContain('checkpoint compare-and-swap failed');
    expect(loser.output()).toContain('Another ledger instance is writing to the same database; this instance stops rather than sign a conflicting checkpoint');
    const survivor = ledgers.find((l) => l !== loser && l.process.exitCode === null) as ServiceProcess;
    expect(survivor).toBeDefined();
    // The survivor takes over the loser's partitions and commits every event exactly once.
    await eventually('all fork-phase events committed', async () => ((await committedCount()) === before + sent.length ? true : undefined), 90_000);
    const audit = await auditLog(db, namespace, keys);
    expect(new Set(audit.eventIds).size).toBe(audit.size);
    expect(audit.eventIds).toEqual(expect.arrayContaining(sent));
  });
});
