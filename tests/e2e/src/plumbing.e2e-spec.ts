import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { applyMigrations } from '@borderledger/data';
import {
  databaseUrlForSchema,
  eventually,
  stackEnvironment,
  startServiceProcess,
  suiteNamespace,
  type ServiceProcess,
} from '@borderledger/testing';
import { Client } from 'pg';

const dist = join(__dirname, '../../../dist/apps');

/**
 * The foundation's thin path, end to end over real processes: HTTP into platform-node, Kafka,
 * the ledger consumer, PostgreSQL through Prisma; the W3C trace context travels all the way.
 */
describe('plumbing: platform-node → Kafka → ledger → PostgreSQL', () => {
  const namespace = suiteNamespace('plumbing e2e');
  const token = randomBytes(24).toString('hex');
  const { kafkaBrokers, databaseUrl } = stackEnvironment();
  const schemaUrl = databaseUrlForSchema(databaseUrl, namespace);
  const services: ServiceProcess[] = [];
  let db: Client;
  let platform: ServiceProcess;
  let ledger: ServiceProcess;

  beforeAll(async () => {
    await applyMigrations({ databaseUrl, schema: namespace });
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const env = { KAFKA_BROKERS: kafkaBrokers.join(','), TOPIC_PREFIX: namespace, LOG_LEVEL: 'info' };
    ledger = await startServiceProcess({
      name: 'ledger',
      main: join(dist, 'ledger/main.js'),
      env: { ...env, DATABASE_URL: schemaUrl },
      readyPath: '/health',
    });
    services.push(ledger);
    platform = await startServiceProcess({
      name: 'platform-node',
      main: join(dist, 'platform-node/main.js'),
      env: { ...env, NODE_API_TOKEN: token },
    });
    services.push(platform);
  });

  afterAll(async () => {
    const codes = await Promise.all(services.map((s) => s.stop()));
    await db?.query(`DROP SCHEMA IF EXISTS "${namespace}" CASCADE`);
    await db?.end();
    // Graceful shutdown on SIGTERM, not a crash.
    expect(codes.every((code) => code === 0 || code === null)).toBe(true);
  });

  const submit = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${platform.url}/v1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(body),
    });

  it('records a submission in PostgreSQL with the trace context of the HTTP request', async () => {
    const traceId = randomBytes(16).toString('hex');
    const eventId = randomUUID();
    const response = await submit(
      { eventId, consignmentRef: 'UCR-E2E-1', payload: { note: 'hello ledger' } },
      { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    );
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ eventId, status: 'accepted' });

    const row = await eventually('the submission receipt row', async () => {
      const result = await db.query(
        `SELECT event_id, message_key, payload, traceparent FROM "${namespace}".submission_receipts WHERE event_id = $1`,
        [eventId],
      );
      return result.rows[0];
    });
    expect(row.message_key).toBe('UCR-E2E-1');
    expect(row.payload).toEqual({ note: 'hello ledger' });
    expect(row.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });

  it('records a resubmitted event id once', async () => {
    const eventId = randomUUID();
    const body = { eventId, consignmentRef: 'UCR-E2E-2', payload: { n: 1 } };
    expect((await submit(body)).status).toBe(202);
    expect((await submit(body)).status).toBe(202);
    const marker = randomUUID();
    expect((await submit({ eventId: marker, consignmentRef: 'UCR-E2E-2', payload: {} })).status).toBe(202);
    // The marker follows both copies on the same partition: once it is in, both copies were consumed.
    await eventually('the marker row', async () => {
      const r = await db.query(`SELECT 1 FROM "${namespace}".submission_receipts WHERE event_id = $1`, [marker]);
      return r.rowCount ? true : undefined;
    });
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM "${namespace}".submission_receipts WHERE event_id = $1`, [eventId]);
    expect(rows[0].n).toBe(1);
  });

  it('rejects bad input naming each field and the rule, and unauthenticated callers', async () => {
    const bad = await submit({ eventId: 'not-a-uuid', consignmentRef: 'lower case', payload: {} });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const problem = await bad.json();
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual(['consignmentRef', 'eventId']);

    const anonymous = await fetch(`${platform.url}/v1/submissions`, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
  });

  it('serves Prometheus metrics and OpenAPI', async () => {
    const metrics = await (await fetch(`${platform.url}/metrics`)).text();
    expect(metrics).toMatch(/^http_server_(request_)?duration/m);
    const openApi = await (await fetch(`${platform.url}/docs/openapi.json`)).json();
    expect(Object.keys(openApi.paths)).toContain('/v1/submissions');
  });
});
