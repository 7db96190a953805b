import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations } from '@borderledger/data';
import { SIGNATURE_TYPE_COSIGNATURE_V1, cosignatureVerifierFromKey, evaluateFinality, generateNoteKeyPair, noteVerifierFromKey } from '@borderledger/merkle-log';
import { databaseUrlForSchema, eventually, freePort, stackEnvironment, startServiceProcess, suiteNamespace, type ServiceProcess } from '@borderledger/testing';
import { Client } from 'pg';
import { buildFixtureEvent, FIXTURE_PARTICIPANTS, fixtureSigningKey, signEnvelopeBatch, withoutSignature, type SignedEvent } from '@borderledger/events';
import { LEDGER_MAIN, freshEvent, getJson, ledgerKeys, seedRegistry, submissionProducer, uniqueConsignmentRef, type SubmissionProducer } from './support/ledger-harness';

const ROOT = join(__dirname, '../../..');
const CUSTOMS_NODE_MAIN = join(ROOT, 'dist/apps/customs-node/main.js');
const WITNESS_NAMES = ['customs-nl.witness', 'shopwave.witness', 'skyfreight.witness'];

/** The verifier CLI exactly as a user runs it: `npx tsx scripts/verify.ts …`. */
function verifyCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/verify.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Re-signs events as one batch per submitter, keeping their order. */
function batchSignedBySubmitter<T extends SignedEvent>(events: readonly T[]): T[] {
  const bySubmitter = new Map<string, number[]>();
  events.forEach((e, i) => bySubmitter.set(e.envelope.submitter, [...(bySubmitter.get(e.envelope.submitter) ?? []), i]));
  const out = [...events];
  for (const [submitter, at] of bySubmitter) {
    const signed = signEnvelopeBatch(at.map((i) => withoutSignature(events[i].envelope)), fixtureSigningKey(submitter));
    at.forEach((i, k) => (out[i] = { ...events[i], envelope: signed[k] }));
  }
  return out;
}

/** The stack's superuser on the same server (postgres/postgres, see `node scripts/stack.ts --help`). */
function superuserUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.username = 'postgres';
  url.password = 'postgres';
  url.search = '';
  return url.toString();
}

/**
 * The witness network end to end, as processes: the ledger pushes each checkpoint to three
 * customs-node witnesses (C2SP tlog-witness), each re-validates the new entries it reads from
 * the ledger's tiles and cosigns; checkpoints become final under the quorum; an auditor exports
 * a proof bundle and verifies it offline with the CLI; the storage audit catches a rewrite.
 */
describe('witnesses: events become final checkpoints cosigned by the quorum, verifiable offline', () => {
  const namespace = suiteNamespace('witness quorum');
  const topicPrefix = namespace.replace(/_/g, '-');
  const { kafkaBrokers, databaseUrl } = stackEnvironment();
  const token = randomBytes(24).toString('hex');
  const keys = ledgerKeys();
  const witnessKeys = WITNESS_NAMES.map((name) => generateNoteKeyPair(name, SIGNATURE_TYPE_COSIGNATURE_V1));
  const witnessSchemas = WITNESS_NAMES.map((_, i) => `${namespace}_w${i}`);
  const consignment = uniqueConsignmentRef('witness');
  const dir = mkdtempSync(join(tmpdir(), 'bl-witness-e2e-'));
  const services: ServiceProcess[] = [];
  const eventIds: string[] = [];
  let db: Client;
  let producer: SubmissionProducer;
  let ledger: ServiceProcess;
  let startLedger: () => Promise<ServiceProcess>;
  const ledgerUrl = () => ledger.url;

  /** Waits until the ledger's final checkpoint has `size`; then checks it against a quorum of our own. */
  async function finalCheckpoint(what: string, size: number, quorum: { threshold: number; required: string[] }) {
    const note = await eventually(
      what,
      async () => {
        const r = await getJson<string>(`${ledgerUrl()}/v1/checkpoints/final`, token);
        return r.status === 200 && r.body.split('\n')[1] === String(size) ? r.body : undefined;
      },
      60_000,
    );
    return evaluateFinality(note, {
      logVerifiers: [noteVerifierFromKey(keys.verifierKey)],
      witnesses: witnessKeys.map((k) => cosignatureVerifierFromKey(k.verifierKey)),
      ...quorum,
    });
  }

  beforeAll(async () => {
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    // The ledger's database and, apart from it, each witness node's own.
    for (const schema of [namespace, ...witnessSchemas]) {
      await applyMigrations({ databaseUrl, schema });
      await seedRegistry(db, schema);
    }
    const ledgerPort = await freePort();
    for (const [i, name] of WITNESS_NAMES.entries()) {
      services.push(
        await startServiceProcess({
          name,
          main: CUSTOMS_NODE_MAIN,
          env: {
            LOG_LEVEL: 'warn',
            DATABASE_URL: databaseUrlForSchema(databaseUrl, witnessSchemas[i]),
            WITNESS_NAME: name,
            WITNESS_SIGNING_KEY: witnessKeys[i].signerKey,
            LOG_ORIGIN: keys.origin,
            LOG_PUBLIC_KEY: keys.verifierKey,
            LEDGER_URL: `http://127.0.0.1:${ledgerPort}`,
            LEDGER_READ_TOKEN: token,
          },
        }),
      );
    }
    producer = await submissionProducer(kafkaBrokers, topicPrefix);
    startLedger = () => startServiceProcess({
      name: 'ledger',
      main: LEDGER_MAIN,
      port: ledgerPort,
      readyPath: '/health',
      readyTimeoutMs: 90_000,
      env: {
        LOG_LEVEL: 'warn',
        KAFKA_BROKERS: kafkaBrokers.join(','),
        TOPIC_PREFIX: topicPrefix,
        DATABASE_URL: databaseUrlForSchema(databaseUrl, namespace),
        LEDGER_ORIGIN: keys.origin,
        LEDGER_SIGNING_KEY: keys.signerKey,
        LEDGER_READ_TOKENS: token,
        WITNESS_KEYS: witnessKeys.map((k) => k.verifierKey).join(','),
        WITNESS_URLS: WITNESS_NAMES.map((name, i) => `${name}=${services[i].url}`).join(','),
        LEDGER_QUORUM_THRESHOLD: '3',
        LEDGER_QUORUM_REQUIRED: 'customs-nl.witness',
      },
    });
    ledger = await startLedger();
    services.push(ledger);
  });

  afterAll(async () => {
    const codes = await Promise.all(services.map((s) => s.stop()));
    await producer?.close();
    for (const schema of [namespace, ...witnessSchemas]) await db?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db?.end();
    expect(codes.every((code) => code === 0 || code === null)).toBe(true);
  });

  it('every committed checkpoint is re-validated and cosigned by each witness until it is final', async () => {
    const types = ['buy.order.placed', 'pay.payment.captured', 'ship.consignment.booked', 'ship.consignment.picked-up'] as const;
    for (let round = 0; round < 3; round++) {
      const fresh = Array.from({ length: 10 }, (_, i) => freshEvent(types[(round * 10 + i) % types.length], consignment));
      // The last round as nodes send it: each submitter's events under one batch signature, so
      // the witnesses re-validate (and the audit and the verifier below check) batch-signed entries.
      const events = round < 2 ? fresh : batchSignedBySubmitter(fresh);
      eventIds.push(...events.map((e) => e.envelope.eventId));
      await producer.send(events);
      await eventually(`checkpoint of size ${(round + 1) * 10}`, async () => {
        const r = await getJson<string>(`${ledgerUrl()}/v1/checkpoints/latest`, token);
        return r.status === 200 && r.body.includes(`\n${(round + 1) * 10}\n`) ? true : undefined;
      });
    }
    const finality = await finalCheckpoint('a final checkpoint covering all 30 events', 30, { threshold: 3, required: ['customs-nl.witness'] });
    expect(finality.final).toBe(true);
    expect(finality.cosigners.map((c) => c.name).sort()).toEqual([...WITNESS_NAMES].sort());
    // Each witness remembers, in its own database, the checkpoint it cosigned last.
    for (const [i, schema] of witnessSchemas.entries()) {
      const { rows } = await db.query(`SELECT tree_size FROM "${schema}".witness_checkpoints WHERE witness = $1`, [WITNESS_NAMES[i]]);
      expect(rows.map((r) => Number(r.tree_size))).toEqual([30]);
    }
    const metrics = await (await fetch(`${services[0].url}/metrics`)).text();
    expect(metrics).toMatch(/witness_add_checkpoint_total\{[^}]*outcome="cosigned"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/witness_entries_validated_total(\{[^}]*\})? 30/);
  });

  it('an auditor exports a proof bundle and verifies it on another machine with nothing but files', async () => {
    const env = {
      LEDGER_URL: ledgerUrl(),
      LEDGER_READ_TOKEN: token,
      LOG_ORIGIN: keys.origin,
      LOG_PUBLIC_KEY: keys.verifierKey,
      WITNESS_KEYS: witnessKeys.map((k) => k.verifierKey).join(','),
      LEDGER_QUORUM_THRESHOLD: '3',
      LEDGER_QUORUM_REQUIRED: 'customs-nl.witness',
      DATABASE_URL: databaseUrlForSchema(databaseUrl, namespace),
    };
    const trust = join(dir, 'trust.json');
    const bundle = join(dir, 'bundle.json');
    const trustRun = await verifyCli(['trust', '--out', trust], env);
    expect(trustRun.code).toBe(0);
    const exported = await verifyCli(['export', '--event', eventIds[17], '--index', '3', '--range', '10..30', '--checkpoint', 'final', '--out', bundle], env);
    expect(exported.stderr).toMatch(/wrote a proof bundle \(2 entries, range 10\.\.29\)/);
    expect(exported.code).toBe(0);

    // The other machine: no environment, no network, no database.
    const verified = await verifyCli(['bundle', bundle, '--trust', trust], { DATABASE_URL: '', LEDGER_URL: '' });
    expect(verified.stdout).toMatch(/ok {3}checkpoint\.finality: final: cosigned by 3 witnesses/);
    expect(verified.stdout).toMatch(/ok {3}entry\[17\]\.inclusion/);
    expect(verified.stdout).toMatch(/ok {3}range\[10\.\.30\)\.root/);
    // Entries 20–29 were batch-signed; each still verifies on its own.
    expect(verified.stdout).toMatch(/ok {3}range\[10\.\.30\)\.entry\[25\]\.envelope: .* signed in a batch \(leaf \d+ of \d+\)/);
    expect(verified.stdout).toMatch(/ok {3}range\[10\.\.30\)\.entry\[15\]\.envelope: .* signed alone/);
    expect(verified.stdout).toMatch(/VERIFIED: \d+ checks passed/);
    expect(verified.code).toBe(0);

    const tampered = JSON.parse(readFileSync(bundle, 'utf8'));
    tampered.range.envelopes[4].occurredAt = '2020-01-01T00:00:00Z';
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(tampered));
    const refused = await verifyCli(['bundle', join(dir, 'tampered.json'), '--trust', trust]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/NOT VERIFIED: 2 of \d+ checks failed; first: range\[10\.\.30\)\.entry\[14\]\.envelope: .*bad-signature/);
  });

  it('the storage audit passes the ledger’s database, then names the entry a superuser rewrote', async () => {
    const ledgerDb = databaseUrlForSchema(databaseUrl, namespace);
    const clean = await verifyCli(['audit', '--database-url', ledgerDb, '--log-key', keys.verifierKey]);
    expect(clean.stdout).toMatch(/^AUDIT PASSED: 30 entries/);
    expect(clean.stderr).toMatch(/audit: 30\/30 entries \(100%\)/);
    expect(clean.code).toBe(0);

    const admin = new Client({ connectionString: superuserUrl(databaseUrl) });
    await admin.connect();
    try {
      await admin.query('BEGIN');
      await admin.query('SET LOCAL session_replication_role = replica');
      await admin.query(
        `UPDATE "${namespace}".ledger_entries SET envelope = convert_to(replace(convert_from(envelope, 'UTF8'), '"schemaVersion":1', '"schemaVersion":2'), 'UTF8') WHERE index = 22`,
      );
      await admin.query('COMMIT');
    } finally {
      await admin.end();
    }
    const caught = await verifyCli(['audit', '--database-url', ledgerDb, '--log-key', keys.verifierKey]);
    expect(caught.stdout).toMatch(/^AUDIT FAILED at entry 22: leaf-hash-mismatch/);
    expect(caught.code).toBe(1);
  });

  it('governance sets the quorum: after governance.quorum.changed, two named witnesses make a checkpoint final', async () => {
    // The network board may emit governance events; it joins every registry now, the ledger's
    // and each witness's (both reload their registry when they meet an unknown submitter).
    const board = fixtureSigningKey(FIXTURE_PARTICIPANTS.governance);
    for (const schema of [namespace, ...witnessSchemas]) {
      await db.query(`INSERT INTO "${schema}".participants (id, name, roles, jurisdiction, updated_at) VALUES ($1, $1, '{governance}', 'NL', now())`, [FIXTURE_PARTICIPANTS.governance]);
      await db.query(`INSERT INTO "${schema}".participant_keys (key_id, participant_id, public_key, valid_from) VALUES ($1, $2, $3, '2026-01-01T00:00:00Z')`, [
        board.keyId,
        FIXTURE_PARTICIPANTS.governance,
        Buffer.from(board.publicKey),
      ]);
    }
    const now = Date.now();
    const change = buildFixtureEvent('governance.quorum.changed', {
      payload: { threshold: 2, witnesses: ['customs-nl', 'shopwave'], effectiveFrom: new Date(now - 120_000).toISOString() },
      occurredAt: new Date(now - 60_000).toISOString(),
      submittedAt: new Date(now).toISOString(),
      randomBytes: false,
    });
    // skyfreight's witness goes away: under the configured quorum (3 of 3) nothing after this
    // could become final; under the governed one (2: customs-nl and shopwave) it does.
    await services[2].stop();
    await producer.send([change, ...Array.from({ length: 5 }, () => freshEvent('ship.consignment.departed', consignment))]);
    const governed = await finalCheckpoint('a final checkpoint of size 36 under the governed quorum', 36, { threshold: 2, required: ['customs-nl.witness'] });
    expect(governed.final).toBe(true);
    expect(governed.cosigners.map((c) => c.name).sort()).toEqual(['customs-nl.witness', 'shopwave.witness']);

    // A restarted ledger reads the governed quorum back from its database, not from configuration.
    await ledger.stop();
    ledger = await startLedger();
    services.push(ledger);
    const afterRestart = await getJson<string>(`${ledgerUrl()}/v1/checkpoints/final`, token);
    expect(afterRestart.status).toBe(200);
    expect(afterRestart.body.split('\n')[1]).toBe('36');
  });
});
