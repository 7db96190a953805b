import { randomBytes } from 'node:crypto';
import { applyMigrations } from '@borderledger/data';
import { generateCredential, hashSecret } from '@borderledger/registry';
import { canonicalBytes, type EventEnvelope } from '@borderledger/events';
import {
  TileHashReader,
  base64Decode,
  cosignatureVerifierFromKey,
  decodeEntryBundle,
  evaluateFinality,
  generateInclusionProof,
  leafHash,
  noteVerifierFromKey,
  openCheckpoint,
  tilePath,
  verifyConsistency,
  verifyInclusion,
} from '@borderledger/merkle-log';
import { databaseUrlForSchema, eventually, stackEnvironment, suiteNamespace, type ServiceProcess } from '@borderledger/testing';
import { Client } from 'pg';
import {
  PARTICIPANTS,
  freshEvent,
  getJson,
  ledgerKeys,
  seedRegistry,
  startLedger,
  startWitness,
  submissionProducer,
  uniqueConsignmentRef,
  type SubmissionProducer,
  type TestWitness,
} from './support/ledger-harness';

interface EntryWithProof {
  index: number;
  eventId: string;
  leafHash: string;
  envelope: EventEnvelope;
  inclusionProof: { treeSize: number; leafIndex: number; hashes: string[] };
  checkpoint: string;
}

/**
 * The ledger's read API over HTTP, against the built ledger process: entries with inclusion
 * proofs, consistency proofs, checkpoints with witness cosignatures and finality, a consignment's
 * timeline, tlog-tiles — each checked with the verification code a participant would run.
 */
describe('ledger read API', () => {
  const namespace = suiteNamespace('ledger read');
  const topicPrefix = namespace.replace(/_/g, '-');
  const { kafkaBrokers, databaseUrl } = stackEnvironment();
  const token = randomBytes(24).toString('hex');
  const keys = ledgerKeys();
  const logVerifier = noteVerifierFromKey(keys.verifierKey);
  const consignment = uniqueConsignmentRef('read');
  let db: Client;
  let producer: SubmissionProducer;
  let ledger: ServiceProcess;
  const witnesses: TestWitness[] = [];
  const submitted: EventEnvelope[] = [];

  const get = <T>(path: string, auth = token) => getJson<T>(`${ledger.url}${path}`, auth);

  beforeAll(async () => {
    await applyMigrations({ databaseUrl, schema: namespace });
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    await seedRegistry(db, namespace);
    for (const name of ['customs-nl', 'shopwave', 'skyfreight']) witnesses.push(await startWitness(name, keys));
    producer = await submissionProducer(kafkaBrokers, topicPrefix);
    ledger = await startLedger({
      KAFKA_BROKERS: kafkaBrokers.join(','),
      TOPIC_PREFIX: topicPrefix,
      DATABASE_URL: databaseUrlForSchema(databaseUrl, namespace),
      LEDGER_ORIGIN: keys.origin,
      LEDGER_SIGNING_KEY: keys.signerKey,
      LEDGER_READ_TOKENS: token,
      // As in production: the append-only runtime role, which must also be able to read credentials.
      LEDGER_DB_ROLE: 'borderledger_ledger_writer',
      WITNESS_KEYS: witnesses.map((w) => w.verifierKey).join(','),
      WITNESS_URLS: witnesses.map((w) => `${w.name}=${w.url}`).join(','),
    });
    // Three rounds of submissions, so there are several checkpoints to prove between.
    for (const round of [0, 1, 2]) {
      const events = [
        freshEvent('buy.order.placed', consignment),
        freshEvent('ship.consignment.booked', consignment),
        ...Array.from({ length: 20 + round * 150 }, () => freshEvent('ship.consignment.picked-up', uniqueConsignmentRef(`r${round}`))),
      ];
      await producer.send(events);
      submitted.push(...events.map((e) => e.envelope));
      await eventually(`round ${round} committed`, async () => {
        const health = await getJson<{ treeSize: number }>(`${ledger.url}/health`, token);
        return health.body.treeSize === submitted.length ? true : undefined;
      }, 60_000);
    }
  });

  afterAll(async () => {
    const code = await ledger?.stop();
    await producer?.close();
    await Promise.all(witnesses.map((w) => w.close()));
    await db?.query(`DROP SCHEMA IF EXISTS "${namespace}" CASCADE`);
    await db?.end();
    expect(code === 0 || code === null).toBe(true);
  });

  it('refuses callers without a valid bearer token', async () => {
    expect((await get('/v1/checkpoints/latest', 'not-a-valid-token-at-all')).status).toBe(401);
    const anonymous = await fetch(`${ledger.url}/v1/entries/0`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
    expect((await fetch(`${ledger.url}/tile/0/000.p/1`)).status).toBe(401);
  });

  it('serves a participant that reads with its registry credential, until the credential is revoked', async () => {
    const credential = generateCredential();
    await db.query(`INSERT INTO "${namespace}".api_credentials (id, participant_id, secret_hash, label) VALUES ($1, $2, $3, 'e2e reads')`, [
      credential.credentialId,
      PARTICIPANTS[1].id,
      await hashSecret(credential.secret),
    ]);
    const read = await get<string>('/v1/checkpoints/latest', credential.token);
    expect(read.status).toBe(200);
    expect(openCheckpoint(read.body, [logVerifier]).checkpoint.size).toBe(submitted.length);
    expect((await get('/v1/entries/0', `${credential.credentialId}.${'x'.repeat(43)}`)).status).toBe(401);

    await db.query(`UPDATE "${namespace}".api_credentials SET revoked_at = now() WHERE id = $1`, [credential.credentialId]);
    // The ledger sees the revocation at its next registry reload (LEDGER_REGISTRY_TTL_MS, 5 s by default).
    await eventually('revocation applied', async () => ((await get('/v1/checkpoints/latest', credential.token)).status === 401 ? true : undefined), 30_000);
  });

  it('serves the latest checkpoint as a C2SP note signed by the ledger key', async () => {
    const { status, body, headers } = await get<string>('/v1/checkpoints/latest');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('text/plain');
    const opened = openCheckpoint(body, [logVerifier], { origin: keys.origin });
    expect(opened.checkpoint.size).toBe(submitted.length);
    const tiles = await get<string>('/checkpoint');
    expect(openCheckpoint(tiles.body, [logVerifier]).checkpoint.size).toBe(submitted.length);
  });

  it('serves an entry by event id with an inclusion proof that verifies against the signed checkpoint', async () => {
    const target = submitted[5];
    const { status, body } = await get<EntryWithProof>(`/v1/events/${target.eventId}`);
    expect(status).toBe(200);
    expect(body.envelope).toEqual(target);
    expect(Object.keys(body)).not.toContain('opening');
    expect(JSON.stringify(body)).not.toContain('"payload"');
    const leaf = leafHash(canonicalBytes(body.envelope));
    expect(Buffer.from(leaf).toString('base64')).toBe(body.leafHash);
    const { checkpoint } = openCheckpoint(body.checkpoint, [logVerifier], { origin: keys.origin });
    expect(verifyInclusion(leaf, body.index, checkpoint.size, body.inclusionProof.hashes.map(base64Decode), checkpoint.rootHash)).toBe(true);
    const byIndex = await get<EntryWithProof>(`/v1/entries/${body.index}`);
    expect(byIndex.body.eventId).toBe(target.eventId);
  });

  it('proves an entry against an earlier checkpoint, and refuses one it is not in', async () => {
    const first = await get<EntryWithProof>(`/v1/entries/3?treeSize=22`);
    expect(first.status).toBe(200);
    const { checkpoint } = openCheckpoint(first.body.checkpoint, [logVerifier]);
    expect(checkpoint.size).toBe(22);
    expect(verifyInclusion(base64Decode(first.body.leafHash), 3, 22, first.body.inclusionProof.hashes.map(base64Decode), checkpoint.rootHash)).toBe(true);
    expect((await get(`/v1/entries/30?treeSize=22`)).status).toBe(400);
    expect((await get(`/v1/entries/3?treeSize=23`)).status).toBe(404);
    expect((await get(`/v1/entries/999999`)).status).toBe(404);
    expect((await get(`/v1/entries/-1`)).status).toBe(400);
  });

  it('serves consistency proofs between checkpoints that verify', async () => {
    const older = openCheckpoint((await get<string>('/v1/checkpoints/22')).body, [logVerifier]).checkpoint;
    const newer = openCheckpoint((await get<string>('/v1/checkpoints/latest')).body, [logVerifier]).checkpoint;
    const { status, body } = await get<{ from: number; to: number; hashes: string[] }>(`/v1/proofs/consistency?from=22&to=${newer.size}`);
    expect(status).toBe(200);
    expect(verifyConsistency(22, newer.size, older.rootHash, newer.rootHash, body.hashes.map(base64Decode))).toBe(true);
    expect((await get(`/v1/proofs/consistency?from=0`)).status).toBe(400);
    expect((await get(`/v1/proofs/consistency?from=5&to=${newer.size + 1}`)).status).toBe(400);
  });

  it('collects witness cosignatures until a checkpoint is final under the quorum', async () => {
    const policy = {
      logVerifiers: [logVerifier],
      witnesses: witnesses.map((w) => cosignatureVerifierFromKey(w.verifierKey)),
      threshold: 3,
      required: ['customs-nl'],
    };
    const note = await eventually('a final checkpoint', async () => {
      const response = await get<string>('/v1/checkpoints/final');
      return response.status === 200 ? response.body : undefined;
    });
    const finality = evaluateFinality(note, policy, { origin: keys.origin });
    expect(finality.final).toBe(true);
    expect(finality.cosigners.map((c) => c.name).sort()).toEqual(['customs-nl', 'shopwave', 'skyfreight']);
    // Eventually the newest checkpoint itself is final (witnesses caught up).
    await eventually('the latest checkpoint final', async () => {
      const latest = await get<string>('/v1/checkpoints/latest');
      return evaluateFinality(latest.body, policy).final ? true : undefined;
    });
  });

  it('lists a consignment’s entries in ledger order, paged', async () => {
    const { body } = await get<{ entries: { index: number; eventType: string }[]; next?: number }>(`/v1/consignments/${consignment}/entries?limit=4`);
    expect(body.entries.map((e) => e.eventType)).toEqual(['buy.order.placed', 'ship.consignment.booked', 'buy.order.placed', 'ship.consignment.booked']);
    const indexes = body.entries.map((e) => e.index);
    expect([...indexes].sort((a, b) => a - b)).toEqual(indexes);
    const rest = await get<{ entries: { index: number }[]; next?: number }>(`/v1/consignments/${consignment}/entries?after=${body.next}`);
    expect(rest.body.entries).toHaveLength(2);
    expect(rest.body.next).toBeUndefined();
    expect((await get(`/v1/consignments/lower-case/entries`)).status).toBe(400);
  });

  it('serves tlog-tiles from which a standard client rebuilds the same proofs and entries', async () => {
    const latest = openCheckpoint((await get<string>('/checkpoint')).body, [logVerifier]).checkpoint;
    const fetchTile = async (path: string) => {
      const response = await fetch(`${ledger.url}/${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toContain('immutable');
      return new Uint8Array(await response.arrayBuffer());
    };
    const reader = new TileHashReader(latest.size, { readTiles: (tiles) => Promise.all(tiles.map((t) => fetchTile(tilePath(t)))) });
    const index = latest.size - 7;
    const proof = await generateInclusionProof(reader, index, latest.size);
    const api = await get<EntryWithProof>(`/v1/entries/${index}`);
    expect(proof.map((h) => Buffer.from(h).toString('base64'))).toEqual(api.body.inclusionProof.hashes);
    const bundle = decodeEntryBundle(await fetchTile(`tile/entries/000`));
    expect(bundle).toHaveLength(256);
    expect(JSON.parse(Buffer.from(bundle[5]).toString())).toEqual((await get<EntryWithProof>('/v1/entries/5')).body.envelope);
    const partialWidth = latest.size % 256;
    expect(decodeEntryBundle(await fetchTile(`tile/entries/${String(Math.floor(latest.size / 256)).padStart(3, '0')}.p/${partialWidth}`))).toHaveLength(partialWidth);
    expect((await get(`/tile/0/999`)).status).toBe(404);
    expect((await get(`/tile/0/0`)).status).toBe(400);
  });

  it('publishes its OpenAPI description', async () => {
    const openApi = (await (await fetch(`${ledger.url}/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(openApi.paths)).toEqual(
      expect.arrayContaining(['/v1/entries/{index}', '/v1/events/{eventId}', '/v1/proofs/consistency', '/v1/checkpoints/final', '/checkpoint']),
    );
  });
});
