import { randomBytes } from 'node:crypto';
import { canonicalJson, fixturePayload, verifyEnvelope, verifyPayloadOpening, fromBase64Url, type EventEnvelope } from '@borderledger/events';
import { eventually, type ServiceProcess } from '@borderledger/testing';
import {
  TopicProbe,
  clientSignedBatch,
  clientSignedEvent,
  consignmentRef,
  createIngestionNetwork,
  custodialEvent,
  getStatus,
  opensslVerifies,
  post,
  type IngestionNetwork,
} from './support/ingestion-harness';

/**
 * The three ingestion nodes as built processes over the real broker and database: batches in,
 * signed envelopes on the submissions topic, statuses back from the ledger's topics (simulated
 * here by publishing on committed / dead-letter, as the ledger does).
 */
describe('ingestion nodes: POST /v1/events → Kafka submissions, GET /v1/events/:id', () => {
  let network: IngestionNetwork;
  let platform: ServiceProcess;
  let carrier: ServiceProcess;
  let logistics: ServiceProcess;
  let probe: TopicProbe;
  const token = (id: string) => network.secrets[id].token;

  beforeAll(async () => {
    network = await createIngestionNetwork('ingestion e2e');
    [platform, carrier, logistics] = await Promise.all([
      network.startNode('platform-node'),
      network.startNode('carrier-node'),
      network.startNode('logistics-node'),
    ]);
    probe = new TopicProbe(network.kafka, [network.topics.submissions]);
    await probe.start(`${network.topicPrefix}.probe`);
  });

  afterAll(async () => {
    await probe?.stop();
    await network?.close();
  });

  it('accepts a batch of realistic events and publishes each, keyed by consignment, with headers, trace context and verifiable canonical bytes', async () => {
    const refs = [consignmentRef('A'), consignmentRef('B'), consignmentRef('C')];
    const events = refs.flatMap((ref) => [
      custodialEvent('buy.order.placed', ref),
      custodialEvent('pay.payment.captured', ref),
      custodialEvent('ship.consignment.booked', ref),
    ]);
    const traceId = randomBytes(16).toString('hex');
    const response = await post(platform.url, token('shopwave'), { events }, { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    expect(response.status).toBe(202);
    expect(response.body.accepted).toBe(9);
    expect(response.body.results).toEqual(
      events.map((e, index) => ({ index, eventId: e['eventId'], status: 'accepted', statusUrl: `/v1/events/${e['eventId']}`, mode: 'custodial' })),
    );

    const ids = events.map((e) => e['eventId'] as string);
    const onTopic = await probe.waitFor(ids);
    const shopwave = network.secrets['shopwave'];
    // The request's nine events were signed as one batch, in request order.
    const batchSignatures = ids.map((id) => (JSON.parse(onTopic.get(id)?.value.toString('utf8') ?? '{}') as { envelope: EventEnvelope }).envelope.batchSignature);
    expect(batchSignatures.map((b) => [b?.size, b?.leafIndex])).toEqual(ids.map((_, i) => [9, i]));
    expect(new Set(batchSignatures.map((b) => b?.signature)).size).toBe(1);
    for (const event of events) {
      const record = onTopic.get(event['eventId'] as string);
      if (!record) throw new Error('missing record');
      expect(record.key).toBe(event['consignmentRef']);
      expect(record.headers).toMatchObject({
        'bl-event-id': event['eventId'],
        'bl-event-type': event['eventType'],
        'bl-submitter': 'shopwave',
        'bl-node': 'platform-node',
      });
      expect(record.headers['traceparent']).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      const value = JSON.parse(record.value.toString('utf8')) as { envelope: EventEnvelope; opening: unknown };
      // The message value is canonical JSON, so a republish sends the same bytes.
      expect(record.value.toString('utf8')).toBe(canonicalJson(value));
      expect(value.envelope).toMatchObject({ eventId: event['eventId'], submitter: 'shopwave', keyId: shopwave.keyId, consignmentRef: event['consignmentRef'] });
      expect(opensslVerifies(value.envelope, shopwave.publicKey)).toBe(true);
      expect(verifyEnvelope(value.envelope, fromBase64Url(shopwave.publicKey)).ok).toBe(true);
      expect(verifyPayloadOpening(value.opening, value.envelope).ok).toBe(true);
      expect((value.opening as { payload: unknown }).payload).toEqual(event['payload']);
    }
    // One consignment's events share a partition, in submission order.
    for (const ref of refs) {
      const records = ids.map((id) => onTopic.get(id)).filter((r) => r?.key === ref);
      expect(new Set(records.map((r) => r?.partition)).size).toBe(1);
      const offsets = records.map((r) => BigInt(r?.offset ?? -1));
      expect([...offsets].sort((a, b) => (a < b ? -1 : 1))).toEqual(offsets);
    }

    const status = await getStatus(platform.url, token('shopwave'), ids[0]);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ eventId: ids[0], status: 'accepted', published: true, statusUrl: `/v1/events/${ids[0]}` });
    expect(JSON.stringify(status.body)).not.toContain('salts');
  });

  it('takes client-signed envelopes on the carrier node and custodial events on the logistics node', async () => {
    const ref = consignmentRef('SHIP');
    const skyfreight = network.secrets['skyfreight'];
    const signed = [clientSignedEvent('ship.consignment.picked-up', ref, skyfreight), clientSignedEvent('ship.consignment.departed', ref, skyfreight)];
    const carried = await post(carrier.url, token('skyfreight'), { events: signed.map((e) => ({ envelope: e.envelope, opening: e.opening })) });
    expect(carried.status).toBe(202);
    expect(carried.body.results.map((r: { mode: string; status: string }) => `${r.status}/${r.mode}`)).toEqual(['accepted/client-signed', 'accepted/client-signed']);

    const packed = custodialEvent('ship.consignment.packed', ref);
    const fulfilled = await post(logistics.url, token('hubline'), packed);
    expect(fulfilled.status).toBe(202);
    expect(fulfilled.body.results[0]).toMatchObject({ status: 'accepted', mode: 'custodial' });

    const onTopic = await probe.waitFor([...signed.map((e) => e.envelope.eventId), packed['eventId'] as string]);
    for (const e of signed) {
      const record = onTopic.get(e.envelope.eventId);
      expect(record?.headers['bl-node']).toBe('carrier-node');
      // Published exactly as the client signed it.
      expect(record?.value.toString('utf8')).toBe(canonicalJson({ envelope: e.envelope, opening: e.opening }));
    }
    const hublineRecord = onTopic.get(packed['eventId'] as string);
    expect(hublineRecord?.headers).toMatchObject({ 'bl-node': 'logistics-node', 'bl-submitter': 'hubline' });
    expect(opensslVerifies(JSON.parse(hublineRecord?.value.toString() ?? '{}').envelope, network.secrets['hubline'].publicKey)).toBe(true);
  });

  it('signs a 50-event custodial request once: every envelope carries the one batch signature and verifies alone; a retry returns what was stored', async () => {
    const ref = consignmentRef('BATCH');
    const events = Array.from({ length: 50 }, (_, i) => custodialEvent(i % 2 ? 'pay.payment.captured' : 'buy.order.placed', ref));
    const ids = events.map((e) => e['eventId'] as string);
    const response = await post(platform.url, token('shopwave'), { events });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ accepted: 50, refused: 0 });

    const onTopic = await probe.waitFor(ids);
    const envelopes = ids.map((id) => (JSON.parse(onTopic.get(id)?.value.toString('utf8') ?? '{}') as { envelope: EventEnvelope }).envelope);
    const shopwave = network.secrets['shopwave'];
    expect(new Set(envelopes.map((e) => e.batchSignature?.signature)).size).toBe(1);
    envelopes.forEach((envelope, i) => {
      expect(envelope.signature).toBeUndefined();
      expect(envelope.batchSignature).toMatchObject({ size: 50, leafIndex: i });
      // ⌈log2 50⌉ hashes at most: the tree is RFC 9162's, unbalanced on the right.
      expect(envelope.batchSignature?.inclusionPath.length).toBeLessThanOrEqual(6);
      expect(opensslVerifies(envelope, shopwave.publicKey)).toBe(true);
      expect(verifyEnvelope(envelope, fromBase64Url(shopwave.publicKey)).ok).toBe(true);
    });
    // The independent check fails on another envelope's path.
    const swapped = { ...envelopes[0], batchSignature: { ...(envelopes[0].batchSignature as NonNullable<EventEnvelope['batchSignature']>), inclusionPath: envelopes[1].batchSignature?.inclusionPath ?? [] } };
    expect(opensslVerifies(swapped as EventEnvelope, shopwave.publicKey)).toBe(false);

    // A retry of the whole request: the original results, and the stored envelopes, not new signatures.
    const again = await post(platform.url, token('shopwave'), { events });
    expect(again.status).toBe(202);
    expect(again.body.results.every((r: { replayed?: boolean }) => r.replayed === true)).toBe(true);
    for (const i of [0, 49]) {
      const status = await getStatus(platform.url, token('shopwave'), ids[i]);
      expect(canonicalJson(status.body.envelope)).toBe(canonicalJson(envelopes[i]));
    }
  });

  it('accepts a client-signed batch-signed request and publishes each envelope as signed', async () => {
    const ref = consignmentRef('CBATCH');
    const batch = clientSignedBatch('ship.consignment.departed', ref, network.secrets['skyfreight'], 12);
    const response = await post(carrier.url, token('skyfreight'), { events: batch.map((e) => ({ envelope: e.envelope, opening: e.opening })) });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ accepted: 12, refused: 0 });
    expect(response.body.results.every((r: { mode: string }) => r.mode === 'client-signed')).toBe(true);
    const onTopic = await probe.waitFor(batch.map((e) => e.envelope.eventId));
    for (const e of batch) {
      expect(onTopic.get(e.envelope.eventId)?.value.toString('utf8')).toBe(canonicalJson({ envelope: e.envelope, opening: e.opening }));
      expect(opensslVerifies(e.envelope, network.secrets['skyfreight'].publicKey)).toBe(true);
    }
  });

  it('refuses a batch-signed envelope with a tampered inclusion path with a problem naming the field', async () => {
    const ref = consignmentRef('TAMPER');
    const [event] = clientSignedBatch('ship.consignment.departed', ref, network.secrets['skyfreight'], 5).slice(2);
    const batchSignature = event.envelope.batchSignature as NonNullable<EventEnvelope['batchSignature']>;
    const path = [...batchSignature.inclusionPath];
    const hash = Buffer.from(path[1], 'base64url');
    hash[7] ^= 0x10;
    path[1] = hash.toString('base64url');
    const tampered = { ...event.envelope, batchSignature: { ...batchSignature, inclusionPath: path } };
    expect(opensslVerifies(tampered as EventEnvelope, network.secrets['skyfreight'].publicKey)).toBe(false);

    const response = await post(carrier.url, token('skyfreight'), { events: [{ envelope: tampered, opening: event.opening }] });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ type: 'https://borderledger.dev/problems/invalid-events', status: 422 });
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'events[0].envelope.batchSignature', rule: 'signature' })]);
    expect(response.body.results[0].problem).toMatchObject({ type: 'https://borderledger.dev/problems/bad-signature', status: 422 });
    // A path of the wrong length is named precisely.
    const short = { ...event.envelope, batchSignature: { ...batchSignature, inclusionPath: batchSignature.inclusionPath.slice(1) } };
    const shortResponse = await post(carrier.url, token('skyfreight'), { envelope: short, opening: event.opening });
    expect(shortResponse.status).toBe(422);
    expect(shortResponse.body.errors).toEqual([expect.objectContaining({ path: 'envelope.batchSignature.inclusionPath', rule: 'inclusion-path' })]);
    expect(probe.byEventId(event.envelope.eventId)).toHaveLength(0);
  });

  it('rejects a bad batch field by field while the good events proceed; a batch with no good event is a 422 problem', async () => {
    const ref = consignmentRef('BAD');
    const badOrder = fixturePayload('buy.order.placed') as { goods: { hsCode: string; currency: string }[]; buyer: Record<string, unknown> };
    badOrder.goods[0].hsCode = '12AB';
    badOrder.goods[1].currency = 'XXX';
    delete badOrder.buyer['name'];
    const good = custodialEvent('buy.order.placed', ref);
    const mixed = await post(platform.url, token('shopwave'), {
      events: [custodialEvent('buy.order.placed', ref, { payload: badOrder }), good, custodialEvent('pay.payment.captured', ref, { occurredAt: 'yesterday' })],
    });
    expect(mixed.status).toBe(202);
    expect(mixed.body).toMatchObject({ accepted: 1, refused: 2 });
    expect(mixed.body.results[1]).toMatchObject({ index: 1, status: 'accepted', eventId: good['eventId'] });
    const errorsOf = (i: number) => mixed.body.results[i].problem.errors.map((e: { path: string; rule: string }) => `${e.path} ${e.rule}`).sort();
    expect(mixed.body.results[0].problem).toMatchObject({ type: 'https://borderledger.dev/problems/invalid-event', status: 422 });
    expect(errorsOf(0)).toEqual(['events[0].payload.buyer.name required', 'events[0].payload.goods[0].hsCode pattern', 'events[0].payload.goods[1].currency enum']);
    expect(errorsOf(2)).toEqual(['events[2].occurredAt format']);
    await probe.waitFor([good['eventId'] as string]);

    const allBad = await post(platform.url, token('shopwave'), { events: [custodialEvent('buy.order.placed', ref, { payload: badOrder })] });
    expect(allBad.status).toBe(422);
    expect(allBad.headers.get('content-type')).toContain('application/problem+json');
    expect(allBad.body).toMatchObject({ type: 'https://borderledger.dev/problems/invalid-events', status: 422, instance: '/v1/events' });
    expect(allBad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'events[0].payload.buyer.name',
      'events[0].payload.goods[0].hsCode',
      'events[0].payload.goods[1].currency',
    ]);
    expect(allBad.body.results).toHaveLength(1);

    const tooMany = await post(platform.url, token('shopwave'), { events: new Array(501).fill({}) });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toMatchObject({ type: 'https://borderledger.dev/problems/batch-too-large', errors: [{ path: 'events', rule: 'maxItems' }] });
    const notJson = await post(platform.url, token('shopwave'), '{"events": [');
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toContain('application/problem+json');
  });

  it('answers a resubmitted event id with the original result and publishes nothing again', async () => {
    const ref = consignmentRef('IDEM');
    const first = custodialEvent('buy.order.placed', ref);
    const signed = clientSignedEvent('ship.consignment.booked', ref, network.secrets['shopwave']);
    const batch = { events: [first, { envelope: signed.envelope, opening: signed.opening }] };
    expect((await post(platform.url, token('shopwave'), batch)).status).toBe(202);
    const again = await post(platform.url, token('shopwave'), batch);
    expect(again.status).toBe(202);
    expect(again.body.results).toEqual([
      { index: 0, eventId: first['eventId'], status: 'accepted', statusUrl: `/v1/events/${first['eventId']}`, replayed: true },
      { index: 1, eventId: signed.envelope.eventId, status: 'accepted', statusUrl: `/v1/events/${signed.envelope.eventId}`, replayed: true },
    ]);
    // A marker on the same consignment (same partition) comes after any second copy would have.
    const marker = custodialEvent('pay.payment.captured', ref);
    expect((await post(platform.url, token('shopwave'), marker)).status).toBe(202);
    await probe.waitFor([marker['eventId'] as string]);
    expect(probe.byEventId(first['eventId'] as string)).toHaveLength(1);
    expect(probe.byEventId(signed.envelope.eventId)).toHaveLength(1);

    const changed = await post(platform.url, token('shopwave'), { ...first, occurredAt: new Date().toISOString() });
    expect(changed.status).toBe(422);
    expect(changed.body.results[0].problem).toMatchObject({ type: 'https://borderledger.dev/problems/event-id-conflict', status: 409 });
  });

  it('moves an event to committed (with its ledger index) or rejected (with the reason) from the ledger’s topics', async () => {
    const ref = consignmentRef('STAT');
    const toCommit = custodialEvent('buy.order.placed', ref);
    const toReject = custodialEvent('pay.payment.captured', ref);
    await post(platform.url, token('shopwave'), { events: [toCommit, toReject] });
    const onTopic = await probe.waitFor([toCommit['eventId'] as string, toReject['eventId'] as string]);
    const committedId = toCommit['eventId'] as string;
    const rejectedId = toReject['eventId'] as string;
    const envelope = JSON.parse(onTopic.get(committedId)?.value.toString() ?? '{}').envelope;

    await network.publish(network.topics.committed, [
      { key: ref, value: JSON.stringify({ eventId: committedId, index: 4711, envelope, checkpointSize: 4712 }), headers: { 'bl-event-id': committedId, 'bl-ledger-index': '4711' } },
    ]);
    const submitted = onTopic.get(rejectedId);
    await network.publish(network.topics.deadLetter, [
      {
        key: ref,
        value: submitted?.value.toString() ?? '',
        headers: { ...submitted?.headers, 'bl-rejection-code': 'unknown-key', 'bl-rejection-reason': 'key not in the registry at submittedAt' },
      },
    ]);

    const committed = await eventually('committed status', async () => {
      const s = await getStatus(platform.url, token('shopwave'), committedId);
      return s.body?.status === 'committed' ? s.body : undefined;
    });
    expect(committed).toMatchObject({ eventId: committedId, status: 'committed', ledgerIndex: 4711 });
    const rejected = await eventually('rejected status', async () => {
      const s = await getStatus(platform.url, token('shopwave'), rejectedId);
      return s.body?.status === 'rejected' ? s.body : undefined;
    });
    expect(rejected).toMatchObject({ status: 'rejected', rejectionReason: 'unknown-key: key not in the registry at submittedAt' });

    // The original result, now with the ledger's outcome, answers a resubmission.
    const replay = await post(platform.url, token('shopwave'), { events: [toCommit, toReject] });
    expect(replay.body.results).toEqual([
      expect.objectContaining({ eventId: committedId, status: 'committed', ledgerIndex: 4711, replayed: true }),
      expect.objectContaining({ eventId: rejectedId, status: 'rejected', rejectionReason: 'unknown-key: key not in the registry at submittedAt', replayed: true }),
    ]);
  });

  it('republishes, on start, a submission that was stored but never published (outbox)', async () => {
    const ref = consignmentRef('OUTBOX');
    const signed = clientSignedEvent('ship.consignment.delivered', ref, network.secrets['hubline']);
    await logistics.stop();
    // As if the node had crashed between its insert and its publish.
    await network.db.query(
      `INSERT INTO "${network.namespace}".submissions (event_id, submitter, event_type, consignment_ref, envelope, opening, accepted_at, updated_at)
       VALUES ($1, 'hubline', $2, $3, $4, $5, now() - interval '1 minute', now())`,
      [signed.envelope.eventId, signed.envelope.eventType, ref, JSON.stringify(signed.envelope), JSON.stringify(signed.opening)],
    );
    logistics = await network.startNode('logistics-node');
    const record = (await probe.waitFor([signed.envelope.eventId])).get(signed.envelope.eventId);
    expect(record?.key).toBe(ref);
    expect(record?.value.toString()).toBe(canonicalJson({ envelope: signed.envelope, opening: signed.opening }));
    const { rows } = await network.db.query(`SELECT published_at FROM "${network.namespace}".submissions WHERE event_id = $1`, [signed.envelope.eventId]);
    expect(rows[0].published_at).toBeInstanceOf(Date);
  });

  it('serves OpenAPI with the event schemas and Prometheus metrics with the ingestion counter', async () => {
    const openApi = (await (await fetch(`${platform.url}/docs/openapi.json`)).json()) as { paths: Record<string, { post: { requestBody: unknown } }> };
    expect(Object.keys(openApi.paths)).toEqual(expect.arrayContaining(['/v1/events', '/v1/events/{id}']));
    const requestBody = JSON.stringify(openApi.paths['/v1/events'].post.requestBody);
    expect(requestBody).toContain('buy.order.placed (custodial)');
    expect(requestBody).toContain('hsCode');
    const metrics = await (await fetch(`${platform.url}/metrics`)).text();
    expect(metrics).toMatch(/^borderledger_ingestion_events(_total)?\{[^}]*outcome="accepted"/m);
  });
});
