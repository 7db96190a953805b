import { applyMigrations, createTestSchema, databaseUrlWithSchema, dropTestSchema, PrismaService } from '@borderledger/data';
import { buildFixtureEvent, canonicalBytes, fromBase64Url } from '@borderledger/events';
import {
  SIGNATURE_TYPE_COSIGNATURE_V1,
  cosignatureVerifierFromKey,
  formatSignerKey,
  formatVerifierKey,
  openNote,
  ed25519PublicKey,
} from '@borderledger/merkle-log';
import { stackEnvironment } from '@borderledger/testing';
import { FixtureLog } from '@borderledger/verifier';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import pino from 'pino';
import { HttpLedgerEntrySource, LedgerUnavailableError } from './ledger-entry-source';
import { PrismaWitnessStateStore } from './prisma-witness-state.store';
import { witnessSettingsFromConfig } from './witness-config';
import { WitnessModule } from './witness.module';
import { addCheckpointBody, startStubLedger, type StubLedger } from './witness.test-util';

const { databaseUrl } = stackEnvironment();
const WITNESS = 'customs-nl.witness';
const seed = new Uint8Array(32).fill(11);
const TOKEN = 'ledger-read-token-for-tests-0123456789';

describe('WitnessModule on PostgreSQL over HTTP (C2SP tlog-witness add-checkpoint)', () => {
  let schema: string;
  let prisma: PrismaService;
  let app: INestApplication;
  let url: string;
  let ledger: StubLedger;
  const log = new FixtureLog();
  const logLines: { level: number; msg: string; alert?: string }[] = [];
  const verifier = cosignatureVerifierFromKey(formatVerifierKey(WITNESS, ed25519PublicKey(seed), SIGNATURE_TYPE_COSIGNATURE_V1));

  const post = (body: string, contentType = 'text/plain') => fetch(`${url}/add-checkpoint`, { method: 'POST', headers: { 'content-type': contentType }, body });

  beforeAll(async () => {
    schema = await createTestSchema({ databaseUrl, prefix: 'witness' });
    await applyMigrations({ databaseUrl, schema });
    prisma = new PrismaService({ databaseUrl, schema });
    await prisma.onModuleInit();
    // The node's registry: the fixture participants and their keys.
    const trusted = log.trustedKeys();
    await prisma.participant.createMany({ data: trusted.participants.map((p) => ({ id: p.id, name: p.id, roles: p.roles, jurisdiction: 'NL', status: 'active' })) });
    await prisma.participantKey.createMany({
      data: trusted.participants.flatMap((p) =>
        p.keys.map((k) => ({ keyId: k.keyId, participantId: p.id, publicKey: Buffer.from(fromBase64Url(k.publicKey)), validFrom: new Date(k.validFrom), validUntil: null })),
      ),
    });

    log.appendEvents(300); // more than one entry bundle
    ledger = await startStubLedger(log, TOKEN);
    const settings = witnessSettingsFromConfig({
      WITNESS_NAME: WITNESS,
      WITNESS_SIGNING_KEY: formatSignerKey(WITNESS, seed, SIGNATURE_TYPE_COSIGNATURE_V1),
      LOG_ORIGIN: log.origin,
      LOG_PUBLIC_KEY: [log.logVerifierKey],
      LEDGER_URL: ledger.url,
      LEDGER_READ_TOKEN: TOKEN,
    });
    const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(JSON.parse(line)) });
    const moduleRef = await Test.createTestingModule({
      imports: [WitnessModule.forRoot({ settings, databaseUrl: databaseUrlWithSchema(databaseUrl, schema), logger })],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await ledger?.close();
    await prisma?.onModuleDestroy();
    await dropTestSchema({ databaseUrl, schema });
  });

  it('cosigns the first checkpoint after reading and re-validating its 300 entries from the ledger', async () => {
    ledger.published = 300;
    const response = await post(await addCheckpointBody(log, 0, 300));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const lines = await response.text();
    expect(lines).toMatch(/^\u2014 customs-nl\.witness [A-Za-z0-9+/=]+\n$/);
    expect(openNote(log.checkpoint(300, []) + lines, [verifier]).verified.map((s) => s.name)).toEqual([WITNESS]);
    expect(ledger.requests).toEqual(['/tile/entries/000', '/tile/entries/001.p/44']);
    const row = await prisma.witnessCheckpoint.findUniqueOrThrow({ where: { witness_origin: { witness: WITNESS, origin: log.origin } } });
    expect(row.treeSize).toBe(300n);
    expect(row.note).toBe(log.checkpoint(300, []));
  });

  it('answers 409 text/x.tlog.size with the latest size to a stale client, and refuses a rollback', async () => {
    const stale = await post(await addCheckpointBody(log, 0, 300));
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toBe('text/x.tlog.size');
    expect(await stale.text()).toBe('300\n');

    const rollback = await post(await addCheckpointBody(log, 0, 200, log.checkpoint(200, [])));
    expect(rollback.status).toBe(409);
    expect(await rollback.text()).toBe('300\n');
    const row = await prisma.witnessCheckpoint.findUniqueOrThrow({ where: { witness_origin: { witness: WITNESS, origin: log.origin } } });
    expect(row.treeSize).toBe(300n);
  });

  it('maps the spec’s errors: 400 malformed, 403 unsigned, 404 unknown origin, 422 bad proof', async () => {
    expect((await post('old 1\n')).status).toBe(400);
    expect((await post(await addCheckpointBody(log, 0, 300), 'application/json')).status).toBe(400);

    const impostor = new FixtureLog({ logKeyLabel: 'impostor' });
    impostor.appendEvents(1);
    const forbidden = await post(await addCheckpointBody(impostor, 0));
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toMatch(/application\/problem\+json/);

    const stranger = new FixtureLog({ origin: 'stranger.example/log' });
    stranger.appendEvents(1);
    expect((await post(await addCheckpointBody(stranger, 0))).status).toBe(404);

    log.appendEvents(10);
    const body = await addCheckpointBody(log, 300, 310);
    const broken = body.replace(/^old 300\n(.)/, (_m, c: string) => `old 300\n${c === 'A' ? 'B' : 'A'}`);
    const unprocessable = await post(broken);
    expect(unprocessable.status).toBe(422);
    expect(((await unprocessable.json()) as { type: string }).type).toMatch(/invalid-consistency-proof$/);
  });

  it('refuses (422) a checkpoint whose entries the ledger serves altered, and one that commits an inadmissible entry', async () => {
    ledger.published = 310;
    ledger.overrides.set(305, canonicalBytes(buildFixtureEvent('ship.consignment.booked').envelope));
    const lying = await post(await addCheckpointBody(log, 300, 310));
    expect(lying.status).toBe(422);
    expect(await lying.json()).toMatchObject({ code: 'entries-do-not-match-root' });
    ledger.overrides.clear();

    const rogue = new FixtureLog();
    rogue.appendEnvelopes(log.envelopes.slice(0, 310));
    rogue.appendEnvelopes([buildFixtureEvent('customs.hold.placed', { submitter: 'shopwave' }).envelope]);
    // Same log key (the ledger itself went rogue): its signature verifies, its entry does not.
    const rogueLedger = await startStubLedger(rogue, TOKEN);
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [
          WitnessModule.forRoot({
            settings: witnessSettingsFromConfig({
              WITNESS_NAME: WITNESS,
              WITNESS_SIGNING_KEY: formatSignerKey(WITNESS, seed, SIGNATURE_TYPE_COSIGNATURE_V1),
              LOG_ORIGIN: log.origin,
              LOG_PUBLIC_KEY: [log.logVerifierKey],
              LEDGER_URL: rogueLedger.url,
              LEDGER_READ_TOKEN: TOKEN,
            }),
            databaseUrl: databaseUrlWithSchema(databaseUrl, schema),
            logger: pino({ level: 'silent' }),
          }),
        ],
      }).compile();
      const rogueWitness = moduleRef.createNestApplication({ logger: false });
      await rogueWitness.listen(0, '127.0.0.1');
      const response = await fetch(`${await rogueWitness.getUrl()}/add-checkpoint`, { method: 'POST', body: await addCheckpointBody(rogue, 300, 311) });
      await rogueWitness.close();
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ code: 'event-type-not-permitted', entryIndex: 310 });
    } finally {
      await rogueLedger.close();
    }
    const row = await prisma.witnessCheckpoint.findUniqueOrThrow({ where: { witness_origin: { witness: WITNESS, origin: log.origin } } });
    expect(row.treeSize).toBe(300n);
  });

  it('answers 503 when the ledger cannot be read', async () => {
    ledger.published = 305; // the bundle the witness needs is not there yet
    const response = await post(await addCheckpointBody(log, 300, 310));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    ledger.published = 310;
  });

  it('reads entries from tlog-tiles bundles: across bundles, partial or full, with the read token', async () => {
    const source = new HttpLedgerEntrySource({ baseUrl: ledger.url, token: TOKEN });
    ledger.requests = [];
    const entries = await source.readEntries(250, 301);
    expect(entries).toEqual(Array.from({ length: 51 }, (_, i) => log.leafData(250 + i)));
    expect(ledger.requests).toEqual(['/tile/entries/000', '/tile/entries/001.p/45']);
    // Bundle 0 is full by now: its partial form is not served, the full one is read instead.
    ledger.requests = [];
    expect(await source.readEntries(0, 100)).toHaveLength(100);
    expect(ledger.requests).toEqual(['/tile/entries/000.p/100', '/tile/entries/000']);
    await expect(new HttpLedgerEntrySource({ baseUrl: ledger.url, token: 'wrong' }).readEntries(0, 1)).rejects.toThrow(/answered 401/);
    await expect(new HttpLedgerEntrySource({ baseUrl: 'http://127.0.0.1:1' }).readEntries(0, 1)).rejects.toBeInstanceOf(LedgerUnavailableError);
  });

  it('lets exactly one of many concurrent requests from the same old size win (compare-and-swap on tree_size)', async () => {
    log.appendEvents(20); // 330
    ledger.published = 330;
    const sizes = [310, 312, 315, 320, 321, 325, 330];
    const responses = await Promise.all(sizes.map(async (size) => post(await addCheckpointBody(log, 300, size, log.checkpoint(size, [])))));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(sizes.length - 1);
    const winner = sizes[statuses.indexOf(200)];
    const row = await prisma.witnessCheckpoint.findUniqueOrThrow({ where: { witness_origin: { witness: WITNESS, origin: log.origin } } });
    expect(Number(row.treeSize)).toBe(winner);
    for (const r of responses.filter((x) => x.status === 409)) expect(await r.text()).toBe(`${winner}\n`);
    // The log catches up from the winner.
    if (winner < 330) expect((await post(await addCheckpointBody(log, winner, 330))).status).toBe(200);
  });

  it('detects, refuses and records an equivocation: an error log, the evidence row, 409', async () => {
    const fork = new FixtureLog();
    fork.appendEnvelopes(log.envelopes.slice(0, 329));
    fork.appendEvents(1);
    const forkNote = fork.checkpoint(330, []);
    const response = await post(await addCheckpointBody(fork, 330, 330, forkNote));
    expect(response.status).toBe(409);
    expect(await response.text()).toBe('330\n');
    const reports = await prisma.equivocationReport.findMany({ where: { witness: WITNESS } });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ origin: log.origin, treeSize: 330n, knownNote: log.checkpoint(330, []), offeredNote: forkNote });
    expect(logLines.some((l) => l.level === 50 && l.alert === 'equivocation')).toBe(true);
    // The same fork submitted again: still refused, no second row.
    expect((await post(await addCheckpointBody(fork, 330, 330, forkNote))).status).toBe(409);
    expect(await prisma.equivocationReport.count()).toBe(1);
  });

  it('compare-and-swap is atomic in PostgreSQL: of 20 racing swaps from one size exactly one wins', async () => {
    const store = new PrismaWitnessStateStore(prisma, 'race.witness');
    const record = (size: number) => ({ origin: log.origin, size, rootHash: log.root(size), checkpointNote: log.checkpoint(size, []) });
    expect(await store.compareAndSwap(log.origin, 0, record(100))).toBe(true);
    const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => store.compareAndSwap(log.origin, 100, record(101 + i))));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect((await store.get(log.origin))?.size).toBe(101 + wins.indexOf(true));
    // Never backwards, and never from a size that is not the stored one.
    expect(await store.compareAndSwap(log.origin, 101 + wins.indexOf(true), record(50))).toBe(false);
    expect(await store.compareAndSwap(log.origin, 0, record(200))).toBe(false);
  });
});
