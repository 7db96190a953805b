import {
  FIXTURE_CONSIGNMENT_REF,
  FIXTURE_OCCURRED_AT,
  buildFixtureEvent,
  canonicalJson,
  fixturePayload,
  fixtureSigningKey,
  fromBase64Url,
  newEventId,
  signEnvelopeBatch,
  toBase64Url,
  verifyPayloadOpening,
  verifyEnvelope,
  withoutSignature,
  type EventEnvelope,
  type EventType,
} from '@borderledger/events';
import { createNodeEd25519Verifier } from '@borderledger/node-crypto';
import { RegistrySnapshot, type Participant, type ParticipantKeyRecord } from '@borderledger/participants';
import fc from 'fast-check';
import { custodialKeyLookup } from '../keystore/custodial-keys';
import { NodeKeystore } from '../keystore/node-keystore';
import { GetEventStatus } from './get-event-status';
import { IngestionRequestError, SubmitEvents, SubmitEventsCommand, statusWhenNothingAccepted, type ItemResult } from './submit-events';
import { InMemorySubmissionSink } from './submission-sink';
import { InMemorySubmissionStore, type NewSubmission } from './submission.store';

const NOW = new Date('2026-11-20T09:20:00Z');
const since = new Date('2026-01-01T00:00:00Z');

function participant(id: string, roles: Participant['roles'], status: Participant['status'] = 'active'): Participant {
  return { id, name: id, roles, jurisdiction: 'NL', status, createdAt: since, updatedAt: since };
}

function keyRecord(participantId: string, seed = participantId, validFrom = since, validUntil: Date | null = null): ParticipantKeyRecord {
  const k = fixtureSigningKey(seed);
  return { keyId: k.keyId, participantId, publicKey: k.publicKey, validFrom, validUntil };
}

function setup(options: { keystore?: boolean; extraKeys?: ParticipantKeyRecord[]; store?: InMemorySubmissionStore } = {}) {
  const registry = new RegistrySnapshot({
    participants: [participant('shopwave', ['platform']), participant('skyfreight', ['carrier']), participant('hubline', ['logistics']), participant('sleepy', ['platform'], 'suspended')],
    keys: [keyRecord('shopwave'), keyRecord('skyfreight'), keyRecord('hubline'), keyRecord('sleepy'), ...(options.extraKeys ?? [])],
    credentials: [],
  });
  const keystore =
    options.keystore === false ? undefined : new NodeKeystore(['shopwave', 'skyfreight'].map((id) => ({ ...fixtureSigningKey(id), participantId: id })));
  const store = options.store ?? new InMemorySubmissionStore();
  const sink = new InMemorySubmissionSink();
  const deferred: string[] = [];
  // The nodes' verifier, counted: a batch's signature must cost one verification per request.
  const nodeVerifier = createNodeEd25519Verifier();
  const verifications = { count: 0 };
  const useCase = new SubmitEvents(
    {
      registry,
      custodialKey: custodialKeyLookup(keystore, registry),
      verifySignature: (publicKey, message, signature) => {
        verifications.count++;
        return nodeVerifier(publicKey, message, signature);
      },
      store,
      sink,
      now: () => NOW,
      onPublishDeferred: (ids) => deferred.push(...ids),
    },
    { nodeName: 'platform-node', publishTimeoutMs: 200 },
  );
  const submit = (participantId: string, body: unknown) =>
    useCase.execute(SubmitEventsCommand.create(registry.participant(participantId) as Participant, body, 500));
  return { registry, store, sink, deferred, submit, verifications };
}

/** Client events of hubline signed as one batch, as a client following docs/api/ingestion.md would. */
function clientBatch(n: number) {
  const key = fixtureSigningKey('hubline');
  const events = Array.from({ length: n }, () => buildFixtureEvent('ship.consignment.packed', { submitter: 'hubline', signingKey: key }));
  const envelopes = signEnvelopeBatch(events.map((e) => withoutSignature(e.envelope)), key);
  return envelopes.map((envelope, i) => ({ envelope: envelope as EventEnvelope, opening: events[i].opening }));
}

function batchSignatureOf(envelope: EventEnvelope) {
  if (!envelope.batchSignature) throw new Error(`${envelope.eventId} is not batch-signed`);
  return envelope.batchSignature;
}

function custodial(type: EventType, overrides: Record<string, unknown> = {}) {
  return { eventId: newEventId(NOW.getTime()), eventType: type, consignmentRef: FIXTURE_CONSIGNMENT_REF, occurredAt: FIXTURE_OCCURRED_AT, payload: fixturePayload(type), ...overrides };
}

function refusal(result: ItemResult) {
  if (result.status !== 'refused') throw new Error(`expected a refusal, got ${result.status}`);
  return { type: result.problem.type.split('/').pop(), status: result.problem.status, errors: result.problem.errors.map(({ path, rule }) => ({ path, rule })) };
}

describe('SubmitEvents, custodial mode', () => {
  it('validates, commits, signs with the participant’s key and publishes; the result names id, status and URL', async () => {
    const { submit, sink, store } = setup();
    const item = custodial('buy.order.placed');
    const result = await submit('shopwave', item);
    expect(result).toEqual({
      accepted: 1,
      refused: 0,
      results: [{ index: 0, eventId: item.eventId, status: 'accepted', statusUrl: `/v1/events/${item.eventId}`, mode: 'custodial' }],
    });
    expect(sink.published).toHaveLength(1);
    const { envelope, opening } = sink.published[0];
    expect(envelope).toMatchObject({ eventId: item.eventId, submitter: 'shopwave', keyId: fixtureSigningKey('shopwave').keyId, submittedAt: NOW.toISOString() });
    expect(verifyEnvelope(envelope, fixtureSigningKey('shopwave').publicKey).ok).toBe(true);
    expect(verifyPayloadOpening(opening, envelope).ok).toBe(true);
    expect(store.rows.get(item.eventId)).toMatchObject({ state: 'accepted', publishedAt: expect.any(Date), submitter: 'shopwave' });
  });

  it('accepts the good events of a batch and reports each bad one by index, field and rule', async () => {
    const { submit, sink } = setup();
    const badGoods = fixturePayload('buy.order.placed');
    (badGoods.goods[0] as { hsCode: string }).hsCode = '12AB';
    const missing = fixturePayload('pay.payment.captured') as Record<string, unknown>;
    delete missing['amount'];
    const batch = {
      events: [
        custodial('buy.order.placed'),
        custodial('buy.order.placed', { payload: badGoods, consignmentRef: 'lower case' }),
        custodial('pay.payment.captured', { payload: missing, extra: true }),
        custodial('pay.payment.captured'),
        custodial('buy.order.cancelled', { schemaVersion: 9 }),
        custodial('buy.order.placed', { eventType: 'no.such.type' }),
      ],
    };
    const result = await submit('shopwave', batch);
    expect(result.accepted).toBe(2);
    expect(result.refused).toBe(4);
    expect(result.results.map((r) => r.status)).toEqual(['accepted', 'refused', 'refused', 'accepted', 'refused', 'refused']);
    expect(refusal(result.results[1])).toEqual({
      type: 'invalid-event',
      status: 422,
      errors: expect.arrayContaining([
        { path: 'events[1].payload.goods[0].hsCode', rule: 'pattern' },
        { path: 'events[1].consignmentRef', rule: 'pattern' },
      ]),
    });
    expect(refusal(result.results[2]).errors).toEqual([{ path: 'events[2].extra', rule: 'unknown-field' }]);
    expect(refusal(result.results[4]).errors).toEqual([{ path: 'events[4].schemaVersion', rule: 'unsupported-schema-version' }]);
    expect(refusal(result.results[5]).errors).toEqual([{ path: 'events[5].eventType', rule: 'unknown-event-type' }]);
    expect(sink.published.map((s) => s.envelope.eventId)).toEqual([batch.events[0].eventId, batch.events[3].eventId]);

    const payloadOnly = await submit('shopwave', { events: [custodial('pay.payment.captured', { payload: missing })] });
    expect(refusal(payloadOnly.results[0]).errors).toEqual([{ path: 'events[0].payload.amount', rule: 'required' }]);
  });

  it('lets a participant submit only the types its roles allow, and only as itself', async () => {
    const { submit } = setup();
    const result = await submit('shopwave', {
      events: [custodial('ship.consignment.departed'), custodial('buy.order.placed', { submitter: 'other-platform' }), custodial('buy.order.placed', { submitter: 'shopwave' })],
    });
    expect(refusal(result.results[0])).toEqual({ type: 'event-type-not-permitted', status: 403, errors: [{ path: 'events[0].eventType', rule: 'emitter-role' }] });
    expect(refusal(result.results[1])).toEqual({ type: 'submitter-mismatch', status: 403, errors: [{ path: 'events[1].submitter', rule: 'submitter' }] });
    expect(result.results[2].status).toBe('accepted');
    const only = await submit('shopwave', { events: [custodial('customs.hold.placed')] });
    expect(only.accepted).toBe(0);
    expect(statusWhenNothingAccepted(only.results)).toBe(403);
  });

  it('refuses custodial events when the node holds no current key of the participant', async () => {
    const withoutStore = setup({ keystore: false });
    expect(refusal((await withoutStore.submit('shopwave', custodial('buy.order.placed'))).results[0])).toEqual({
      type: 'no-custodial-key',
      status: 422,
      errors: [{ path: '', rule: 'custodial-key' }],
    });
    const { submit } = setup();
    expect(refusal((await submit('hubline', custodial('ship.consignment.packed'))).results[0]).type).toBe('no-custodial-key');
  });

  it('signs a request’s new events as one batch: one signature, each envelope verifiable alone', async () => {
    const { submit, sink, store } = setup();
    const events = Array.from({ length: 50 }, (_, i) => custodial(i % 2 ? 'pay.payment.captured' : 'buy.order.placed'));
    const result = await submit('shopwave', { events });
    expect(result.accepted).toBe(50);
    const published = sink.published.map((s) => s.envelope);
    expect(published.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    const signatures = new Set(published.map((e) => batchSignatureOf(e).signature));
    expect(signatures.size).toBe(1);
    published.forEach((envelope, i) => {
      expect(envelope.signature).toBeUndefined();
      expect(batchSignatureOf(envelope)).toMatchObject({ size: 50, leafIndex: i });
      expect(verifyEnvelope(envelope, fixtureSigningKey('shopwave').publicKey)).toEqual({ ok: true });
      expect(verifyPayloadOpening(sink.published[i].opening, envelope).ok).toBe(true);
      // The outbox holds the same signed envelope that was published.
      expect(canonicalJson(store.rows.get(envelope.eventId)?.envelope)).toBe(canonicalJson(envelope));
    });
  });

  it('leaves refused items out of the batch; a lone new event keeps a plain signature', async () => {
    const { submit, sink } = setup();
    const good = [custodial('buy.order.placed'), custodial('pay.payment.captured'), custodial('pay.payment.captured')];
    const result = await submit('shopwave', { events: [good[0], custodial('buy.order.placed', { occurredAt: 'soon' }), good[1], custodial('ship.consignment.departed'), good[2]] });
    expect(result.results.map((r) => r.status)).toEqual(['accepted', 'refused', 'accepted', 'refused', 'accepted']);
    expect(sink.published.map((s) => batchSignatureOf(s.envelope))).toEqual([
      expect.objectContaining({ size: 3, leafIndex: 0 }),
      expect.objectContaining({ size: 3, leafIndex: 1 }),
      expect.objectContaining({ size: 3, leafIndex: 2 }),
    ]);

    const lone = custodial('buy.order.placed');
    await submit('shopwave', { events: [lone, custodial('buy.order.placed', { occurredAt: 'soon' })] });
    const loneEnvelope = sink.published[3].envelope;
    expect(loneEnvelope.eventId).toBe(lone.eventId);
    expect(loneEnvelope.batchSignature).toBeUndefined();
    expect(typeof loneEnvelope.signature).toBe('string');
    expect(verifyEnvelope(loneEnvelope, fixtureSigningKey('shopwave').publicKey)).toEqual({ ok: true });
  });
});

describe('SubmitEvents, client-signed mode', () => {
  it('verifies key, signature and commitment, then publishes the envelope unchanged', async () => {
    const { submit, sink } = setup();
    const event = buildFixtureEvent('ship.consignment.packed', { submitter: 'hubline', signingKey: fixtureSigningKey('hubline'), randomBytes: false });
    const result = await submit('hubline', { events: [{ envelope: event.envelope, opening: event.opening }] });
    expect(result.results[0]).toMatchObject({ status: 'accepted', mode: 'client-signed', eventId: event.envelope.eventId });
    expect(canonicalJson(sink.published[0])).toBe(canonicalJson({ envelope: event.envelope, opening: event.opening }));
  });

  it('names the failing part: signature, commitment, key, submitter, envelope fields', async () => {
    const { submit } = setup();
    const sign = () => buildFixtureEvent('ship.consignment.packed', { submitter: 'hubline', signingKey: fixtureSigningKey('hubline'), randomBytes: false });
    const a = sign();
    const tamperedEnvelope = { ...a.envelope, occurredAt: '2026-11-20T09:15:01Z' };
    const b = sign();
    const tamperedOpening = { ...b.opening, payload: { ...b.opening.payload, totalGrossMass: 99 } };
    const c = buildFixtureEvent('ship.consignment.packed', { submitter: 'hubline', signingKey: fixtureSigningKey('stranger') });
    const d = buildFixtureEvent('ship.consignment.packed', { submitter: 'skyfreight', signingKey: fixtureSigningKey('skyfreight') });
    const e = sign();
    const result = await submit('hubline', {
      events: [
        { envelope: tamperedEnvelope, opening: a.opening },
        { envelope: b.envelope, opening: tamperedOpening },
        { envelope: c.envelope, opening: c.opening },
        { envelope: d.envelope, opening: d.opening },
        { envelope: { ...e.envelope, consignmentRef: 'bad ref' }, opening: e.opening },
        { envelope: e.envelope },
      ],
    });
    expect(result.accepted).toBe(0);
    expect(result.results.map(refusal)).toEqual([
      { type: 'bad-signature', status: 422, errors: [{ path: 'events[0].envelope.signature', rule: 'signature' }] },
      { type: 'commitment-mismatch', status: 422, errors: [{ path: 'events[1].opening', rule: 'commitment' }] },
      { type: 'unknown-signing-key', status: 422, errors: [{ path: 'events[2].envelope.keyId', rule: 'key-validity' }] },
      { type: 'submitter-mismatch', status: 403, errors: [{ path: 'events[3].envelope.submitter', rule: 'submitter' }] },
      { type: 'invalid-event', status: 422, errors: [{ path: 'events[4].envelope.consignmentRef', rule: 'pattern' }] },
      { type: 'invalid-event', status: 422, errors: [{ path: 'events[5].opening', rule: 'required' }] },
    ]);
    expect(statusWhenNothingAccepted(result.results)).toBe(422);
  });

  it('accepts a batch-signed client request and verifies its one signature once', async () => {
    const { submit, sink, verifications } = setup();
    const batch = clientBatch(20);
    const result = await submit('hubline', { events: batch });
    expect(result.accepted).toBe(20);
    expect(result.results.every((r) => r.status === 'accepted' && r.mode === 'client-signed')).toBe(true);
    expect(verifications.count).toBe(1);
    // Published byte for byte as the client signed it.
    expect(sink.published.map((s) => canonicalJson(s))).toEqual(batch.map((e) => canonicalJson(e)));
    // Another request checks again: the memory of passes lives for one request.
    await submit('hubline', { events: clientBatch(3) });
    expect(verifications.count).toBe(2);
  });

  it('refuses a batch-signed envelope whose path was tampered with, naming batchSignature, and keeps its good batch-mates', async () => {
    const { submit, sink } = setup();
    const [a, b, c, d] = clientBatch(4);
    const path = [...batchSignatureOf(b.envelope).inclusionPath];
    const flipped = fromBase64Url(path[0]);
    flipped[0] ^= 1;
    path[0] = toBase64Url(flipped);
    const tampered = { ...b, envelope: { ...b.envelope, batchSignature: { ...batchSignatureOf(b.envelope), inclusionPath: path } } };
    const short = { ...c, envelope: { ...c.envelope, batchSignature: { ...batchSignatureOf(c.envelope), inclusionPath: path.slice(1) } } };
    const result = await submit('hubline', { events: [a, tampered, short, d] });
    expect(result.results.map((r) => r.status)).toEqual(['accepted', 'refused', 'refused', 'accepted']);
    expect(refusal(result.results[1])).toEqual({ type: 'bad-signature', status: 422, errors: [{ path: 'events[1].envelope.batchSignature', rule: 'signature' }] });
    expect(refusal(result.results[2])).toEqual({ type: 'bad-signature', status: 422, errors: [{ path: 'events[2].envelope.batchSignature.inclusionPath', rule: 'inclusion-path' }] });
    expect(sink.published.map((s) => s.envelope.eventId)).toEqual([a.envelope.eventId, d.envelope.eventId]);
  });

  it('accepts what a rotated key signed only while the key is still valid', async () => {
    const rotatedAt = new Date('2026-11-20T09:16:00Z');
    const { submit } = setup({
      extraKeys: [keyRecord('hubline', 'hubline-old', since, rotatedAt)],
    });
    const signedBefore = buildFixtureEvent('ship.consignment.packed', { submitter: 'hubline', signingKey: fixtureSigningKey('hubline-old') });
    // Signed inside its window, but submitted after the key was retired: refused at the node.
    expect(refusal((await submit('hubline', { envelope: signedBefore.envelope, opening: signedBefore.opening })).results[0]).type).toBe('unknown-signing-key');
  });
});

describe('SubmitEvents, idempotency', () => {
  it('answers a resubmitted event id with the original result and publishes nothing', async () => {
    const { submit, sink, store } = setup();
    const item = custodial('buy.order.placed');
    await submit('shopwave', item);
    await store.markCommitted([{ eventId: item.eventId, ledgerIndex: 41n }]);
    const again = await submit('shopwave', { events: [item] });
    expect(again.results[0]).toEqual({ index: 0, eventId: item.eventId, status: 'committed', statusUrl: `/v1/events/${item.eventId}`, replayed: true, ledgerIndex: 41 });
    expect(sink.published).toHaveLength(1);

    const changed = await submit('shopwave', custodial('buy.order.placed', { eventId: item.eventId, occurredAt: '2026-11-20T09:00:00Z' }));
    expect(refusal(changed.results[0])).toEqual({ type: 'event-id-conflict', status: 409, errors: [{ path: 'eventId', rule: 'unique' }] });
    // Another participant reusing the id learns nothing but that it is taken.
    const foreign = await submit('skyfreight', custodial('ship.consignment.departed', { eventId: item.eventId }));
    expect(refusal(foreign.results[0]).type).toBe('event-id-conflict');
    expect(sink.published).toHaveLength(1);
  });

  it('returns a retried batch’s stored events as stored and batch-signs only the new ones', async () => {
    const { submit, sink, store } = setup();
    const first = [custodial('buy.order.placed'), custodial('pay.payment.captured'), custodial('pay.payment.captured')];
    await submit('shopwave', { events: first });
    const stored = first.map((e) => canonicalJson(store.rows.get(e.eventId)?.envelope));
    const added = [custodial('buy.order.placed'), custodial('pay.payment.captured')];
    const retry = await submit('shopwave', { events: [first[0], added[0], first[1], added[1], first[2]] });
    expect(retry.results.map((r) => ('replayed' in r && r.replayed ? 'replayed' : r.status))).toEqual(['replayed', 'accepted', 'replayed', 'accepted', 'replayed']);
    // The stored envelopes are untouched and not published again; the new two form their own batch.
    expect(first.map((e) => canonicalJson(store.rows.get(e.eventId)?.envelope))).toEqual(stored);
    expect(sink.published.slice(3).map((s) => s.envelope.eventId)).toEqual(added.map((e) => e.eventId));
    expect(sink.published.slice(3).map((s) => batchSignatureOf(s.envelope))).toEqual([
      expect.objectContaining({ size: 2, leafIndex: 0 }),
      expect.objectContaining({ size: 2, leafIndex: 1 }),
    ]);
    expect(batchSignatureOf(sink.published[3].envelope).signature).not.toBe(batchSignatureOf(sink.published[0].envelope).signature);
  });

  it('answers an event that a concurrent request stored first from the stored row, not from its own signing', async () => {
    const winner: NewSubmission[] = [];
    /** Another request inserts the same event between this request's lookup and its insert. */
    class RacingStore extends InMemorySubmissionStore {
      override async insertNew(rows: readonly NewSubmission[]): Promise<Set<string>> {
        if (winner.length > 0) await super.insertNew(winner.splice(0));
        return super.insertNew(rows);
      }
    }
    const store = new RacingStore();
    const { submit, sink } = setup({ store });
    const contested = custodial('buy.order.placed');
    const other = custodial('pay.payment.captured');
    const concurrent = setup();
    await concurrent.submit('shopwave', contested);
    const theirs = concurrent.store.rows.get(contested.eventId);
    if (!theirs) throw new Error('the concurrent request stored nothing');
    winner.push(theirs);
    const result = await submit('shopwave', { events: [contested, other] });
    expect(result.results[0]).toMatchObject({ eventId: contested.eventId, status: 'accepted', replayed: true });
    expect(result.results[1]).toMatchObject({ eventId: other.eventId, status: 'accepted', mode: 'custodial' });
    expect(canonicalJson(store.rows.get(contested.eventId)?.envelope)).toBe(canonicalJson(theirs.envelope));
    expect(sink.published.map((s) => s.envelope.eventId)).toEqual([other.eventId]);
    // Signed in a batch of two with the contested event; it still verifies on its own.
    expect(batchSignatureOf(sink.published[0].envelope)).toMatchObject({ size: 2, leafIndex: 1 });
    expect(verifyEnvelope(sink.published[0].envelope, fixtureSigningKey('shopwave').publicKey)).toEqual({ ok: true });
  });

  it('refuses an event id repeated inside one batch', async () => {
    const { submit } = setup();
    const item = custodial('buy.order.placed');
    const result = await submit('shopwave', { events: [item, item] });
    expect(result.results[0].status).toBe('accepted');
    expect(refusal(result.results[1]).errors).toEqual([{ path: 'events[1].eventId', rule: 'unique' }]);
  });

  it('keeps an event accepted when Kafka fails; the row stays unpublished for the outbox relay', async () => {
    const { submit, sink, store, deferred } = setup();
    sink.failures = 1;
    const item = custodial('buy.order.placed');
    const result = await submit('shopwave', item);
    expect(result.results[0].status).toBe('accepted');
    expect(deferred).toEqual([item.eventId]);
    expect(store.rows.get(item.eventId)?.publishedAt).toBeNull();
    const relayed = await store.relayUnpublished(new Date(Date.now() + 1000), 10, (rows) => sink.publish(rows));
    expect(relayed).toBe(1);
    expect(sink.published.map((s) => s.envelope.eventId)).toEqual([item.eventId]);
  });
});

describe('SubmitEventsCommand', () => {
  const shopwave = participant('shopwave', ['platform']);
  const codeOf = (body: unknown, max = 500) => {
    try {
      SubmitEventsCommand.create(shopwave, body, max);
      return 'ok';
    } catch (error) {
      return `${(error as IngestionRequestError).code}:${(error as IngestionRequestError).errors.map((e) => `${e.path}/${e.rule}`).join(',')}`;
    }
  };
  it('takes one event or { events: [...] } within the batch limit', () => {
    expect(codeOf({ eventType: 'x' })).toBe('ok');
    expect(codeOf({ events: [{}] })).toBe('ok');
    expect(codeOf([])).toBe('invalid-request:/type');
    expect(codeOf('text')).toBe('invalid-request:/type');
    expect(codeOf({ events: [] })).toBe('invalid-request:events/minItems');
    expect(codeOf({ events: {} })).toBe('invalid-request:events/type');
    expect(codeOf({ events: [{}], more: 1 })).toBe('invalid-request:more/unknown-field');
    expect(codeOf({ events: [{}, {}, {}] }, 2)).toBe('batch-too-large:events/maxItems');
  });
});

describe('bad input, property-based', () => {
  it('never throws, never accepts, and names a field under the item for arbitrary junk', async () => {
    const { submit, sink } = setup();
    const junk = fc.oneof(
      fc.anything(),
      fc.record({ eventType: fc.constantFrom('buy.order.placed', 'pay.payment.captured'), consignmentRef: fc.string(), occurredAt: fc.string(), payload: fc.object() }),
      fc.record({ envelope: fc.object(), opening: fc.object() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(junk, { minLength: 1, maxLength: 5 }), async (events) => {
        const result = await submit('shopwave', { events });
        expect(result.accepted).toBe(0);
        result.results.forEach((r, i) => {
          const { errors } = refusal(r);
          expect(errors.length).toBeGreaterThan(0);
          for (const e of errors) expect(e.path.startsWith(`events[${i}]`)).toBe(true);
        });
      }),
      { numRuns: 150 },
    );
    expect(sink.published).toHaveLength(0);
  });

  it('reports a mutated field of a valid order by its path', async () => {
    const { submit } = setup();
    const fields = ['orderId', 'seller.name', 'buyer.address.country', 'goods[0].hsCode', 'goods[1].quantity', 'goods[0].currency', 'orderTotal.amount'] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), fc.constantFrom<unknown>(null, -1.5, '', '\u0000', [], {}), async (field, value) => {
        const payload = fixturePayload('buy.order.placed') as Record<string, unknown>;
        const segments = field.replace(/\[(\d+)\]/g, '.$1').split('.');
        let target = payload as Record<string, unknown>;
        for (const s of segments.slice(0, -1)) target = target[s] as Record<string, unknown>;
        target[segments[segments.length - 1]] = value;
        const result = await submit('shopwave', { events: [custodial('buy.order.placed', { payload })] });
        expect(refusal(result.results[0]).errors.map((e) => e.path)).toContain(`events[0].payload.${field}`);
      }),
      { numRuns: 60 },
    );
  });
});

describe('GetEventStatus', () => {
  it('shows an event to its submitter only', async () => {
    const { submit, store } = setup();
    const item = custodial('buy.order.placed');
    await submit('shopwave', item);
    await store.markRejected([{ eventId: item.eventId, reason: 'unknown-key: not found' }]);
    const status = new GetEventStatus(store);
    expect(await status.execute('shopwave', item.eventId)).toMatchObject({ status: 'rejected', rejectionReason: 'unknown-key: not found', published: true });
    expect(await status.execute('skyfreight', item.eventId)).toBeUndefined();
    expect(JSON.stringify(await status.execute('shopwave', item.eventId))).not.toContain('salts');
  });
});
