import { createSignedEvent, fixturePayload, fromBase64Url, signingKeyFromPrivateKey } from '@borderledger/events';
import { CREDENTIAL_ID_BYTES } from '@borderledger/participants';
import { eventually, type ServiceProcess } from '@borderledger/testing';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { clientSignedEvent, consignmentRef, createIngestionNetwork, custodialEvent, getStatus, post, type IngestionNetwork } from './support/ingestion-harness';

/**
 * OWASP API Security Top 10 (2023) on a built platform node: no object or property of another
 * participant is readable or writable with one's own credential (API1, API3), authentication
 * (API2), function-level authorisation by role (API5), resource consumption (API4: rate limits,
 * batch limit), plus property-based bad input over HTTP.
 */
describe('ingestion authorisation (OWASP API Top 10)', () => {
  let network: IngestionNetwork;
  let platform: ServiceProcess;
  let limited: ServiceProcess;
  const token = (id: string) => network.secrets[id].token;
  const problemType = (code: string) => `https://borderledger.dev/problems/${code}`;

  beforeAll(async () => {
    network = await createIngestionNetwork('ingestion authz');
    [platform, limited] = await Promise.all([
      network.startNode('platform-node'),
      network.startNode('platform-node', { RATE_LIMIT_REQUESTS: '3', RATE_LIMIT_WINDOW_MS: '60000', INGESTION_BODY_LIMIT: '64kb' }),
    ]);
  });

  afterAll(() => network?.close());

  it('API1: another participant’s event is not readable — the answer equals that for an unknown id', async () => {
    const event = custodialEvent('buy.order.placed', consignmentRef('BOLA'));
    expect((await post(platform.url, token('shopwave'), event)).status).toBe(202);
    expect((await getStatus(platform.url, token('shopwave'), event['eventId'] as string)).status).toBe(200);

    const foreign = await getStatus(platform.url, token('brightmart'), event['eventId'] as string);
    const unknown = await getStatus(platform.url, token('brightmart'), '0193f0c2-7a4e-7cc1-9d55-3b2f1e0a9c44');
    expect(foreign.status).toBe(404);
    expect(unknown.status).toBe(404);
    const shape = (b: Record<string, unknown>) => ({ type: b['type'], title: b['title'], status: b['status'] });
    expect(shape(foreign.body)).toEqual(shape(unknown.body));
    expect(JSON.stringify(foreign.body)).not.toContain('shopwave');
    // Carrier or customs credentials read nothing of the platform’s either.
    expect((await getStatus(platform.url, token('skyfreight'), event['eventId'] as string)).status).toBe(404);
    expect((await getStatus(platform.url, token('customs-nl'), event['eventId'] as string)).status).toBe(404);
  });

  it('API1: nobody submits as someone else, in either mode', async () => {
    const ref = consignmentRef('IMP');
    const asShopwave = await post(platform.url, token('brightmart'), custodialEvent('buy.order.placed', ref, { submitter: 'shopwave' }));
    expect(asShopwave.status).toBe(403);
    expect(asShopwave.body.errors).toEqual([expect.objectContaining({ path: 'submitter', rule: 'submitter' })]);

    // A genuine shopwave envelope, replayed with brightmart's credential.
    const stolen = clientSignedEvent('buy.order.placed', ref, network.secrets['shopwave']);
    const replayed = await post(platform.url, token('brightmart'), { envelope: stolen.envelope, opening: stolen.opening });
    expect(replayed.status).toBe(403);
    expect(replayed.body.type).toBe(problemType('forbidden-events'));
    expect(replayed.body.results[0].problem).toMatchObject({ type: problemType('submitter-mismatch'), status: 403 });
    expect(replayed.body.errors).toEqual([expect.objectContaining({ path: 'envelope.submitter', rule: 'submitter' })]);

    // brightmart signs, with its own key, an envelope naming shopwave.
    const forged = createSignedEvent({
      eventType: 'buy.order.placed',
      payload: fixturePayload('buy.order.placed'),
      consignmentRef: ref,
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      submitter: 'shopwave',
      signingKey: signingKeyFromPrivateKey(fromBase64Url(network.secrets['brightmart'].privateKey)),
    });
    const forgedBySelf = await post(platform.url, token('shopwave'), { envelope: forged.envelope, opening: forged.opening });
    expect(forgedBySelf.body.results[0].problem).toMatchObject({ type: problemType('unknown-signing-key') });
    expect(forgedBySelf.body.errors).toEqual([expect.objectContaining({ path: 'envelope.keyId', rule: 'key-validity' })]);

    // Reusing another participant's event id reveals only that it is taken.
    const owned = custodialEvent('buy.order.placed', ref);
    await post(platform.url, token('shopwave'), owned);
    const taken = await post(platform.url, token('brightmart'), { ...owned });
    expect(taken.body.results[0].problem).toMatchObject({ type: problemType('event-id-conflict'), status: 409 });
    expect(JSON.stringify(taken.body)).not.toContain('shopwave');
  });

  it('API2: no credential, a malformed, unknown or wrong one — 401 with WWW-Authenticate and no reason given', async () => {
    const event = custodialEvent('buy.order.placed', consignmentRef('AUTH'));
    const wrongSecret = `${network.secrets['shopwave'].credentialId}.${randomBytes(32).toString('base64url')}`;
    const unknownId = `blk_${randomBytes(CREDENTIAL_ID_BYTES).toString('hex')}.${randomBytes(32).toString('base64url')}`;
    const answers = await Promise.all([undefined, 'not-a-token', unknownId, wrongSecret].map((t) => post(platform.url, t, event)));
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="borderledger"');
      expect(answer.body).toMatchObject({ type: problemType('unauthenticated'), status: 401 });
    }
    expect(new Set(answers.map((a) => a.body.detail)).size).toBe(1);
    expect((await getStatus(platform.url, undefined, event['eventId'] as string)).status).toBe(401);
  });

  it('API3: no hidden property is writable, and the status never exposes the payload', async () => {
    const ref = consignmentRef('BOPLA');
    const sneaky = await post(platform.url, token('shopwave'), custodialEvent('buy.order.placed', ref, { status: 'committed', ledgerIndex: 1, keyId: 'x' }));
    expect(sneaky.status).toBe(422);
    expect(sneaky.body.errors.map((e: { path: string; rule: string }) => `${e.path} ${e.rule}`).sort()).toEqual([
      'keyId unknown-field',
      'ledgerIndex unknown-field',
      'status unknown-field',
    ]);
    const event = custodialEvent('buy.order.placed', ref);
    await post(platform.url, token('shopwave'), event);
    const status = await getStatus(platform.url, token('shopwave'), event['eventId'] as string);
    const text = JSON.stringify(status.body);
    for (const secret of ['"salts"', '"payload"', '"opening"', 'Anna de Vries', 'Prinsengracht']) expect(text).not.toContain(secret);
  });

  it('API5: a participant submits only the event types its roles allow', async () => {
    const ref = consignmentRef('ROLE');
    const cases: [string, string][] = [
      ['shopwave', 'ship.consignment.departed'],
      ['shopwave', 'customs.hold.placed'],
      ['skyfreight', 'buy.order.placed'],
      ['customs-nl', 'pay.payment.captured'],
      ['audit-co', 'buy.order.placed'],
      ['shopwave', 'governance.participant.admitted'],
    ];
    for (const [participant, type] of cases) {
      const answer = await post(platform.url, token(participant), custodialEvent(type as 'buy.order.placed', ref));
      expect({ participant, type, status: answer.status, problem: answer.body.type }).toEqual({ participant, type, status: 403, problem: problemType('forbidden-events') });
      expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'eventType', rule: 'emitter-role' })]);
    }
  });

  it('API4: rate limits apply per participant (429 with Retry-After), batches are bounded', async () => {
    const ref = consignmentRef('RATE');
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await post(limited.url, token('shopwave'), custodialEvent('buy.order.placed', ref)));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 429]);
    expect(answers[3].headers.get('content-type')).toContain('application/problem+json');
    expect(answers[3].body).toMatchObject({ type: problemType('too-many-requests'), status: 429 });
    expect(Number(answers[3].headers.get('retry-after'))).toBeGreaterThan(0);
    // Reads count against the same budget; another participant has its own.
    expect((await getStatus(limited.url, token('shopwave'), answers[0].body.results[0].eventId)).status).toBe(429);
    expect((await post(limited.url, token('brightmart'), custodialEvent('buy.order.placed', ref))).status).toBe(202);
    // Bodies are bounded too (here 64 kB; 8 MB by default).
    const huge = await post(limited.url, token('brightmart'), { events: [custodialEvent('buy.order.placed', ref, { note: 'x'.repeat(70_000) })] });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ type: problemType('payload-too-large'), status: 413 });
  });

  it('suspension and revocation take effect on the node within the registry refresh', async () => {
    const ref = consignmentRef('SUSP');
    await network.db.query(`UPDATE "${network.namespace}".participants SET status = 'suspended' WHERE id = 'brightmart'`);
    const suspended = await eventually('suspension applied', async () => {
      const answer = await post(platform.url, token('brightmart'), custodialEvent('buy.order.placed', ref));
      return answer.status === 403 ? answer : undefined;
    });
    expect(suspended.body).toMatchObject({ type: problemType('participant-suspended') });
    await network.db.query(`UPDATE "${network.namespace}".participants SET status = 'active' WHERE id = 'brightmart'`);
    await network.db.query(`UPDATE "${network.namespace}".api_credentials SET revoked_at = now() WHERE participant_id = 'brightmart'`);
    const revoked = await eventually('revocation applied', async () => {
      const answer = await post(platform.url, token('brightmart'), custodialEvent('buy.order.placed', ref));
      return answer.status === 401 ? answer : undefined;
    });
    expect(revoked.body).toMatchObject({ type: problemType('unauthenticated') });
  });

  it('property: arbitrary bodies never cause a 5xx; every refusal is problem+json naming fields under the item', async () => {
    const item = fc.oneof(
      fc.anything(),
      fc.record({ eventType: fc.constantFrom('buy.order.placed', 'pay.payment.captured', 'x'), consignmentRef: fc.oneof(fc.string(), fc.constant(null)), occurredAt: fc.string(), payload: fc.object() }, { requiredKeys: [] }),
      fc.record({ envelope: fc.object(), opening: fc.object() }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), fc.record({ events: fc.array(item, { maxLength: 6 }) })), async (body) => {
        const answer = await post(platform.url, token('shopwave'), body === undefined ? 'null' : JSON.stringify(body) ?? 'null');
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
        if (answer.status === 422 && Array.isArray((body as { events?: unknown[] } | null)?.events)) {
          for (const e of answer.body.errors) expect(e.path).toMatch(/^events\[\d+\]/);
        }
      }),
      { numRuns: 60 },
    );
  });
});
