import { MemoryLedgerStore } from '@borderledger/ledger-store';
import {
  MemoryWitnessStateStore,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  Witness,
  createCosignatureSigner,
  createEd25519NoteSigner,
  createEd25519NoteVerifier,
  evaluateFinality,
  formatVerifierKey,
  leafHash,
  signNote,
} from '@borderledger/merkle-log';
import { acceptedEvent, sequenceBatch } from '../commit/sequencer';
import { buildFixtureEvent } from '@borderledger/events';
import { WitnessCosigning, type CosigningLog } from './witness-cosigning';
import { buildWitnessSetup, verifyCosignatureLine, WitnessConfigError } from './witness-quorum';

const ORIGIN = 'borderledger.test/log';
const logSigner = createEd25519NoteSigner(ORIGIN, new Uint8Array(32).fill(9));
const logVerifier = createEd25519NoteVerifier(ORIGIN, logSigner.publicKey);
const clock = () => 1_764_000_000;

function witness(name: string, seedByte: number) {
  const cosigner = createCosignatureSigner(name, new Uint8Array(32).fill(seedByte), clock);
  const server = new Witness({ cosigners: [cosigner], logs: [{ origin: ORIGIN, verifiers: [logVerifier] }], store: new MemoryWitnessStateStore(), clock });
  return { name, cosigner, server, vkey: formatVerifierKey(name, cosigner.publicKey, SIGNATURE_TYPE_COSIGNATURE_V1) };
}

/** fetch → Witness.addCheckpoint, with the tlog-witness status codes; `down` makes it unreachable. */
function fetchFor(witnesses: ReturnType<typeof witness>[], down = new Set<string>()): typeof fetch {
  return (async (url: string, init: RequestInit) => {
    const w = witnesses.find((x) => url.startsWith(`http://${x.name}/`));
    if (!w || down.has(w.name)) throw new TypeError('fetch failed');
    const outcome = await w.server.addCheckpoint(String(init.body));
    if (outcome.kind === 'cosigned') return new Response(outcome.signatureLines, { status: 200 });
    if (outcome.kind === 'conflict') return new Response(`${outcome.latestSize}\n`, { status: 409, headers: { 'content-type': 'text/x.tlog.size' } });
    return new Response(outcome.kind, { status: outcome.kind === 'invalid-proof' ? 422 : outcome.kind === 'equivocation' ? 409 : 400 });
  }) as typeof fetch;
}

const silent: CosigningLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function growLog(store: MemoryLedgerStore, count: number): Promise<{ note: string; size: number }> {
  const latest = await store.latestCheckpoint();
  const events = Array.from({ length: count }, () => {
    const e = buildFixtureEvent('ship.consignment.picked-up', { randomBytes: false, eventId: undefined });
    return acceptedEvent(e.envelope, e.opening);
  });
  const batch = sequenceBatch(ORIGIN, latest?.treeState ?? { size: 0, frontier: [] }, events);
  const note = await store.commitBatch(batch, (t) => signNote(t, [logSigner]));
  return { note, size: batch.checkpoint.size };
}

describe('WitnessCosigning', () => {
  const witnesses = [witness('customs-nl', 1), witness('shopwave', 2), witness('skyfreight', 3)];
  const setup = buildWitnessSetup({
    logVerifier,
    keys: witnesses.map((w) => w.vkey),
    urls: witnesses.map((w) => ({ name: w.name, url: `http://${w.name}` })),
    threshold: 3,
    required: [],
  });

  it('gets every witness to cosign the same checkpoints, with consistency proofs from what each last cosigned', async () => {
    const store = new MemoryLedgerStore();
    const down = new Set<string>(['skyfreight']);
    const cosigning = new WitnessCosigning(setup.endpoints, store, silent, { fetch: fetchFor(witnesses, down), retryDelayMs: 60_000 });
    await cosigning.init();
    const first = await growLog(store, 5);
    cosigning.offer(first.note, first.size);
    await cosigning.idle();
    expect((await store.cosignaturesAt(5)).map((c) => c.witness)).toEqual(['customs-nl', 'shopwave']);
    // skyfreight comes back; the next checkpoint reaches it with a proof from size 0 (it never cosigned).
    down.clear();
    const second = await growLog(store, 12);
    cosigning.offer(second.note, second.size);
    await cosigning.idle();
    const cosigs = await store.cosignaturesAt(17);
    expect(cosigs.map((c) => c.witness)).toEqual(['customs-nl', 'shopwave', 'skyfreight']);
    const note = second.note + cosigs.map((c) => `${c.signatureLine}\n`).join('');
    const finality = evaluateFinality(note, setup.policy!, { origin: ORIGIN });
    expect(finality.final).toBe(true);
    expect(finality.missingRequired).toEqual([]);
    expect(cosigning.lastCosigned('skyfreight')).toBe(17);
    await cosigning.stop();
  });

  it('follows a 409 conflict to the witness’s size after a ledger restart lost track of it', async () => {
    const store = new MemoryLedgerStore();
    const w = [witness('customs-nl', 4)];
    const endpoints = buildWitnessSetup({ logVerifier, keys: [w[0].vkey], urls: [{ name: 'customs-nl', url: 'http://customs-nl' }], threshold: 1, required: [] }).endpoints;
    const first = await growLog(store, 3);
    const a = new WitnessCosigning(endpoints, { ...store, addCosignature: async () => undefined, latestCosignedSizes: async () => new Map(), readNodes: (ids) => store.readNodes(ids) }, silent, { fetch: fetchFor(w) });
    expect(await a.push(endpoints[0], first.note, first.size)).toEqual({ kind: 'cosigned', size: 3 });
    // A fresh instance that knows nothing: old size 0 → 409 "3" → retried from 3 with a proof.
    const second = await growLog(store, 4);
    const b = new WitnessCosigning(endpoints, store, silent, { fetch: fetchFor(w) });
    expect(await b.push(endpoints[0], second.note, second.size)).toEqual({ kind: 'cosigned', size: 7 });
  });

  it('stores nothing from a witness whose answer does not verify under its configured key', async () => {
    const store = new MemoryLedgerStore();
    const impostor = witness('customs-nl', 7); // same name, another key
    const endpoints = buildWitnessSetup({ logVerifier, keys: [witnesses[0].vkey], urls: [{ name: 'customs-nl', url: 'http://customs-nl' }], threshold: 1, required: [] }).endpoints;
    const errors: string[] = [];
    const cosigning = new WitnessCosigning(endpoints, store, { ...silent, error: (_f, m) => errors.push(m) }, { fetch: fetchFor([impostor]) });
    const { note, size } = await growLog(store, 2);
    const outcome = await cosigning.push(endpoints[0], note, size);
    expect(outcome.kind).toBe('failed');
    expect(await store.cosignaturesAt(2)).toEqual([]);
    expect(errors).toEqual(['witness returned no valid cosignature; nothing stored']);
  });
});

describe('witness setup', () => {
  const w = [witness('customs-nl', 1), witness('shopwave', 2), witness('skyfreight', 3)];
  it('defaults the required witnesses to the customs ones and checks the quorum can be met', () => {
    const setup = buildWitnessSetup({ logVerifier, keys: w.map((x) => x.vkey), urls: [], threshold: 3, required: [] });
    expect(setup.policy?.required).toEqual(['customs-nl']);
    expect(() => buildWitnessSetup({ logVerifier, keys: w.map((x) => x.vkey), urls: [], threshold: 4, required: [] })).toThrow(WitnessConfigError);
    expect(() => buildWitnessSetup({ logVerifier, keys: [w[1].vkey], urls: [{ name: 'customs-nl', url: 'http://x' }], threshold: 1, required: [] })).toThrow(/no key/);
    expect(buildWitnessSetup({ logVerifier, keys: [], urls: [], threshold: 3, required: [] }).policy).toBeUndefined();
  });

  it('verifies a cosignature line against the checkpoint text and the witness key', () => {
    const text = `${ORIGIN}\n1\n${Buffer.from(leafHash(new Uint8Array([1]))).toString('base64')}\n`;
    const line = `— customs-nl ${w[0].cosigner.cosign(text, 1_764_000_000).base64}`;
    const verifier = buildWitnessSetup({ logVerifier, keys: [w[0].vkey], urls: [], threshold: 1, required: [] }).policy!.witnesses[0];
    expect(verifyCosignatureLine(line, text, verifier)).toEqual({ ok: true, timestamp: 1_764_000_000, line });
    expect(verifyCosignatureLine(line, text.replace('\n1\n', '\n2\n'), verifier)).toEqual({ ok: false, reason: 'cosignature does not verify' });
    expect(verifyCosignatureLine('garbage', text, verifier).ok).toBe(false);
  });
});
