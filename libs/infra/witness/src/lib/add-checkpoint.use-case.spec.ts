import { buildFixtureEvent, canonicalBytes } from '@borderledger/events';
import { base64Decode, cosignatureVerifierFromKey, formatVerifierKey, noteVerifierFromKey, openNote, SIGNATURE_TYPE_COSIGNATURE_V1, createCosignatureSigner } from '@borderledger/merkle-log';
import { FixtureLog } from '@borderledger/verifier';
import pino from 'pino';
import { AddCheckpointCommand, MalformedAddCheckpointError } from './add-checkpoint.command';
import { AddCheckpointUseCase, type WitnessOutcome } from './add-checkpoint.use-case';
import { LedgerUnavailableError, type LedgerEntrySource } from './ledger-entry-source';
import { WitnessMetrics } from './witness-metrics';
import { MemoryEvidenceStore, StaticRegistry, addCheckpointBody, fixtureRegistry } from './witness.test-util';

const WITNESS = 'customs-nl.witness';
const cosigner = createCosignatureSigner(WITNESS, new Uint8Array(32).fill(3), () => 0);

class LogEntries implements LedgerEntrySource {
  reads: [number, number][] = [];
  overrides = new Map<number, Uint8Array>();
  down = false;
  constructor(private readonly log: FixtureLog) {}
  async readEntries(from: number, to: number): Promise<Uint8Array[]> {
    this.reads.push([from, to]);
    if (this.down) throw new LedgerUnavailableError('connection refused');
    return Array.from({ length: to - from }, (_, i) => this.overrides.get(from + i) ?? this.log.leafData(from + i));
  }
}

function setup(log = new FixtureLog()) {
  const store = new MemoryEvidenceStore();
  const entries = new LogEntries(log);
  const registry = new StaticRegistry(fixtureRegistry(log));
  const logs: pino.Logger[] = [];
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  logs.push(logger);
  const useCase = new AddCheckpointUseCase({
    cosigner,
    logs: [{ origin: log.origin, verifiers: [noteVerifierFromKey(log.logVerifierKey)] }],
    store,
    entries,
    registry,
    metrics: new WitnessMetrics(),
    logger,
    clock: () => 1_795_000_123,
    chunkSize: 7,
  });
  const add = async (body: string): Promise<WitnessOutcome> => useCase.execute(AddCheckpointCommand.fromBody(body));
  return { log, store, entries, registry, useCase, add, lines };
}

describe('AddCheckpointUseCase', () => {
  it('cosigns the first checkpoint and each consistent, valid extension, re-validating only the new entries', async () => {
    const { log, add, entries, store } = setup();
    log.appendEvents(10);
    const first = await add(await addCheckpointBody(log, 0));
    expect(first.kind).toBe('cosigned');
    if (first.kind !== 'cosigned') return;
    // The cosignature verifies as a C2SP cosignature/v1 over the checkpoint.
    const verifier = cosignatureVerifierFromKey(formatVerifierKey(WITNESS, cosigner.publicKey, SIGNATURE_TYPE_COSIGNATURE_V1));
    expect(openNote(log.checkpoint(10, []) + first.signatureLines, [verifier]).verified).toHaveLength(1);
    expect(verifier.timestampOf(base64Decode(first.signatureLines.trim().split(' ')[2]).subarray(4))).toBe(1_795_000_123);
    expect(entries.reads).toEqual([[0, 7], [7, 10]]);

    log.appendEvents(5);
    entries.reads = [];
    expect((await add(await addCheckpointBody(log, 10))).kind).toBe('cosigned');
    expect(entries.reads).toEqual([[10, 15]]);
    expect((await store.get(log.origin))?.size).toBe(15);
  });

  it('answers conflict with the latest size for a stale old size, and never rolls back', async () => {
    const { log, add, store } = setup();
    log.appendEvents(4);
    await add(await addCheckpointBody(log, 0));
    log.appendEvents(4);
    await add(await addCheckpointBody(log, 4));
    expect(await add(await addCheckpointBody(log, 0, 8))).toEqual({ kind: 'conflict', latestSize: 8, rollback: false });
    // An older, smaller checkpoint (the log replaying size 4) is refused.
    expect(await add(await addCheckpointBody(log, 0, 4, log.checkpoint(4, [])))).toMatchObject({ kind: 'conflict', latestSize: 8, rollback: true });
    expect((await store.get(log.origin))?.size).toBe(8);
  });

  it('refuses and records an equivocation (same size, other root) with both signed checkpoints, logged at error level', async () => {
    const { log, add, store, lines } = setup();
    log.appendEvents(6);
    await add(await addCheckpointBody(log, 0));
    const fork = new FixtureLog();
    fork.appendEnvelopes(log.envelopes.slice(0, 5));
    fork.appendEvents(1);
    const forkNote = fork.checkpoint(6, []);
    const outcome = await add(await addCheckpointBody(fork, 6, 6, forkNote));
    expect(outcome.kind).toBe('equivocation');
    expect(store.reports).toEqual([{ origin: log.origin, treeSize: 6, knownNote: log.checkpoint(6, []), offeredNote: forkNote }]);
    expect(lines.find((l) => l.level === 50)?.msg).toMatch(/^EQUIVOCATION/);
    // A retry adds no second row.
    await add(await addCheckpointBody(fork, 6, 6, forkNote));
    expect(store.reports).toHaveLength(1);
  });

  it('refuses an invalid consistency proof (422) and keeps its state', async () => {
    const { log, add, store } = setup();
    log.appendEvents(5);
    await add(await addCheckpointBody(log, 0));
    log.appendEvents(5);
    const body = (await addCheckpointBody(log, 5)).replace(/^(old 5\n)([A-Za-z0-9+/]{4})/, (_m, head: string, first: string) => head + (first[0] === 'A' ? 'B' : 'A') + first.slice(1));
    expect((await add(body)).kind).toBe('invalid-proof');
    expect((await store.get(log.origin))?.size).toBe(5);
  });

  it('refuses to cosign when the ledger serves entries that do not hash to the checkpoint', async () => {
    const { log, add, entries, store } = setup();
    log.appendEvents(9);
    entries.overrides.set(4, canonicalBytes(buildFixtureEvent('buy.order.placed').envelope));
    const outcome = await add(await addCheckpointBody(log, 0));
    expect(outcome).toMatchObject({ kind: 'invalid-entries', verdict: { code: 'entries-do-not-match-root' } });
    expect(await store.get(log.origin)).toBeUndefined();
  });

  it('refuses to cosign a checkpoint that commits an entry breaking the admission rules, naming it', async () => {
    const { log, add, lines } = setup();
    log.appendEvents(3);
    log.appendEnvelopes([buildFixtureEvent('buy.order.placed', { submitter: 'skyfreight' }).envelope]);
    const outcome = await add(await addCheckpointBody(log, 0));
    expect(outcome).toMatchObject({ kind: 'invalid-entries', verdict: { code: 'event-type-not-permitted', entryIndex: 3 } });
    expect(lines.find((l) => l.level === 50)?.msg).toMatch(/does not accept/);
  });

  it('reloads the registry once when an entry names a key it does not know yet', async () => {
    const log = new FixtureLog();
    log.appendEvents(2);
    const ctx = setup(log);
    const full = ctx.registry.snapshot;
    ctx.registry.snapshot = { participant: full.participant, key: () => undefined };
    ctx.registry.refresh = async () => {
      ctx.registry.refreshes++;
      ctx.registry.snapshot = full;
      return true;
    };
    expect((await ctx.add(await addCheckpointBody(log, 0))).kind).toBe('cosigned');
    expect(ctx.registry.refreshes).toBe(1);
  });

  it('answers ledger-unavailable (and cosigns nothing) when the entries cannot be read', async () => {
    const { log, add, entries, store } = setup();
    log.appendEvents(3);
    entries.down = true;
    expect(await add(await addCheckpointBody(log, 0))).toEqual({ kind: 'ledger-unavailable', reason: 'connection refused' });
    expect(await store.get(log.origin)).toBeUndefined();
  });

  it('maps unknown origins, unsigned checkpoints and malformed bodies', async () => {
    const { log, add } = setup();
    log.appendEvents(1);
    const other = new FixtureLog({ origin: 'other.example/log' });
    other.appendEvents(1);
    expect((await add(await addCheckpointBody(other, 0))).kind).toBe('unknown-origin');
    const impostor = new FixtureLog({ logKeyLabel: 'impostor' });
    impostor.appendEvents(1);
    expect((await add(await addCheckpointBody(impostor, 0))).kind).toBe('unauthenticated');
    expect(await add((await addCheckpointBody(log, 0)).replace('old 0', 'old 2'))).toEqual({ kind: 'malformed-request', reason: 'old size exceeds checkpoint size' });
    expect(() => AddCheckpointCommand.fromBody('old x\n\n')).toThrow(MalformedAddCheckpointError);
  });

  it('lets exactly one of two racing requests from the same old size win', async () => {
    const { log, add, store } = setup();
    log.appendEvents(4);
    await add(await addCheckpointBody(log, 0));
    log.appendEvents(3);
    const seven = await addCheckpointBody(log, 4, 7);
    log.appendEvents(3);
    const ten = await addCheckpointBody(log, 4, 10);
    const results = await Promise.all([add(seven), add(ten)]);
    expect(results.map((r) => r.kind).sort()).toEqual(['conflict', 'cosigned']);
    const size = (await store.get(log.origin))?.size;
    expect(results.find((r) => r.kind === 'conflict')).toMatchObject({ latestSize: size });
  });
});
