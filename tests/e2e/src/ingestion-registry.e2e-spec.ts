import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSignedEvent, fixturePayload, fromBase64Url, signingKeyFromPrivateKey } from '@borderledger/events';
import { eventually, startServiceProcess, type ServiceProcess } from '@borderledger/testing';
import { randomBytes } from 'node:crypto';
import { DIST, consignmentRef, createIngestionNetwork, post, type IngestionNetwork, type JsonBody } from './support/ingestion-harness';

/**
 * The registry admin API (apps/registry) and the seed command, as processes, with their effect on
 * a running ingestion node: admitted participants, rotated keys, issued and revoked credentials.
 */
describe('participant registry admin API and seed command', () => {
  const adminToken = randomBytes(24).toString('hex');
  let network: IngestionNetwork;
  let registry: ServiceProcess;
  let platform: ServiceProcess;
  /** parcelpoint's first private key, from its admission. */
  let firstPrivateKey = '';
  const problemType = (code: string) => `https://borderledger.dev/problems/${code}`;

  const admin = async (method: string, path: string, body?: unknown, token = adminToken) => {
    const response = await fetch(`${registry.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as JsonBody };
  };

  const signedBy = (participantId: string, privateKey: string) => {
    const event = createSignedEvent({
      eventType: 'buy.order.placed',
      payload: fixturePayload('buy.order.placed'),
      consignmentRef: consignmentRef('REG'),
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      submitter: participantId,
      signingKey: signingKeyFromPrivateKey(fromBase64Url(privateKey)),
    });
    return { envelope: event.envelope, opening: event.opening };
  };

  beforeAll(async () => {
    network = await createIngestionNetwork('ingestion registry');
    registry = await startServiceProcess({
      name: 'registry',
      main: join(DIST, 'registry/main.js'),
      env: { DATABASE_URL: network.schemaUrl, REGISTRY_ADMIN_TOKEN: adminToken, LOG_LEVEL: 'warn' },
    });
    platform = await network.startNode('platform-node');
  });

  afterAll(async () => {
    await registry?.stop();
    await network?.close();
  });

  it('requires the operator token', async () => {
    expect((await admin('GET', '/v1/participants', undefined, '')).status).toBe(401);
    expect((await admin('GET', '/v1/participants', undefined, 'x'.repeat(48))).status).toBe(401);
    // A participant's API credential is not an operator token.
    expect((await admin('GET', '/v1/participants', undefined, network.secrets['shopwave'].token)).status).toBe(401);
  });

  it('admits a participant whose new credential and key then work on the node; bad input names each field', async () => {
    const invalid = await admin('POST', '/v1/participants', { id: 'Bad Id', name: '', roles: ['platform', 'pirate'], jurisdiction: 'ZZ' });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors.map((e: { path: string; rule: string }) => `${e.path} ${e.rule}`).sort()).toEqual([
      'id pattern',
      'jurisdiction enum',
      'name minLength',
      'roles[1] enum',
    ]);

    const created = await admin('POST', '/v1/participants', { id: 'parcelpoint', name: 'ParcelPoint SAS', roles: ['platform'], jurisdiction: 'FR' });
    expect(created.status).toBe(201);
    expect(created.body.participant).toMatchObject({ id: 'parcelpoint', roles: ['platform'], status: 'active' });
    expect(created.body.privateKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    firstPrivateKey = created.body.privateKey;
    expect((await admin('POST', '/v1/participants', { id: 'parcelpoint', name: 'again', roles: ['platform'], jurisdiction: 'FR' })).body.type).toBe(
      problemType('participant-exists'),
    );

    const issued = await admin('POST', '/v1/participants/parcelpoint/credentials', { label: 'order system' });
    expect(issued.status).toBe(201);
    expect(issued.body.token).toMatch(/^blk_[0-9a-f]{20}\.[A-Za-z0-9_-]{43}$/);

    const accepted = await eventually('the node knows the new participant', async () => {
      const answer = await post(platform.url, issued.body.token, signedBy('parcelpoint', created.body.privateKey));
      return answer.status === 202 ? answer : undefined;
    });
    expect(accepted.body.results[0]).toMatchObject({ status: 'accepted', mode: 'client-signed' });

    const listed = await admin('GET', '/v1/participants');
    expect(listed.body.participants.map((p: { id: string }) => p.id)).toEqual(expect.arrayContaining(['parcelpoint', 'shopwave', 'skyfreight']));
    const detail = await admin('GET', '/v1/participants/parcelpoint');
    expect(detail.body.credentials).toEqual([expect.objectContaining({ id: issued.body.credential.id, label: 'order system', revokedAt: null })]);
    expect(JSON.stringify(detail.body)).not.toMatch(/scrypt|secretHash|privateKey/);
    expect((await admin('GET', '/v1/participants/nobody')).status).toBe(404);
  });

  it('rotates a key: the node refuses the retired key for new events and takes the new one', async () => {
    const before = await admin('GET', '/v1/participants/parcelpoint');
    const oldKeyId = before.body.keys[0].keyId;
    const rotated = await admin('POST', '/v1/participants/parcelpoint/keys', {});
    expect(rotated.status).toBe(201);
    expect(rotated.body.closed).toEqual([expect.objectContaining({ keyId: oldKeyId, validUntil: expect.any(String) })]);
    const token = (await admin('POST', '/v1/participants/parcelpoint/credentials', { label: 'rotation test' })).body.token;

    const created = (await admin('GET', '/v1/participants/parcelpoint')).body;
    expect(created.keys.map((k: { keyId: string }) => k.keyId)).toEqual([rotated.body.key.keyId, oldKeyId]);
    const accepted = await eventually('the node knows the new key', async () => {
      const answer = await post(platform.url, token, signedBy('parcelpoint', rotated.body.privateKey));
      return answer.status === 202 ? answer : undefined;
    });
    expect(accepted.body.accepted).toBe(1);
    const retired = await post(platform.url, token, signedBy('parcelpoint', firstPrivateKey));
    expect(retired.body.results[0].problem).toMatchObject({ type: problemType('unknown-signing-key') });
  });

  it('revokes a credential and suspends a participant; both reach the node', async () => {
    const issued = await admin('POST', '/v1/participants/shopwave/credentials', { label: 'to revoke' });
    const event = () => ({
      eventType: 'buy.order.placed',
      consignmentRef: consignmentRef('REV'),
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      payload: fixturePayload('buy.order.placed'),
    });
    await eventually('new credential works', async () => ((await post(platform.url, issued.body.token, event())).status === 202 ? true : undefined));
    const revoked = await admin('DELETE', `/v1/participants/shopwave/credentials/${issued.body.credential.id}`);
    expect(revoked.body.credential.revokedAt).toEqual(expect.any(String));
    // Under another participant the credential id does not exist.
    expect((await admin('DELETE', `/v1/participants/skyfreight/credentials/${issued.body.credential.id}`)).status).toBe(404);
    await eventually('revocation reaches the node', async () => ((await post(platform.url, issued.body.token, event())).status === 401 ? true : undefined));
    expect((await post(platform.url, network.secrets['shopwave'].token, event())).status).toBe(202);

    expect((await admin('POST', '/v1/participants/shopwave/suspend')).body.participant.status).toBe('suspended');
    await eventually('suspension reaches the node', async () => ((await post(platform.url, network.secrets['shopwave'].token, event())).status === 403 ? true : undefined));
    expect((await admin('POST', '/v1/participants/shopwave/credentials', { label: 'x' })).body.type).toBe(problemType('participant-suspended'));
    expect((await admin('POST', '/v1/participants/shopwave/reinstate')).body.participant.status).toBe('active');
    await eventually('reinstatement reaches the node', async () => ((await post(platform.url, network.secrets['shopwave'].token, event())).status === 202 ? true : undefined));
  });

  it('seeds the demo participants with `scripts/participants.ts seed`, idempotently, secrets in a 0600 file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bl-seed-'));
    try {
      const out = join(dir, 'participants.json');
      const run = () =>
        spawnSync('npx', ['tsx', 'scripts/participants.ts', 'seed', '--out', out, '--json'], {
          cwd: join(__dirname, '../../..'),
          env: { ...process.env, DATABASE_URL: network.schemaUrl },
          encoding: 'utf8',
        });
      const first = run();
      expect(first.status).toBe(0);
      const summary = JSON.parse(first.stdout);
      // The suite's schema was seeded by the harness with other secrets: the command converges it.
      expect(summary.participants.map((p: { id: string }) => p.id)).toEqual(['shopwave', 'skyfreight', 'hubline', 'customs-nl', 'audit-co']);
      expect(first.stdout).not.toMatch(/blk_[0-9a-f]{20}\./);
      expect((await stat(out)).mode & 0o777).toBe(0o600);
      expect((await stat(join(summary.keystores.platform, 'shopwave.json'))).mode & 0o777).toBe(0o600);

      const second = run();
      expect(second.status).toBe(0);
      expect(JSON.parse(second.stdout).changes.every((c: Record<string, boolean>) => !c['admitted'] && !c['keyRotated'] && !c['credentialIssued'])).toBe(true);
      const file = JSON.parse(await readFile(out, 'utf8'));
      const answer = await eventually('the seeded credential works', async () => {
        const a = await post(platform.url, file.participants.shopwave.token, signedBy('shopwave', file.participants.shopwave.privateKey));
        return a.status === 202 ? a : undefined;
      });
      expect(answer.body.accepted).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
