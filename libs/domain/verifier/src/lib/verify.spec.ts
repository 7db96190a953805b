import { buildFixtureEvent, fixtureSigningKey, fromBase64Url, generateSigningKey, signEnvelope, signEnvelopeBatch, toBase64Url, withoutSignature, type EventEnvelope } from '@borderledger/events';
import { base64Decode, base64Encode, createEd25519NoteSigner, formatVerifierKey, signNote } from '@borderledger/merkle-log';
import { FIXTURE_WITNESSES, FixtureLog } from './fixture-log';
import { PROOF_BUNDLE_FORMAT, parseProofBundle, parseTrustFile, type ProofBundle } from './proof-bundle';
import { formatReport, type VerificationReport } from './report';
import { verifyEntry, verifyFinality, verifyProofBundle, verifyRange } from './verify';

function failedIds(report: VerificationReport): string[] {
  return report.checks.filter((c) => !c.ok).map((c) => c.id);
}

function flipBase64Url(b64: string): string {
  const bytes = fromBase64Url(b64);
  bytes[0] ^= 1;
  return toBase64Url(bytes);
}

function flipBase64(b64: string): string {
  const bytes = base64Decode(b64);
  bytes[0] ^= 1;
  return base64Encode(bytes);
}

describe('verifier: proof bundles', () => {
  let log: FixtureLog;
  let bundle: ProofBundle;

  beforeAll(async () => {
    log = new FixtureLog();
    log.appendEvents(23);
    bundle = await log.bundle([0, 7, 22], { range: { from: 9, to: 17 } });
  });

  it('verifies a complete bundle: log signature, finality, envelopes, inclusion, range root', () => {
    const report = verifyProofBundle(bundle, { trust: log.trustedKeys() });
    expect(failedIds(report)).toEqual([]);
    expect(report.ok).toBe(true);
    const ids = report.checks.map((c) => c.id);
    expect(ids).toEqual(
      expect.arrayContaining(['checkpoint.log-signature', 'checkpoint.finality', 'entry[7].envelope', 'entry[7].inclusion', 'range[9..17).root', 'range[9..17).entry[12].envelope']),
    );
    expect(formatReport(report)).toMatch(/^VERIFIED: \d+ checks passed$/m);
  });

  it('survives a JSON round trip and says when keys come from the bundle itself', () => {
    const parsed = parseProofBundle(JSON.parse(JSON.stringify(bundle)));
    const report = verifyProofBundle(parsed);
    expect(report.ok).toBe(true);
    expect(report.notes.join('\n')).toMatch(/keys taken from the bundle itself/);
  });

  it('names the entry when an envelope field was altered (signature and inclusion both fail)', () => {
    const tampered = structuredClone(bundle);
    tampered.entries[1].envelope['consignmentRef'] = '6NL123456789000-ORD9999';
    const report = verifyProofBundle(tampered, { trust: log.trustedKeys() });
    expect(report.ok).toBe(false);
    expect(failedIds(report)).toEqual(['entry[7].envelope', 'entry[7].inclusion']);
    expect(report.firstFailure?.message).toMatch(/bad-signature/);
    expect(formatReport(report)).toMatch(/NOT VERIFIED: 2 of \d+ checks failed; first: entry\[7\]\.envelope/);
  });

  it('refuses an envelope re-signed by a key the registry does not know', () => {
    const tampered = structuredClone(bundle);
    const intruder = generateSigningKey();
    const original = tampered.entries[0].envelope as unknown as EventEnvelope;
    const unsigned: Record<string, unknown> = { ...original, keyId: intruder.keyId };
    delete unsigned['signature'];
    tampered.entries[0].envelope = signEnvelope(unsigned as unknown as EventEnvelope, intruder) as unknown as Record<string, unknown>;
    const report = verifyProofBundle(tampered, { trust: log.trustedKeys() });
    expect(report.checks.find((c) => c.id === 'entry[0].envelope')?.message).toMatch(/unknown-key/);
    expect(failedIds(report)).toContain('entry[0].inclusion');
  });

  it('refuses an altered inclusion proof or a wrong index', () => {
    const proofTampered = structuredClone(bundle);
    proofTampered.entries[2].inclusionProof[1] = flipBase64(proofTampered.entries[2].inclusionProof[1]);
    expect(failedIds(verifyProofBundle(proofTampered, { trust: log.trustedKeys() }))).toEqual(['entry[22].inclusion']);

    const moved = structuredClone(bundle);
    moved.entries[1].index = 6;
    expect(failedIds(verifyProofBundle(moved, { trust: log.trustedKeys() }))).toEqual(['entry[6].inclusion']);

    const beyond = structuredClone(bundle);
    beyond.entries[1].index = 23;
    expect(verifyProofBundle(beyond, { trust: log.trustedKeys() }).firstFailure?.message).toMatch(/not below the checkpoint size 23/);
  });

  it('refuses a checkpoint whose root was changed after signing', () => {
    const tampered = structuredClone(bundle);
    const [origin, size, root, ...rest] = tampered.checkpoint.split('\n');
    tampered.checkpoint = [origin, size, flipBase64(root), ...rest].join('\n');
    const report = verifyProofBundle(tampered, { trust: log.trustedKeys() });
    expect(failedIds(report)).toEqual(['checkpoint.log-signature']);
    expect(report.firstFailure?.message).toMatch(/invalid signature/);
  });

  it('refuses a bundle re-signed by another log key when the verifier pins the real one', async () => {
    const forger = new FixtureLog({ logKeyLabel: 'forger' });
    forger.appendEnvelopes(log.envelopes.slice(0, 23));
    const forged = { ...(await forger.bundle([7])), participants: bundle.participants };
    // Self-consistent: passes with its own keys (and the note says so) …
    expect(verifyProofBundle(forged).ok).toBe(true);
    // … but not against the pinned log key.
    const report = verifyProofBundle(forged, { trust: log.trustedKeys() });
    expect(failedIds(report)).toEqual(['checkpoint.log-signature']);
    expect(report.firstFailure?.message).toMatch(/not signed by a trusted key/);
  });

  it('is not final without the quorum: too few cosignatures, a required witness missing, a forged cosignature', async () => {
    const one = await log.bundle([7], { cosigners: ['customs-nl.witness'] });
    const r1 = verifyProofBundle(one, { trust: log.trustedKeys() });
    expect(failedIds(r1)).toEqual(['checkpoint.finality']);
    expect(r1.firstFailure?.message).toMatch(/1 valid cosignatures \(customs-nl.witness\) of threshold 2/);

    const noCustoms = await log.bundle([7], { cosigners: ['shopwave.witness', 'skyfreight.witness'] });
    expect(verifyProofBundle(noCustoms, { trust: log.trustedKeys() }).firstFailure?.message).toMatch(/missing required witness\(es\): customs-nl.witness/);

    const forged = structuredClone(bundle);
    const lines = forged.checkpoint.split('\n');
    const i = lines.findIndex((l) => l.startsWith('\u2014 shopwave.witness '));
    const [prefix, b64] = [lines[i].slice(0, lines[i].lastIndexOf(' ') + 1), lines[i].slice(lines[i].lastIndexOf(' ') + 1)];
    const raw = base64Decode(b64);
    raw[raw.length - 1] ^= 1;
    lines[i] = prefix + base64Encode(raw);
    forged.checkpoint = lines.join('\n');
    const r3 = verifyProofBundle(forged, { trust: log.trustedKeys({ threshold: 3 }) });
    expect(failedIds(r3)).toEqual(['checkpoint.finality']);
    expect(r3.notes.join('\n')).toMatch(/cosignature of shopwave.witness not counted: invalid-signature/);
  });

  it('refuses a range with an altered envelope, a wrong frontier or a broken consistency proof', () => {
    const trust = log.trustedKeys();
    const rangeOf = (b: ProofBundle) => {
      if (!b.range) throw new Error('the fixture bundle has a range');
      return b.range;
    };
    const envelope = structuredClone(bundle);
    rangeOf(envelope).envelopes[3]['occurredAt'] = '2026-11-20T09:15:01Z';
    const r1 = verifyProofBundle(envelope, { trust });
    expect(failedIds(r1)).toEqual(['range[9..17).entry[12].envelope', 'range[9..17).root']);

    const frontier = structuredClone(bundle);
    rangeOf(frontier).leftFrontier[0] = flipBase64(rangeOf(frontier).leftFrontier[0]);
    expect(failedIds(verifyProofBundle(frontier, { trust }))).toEqual(['range[9..17).root']);

    const short = structuredClone(bundle);
    rangeOf(short).leftFrontier.pop();
    expect(verifyProofBundle(short, { trust }).firstFailure?.message).toMatch(/compact range of \[0, 9\)/);

    const proof = structuredClone(bundle);
    rangeOf(proof).consistencyProof[0] = flipBase64(rangeOf(proof).consistencyProof[0]);
    expect(failedIds(verifyProofBundle(proof, { trust }))).toEqual(['range[9..17).root']);

    const dropped = structuredClone(bundle);
    rangeOf(dropped).envelopes.splice(2, 1);
    expect(failedIds(verifyProofBundle(dropped, { trust }))).toEqual(['range[9..16).root']);
  });

  it('verifies a whole-log range ending at the checkpoint (empty frontier and proof)', async () => {
    const whole = await log.bundle([], { range: { from: 0, to: 23 } });
    expect(whole.range?.leftFrontier).toEqual([]);
    expect(whole.range?.consistencyProof).toEqual([]);
    if (!whole.range) throw new Error('expected a range');
    const report = verifyRange(whole.range, whole.checkpoint, log.trustedKeys());
    expect(failedIds(report)).toEqual([]);
    expect(report.checks).toHaveLength(2 + 23 + 1);
  });
});

describe('verifier: single entries, keys and roles', () => {
  const log = new FixtureLog();
  log.appendEvents(5);

  it('verifies one entry against a checkpoint', async () => {
    const entry = { index: 3, envelope: { ...log.envelopes[3] }, inclusionProof: await log.inclusionProof(3) };
    const report = verifyEntry(entry, log.checkpoint(), log.trustedKeys());
    expect(report.ok).toBe(true);
    expect(report.subject).toBe('entry 3');
  });

  it('verifies an entry signed in a batch on its own, and refuses one whose inclusion path was altered', async () => {
    const batchLog = new FixtureLog();
    const unsigned = [0, 1, 2, 3].map(() => withoutSignature(buildFixtureEvent('ship.consignment.picked-up').envelope));
    const signed = signEnvelopeBatch(unsigned, fixtureSigningKey(unsigned[0].submitter));
    batchLog.appendEnvelopes(signed);
    const entry = { index: 2, envelope: { ...batchLog.envelopes[2] }, inclusionProof: await batchLog.inclusionProof(2) };
    const report = verifyEntry(entry, batchLog.checkpoint(), batchLog.trustedKeys());
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.id === 'entry[2].envelope')?.message).toMatch(/signed in a batch \(leaf 2 of 4\)/);
    const path = signed[2].batchSignature.inclusionPath;
    const altered = { ...signed[2], batchSignature: { ...signed[2].batchSignature, inclusionPath: [flipBase64Url(path[0]), ...path.slice(1)] } };
    const refused = verifyEntry({ ...entry, envelope: altered }, batchLog.checkpoint(), batchLog.trustedKeys());
    expect(failedIds(refused)).toContain('entry[2].envelope');
  });

  it('refuses a signature made after the key was rotated out', async () => {
    const keys = log.trustedKeys();
    const shopwave = keys.participants.find((p) => p.id === 'shopwave');
    if (!shopwave) throw new Error('fixture participant missing');
    shopwave.keys[0].validUntil = '2026-11-20T09:15:00.000Z'; // the fixture signs at 09:15:02
    const entry = { index: 0, envelope: { ...log.envelopes[0] }, inclusionProof: await log.inclusionProof(0) };
    const report = verifyEntry(entry, log.checkpoint(), keys);
    expect(report.firstFailure?.id).toBe('entry[0].envelope');
    expect(report.firstFailure?.message).toMatch(/key-not-valid/);
  });

  it('refuses an event type the submitter has no role for', async () => {
    const rogue = new FixtureLog();
    rogue.appendEnvelopes([buildFixtureEvent('buy.order.placed', { submitter: 'skyfreight' }).envelope]);
    const entry = { index: 0, envelope: { ...rogue.envelopes[0] }, inclusionProof: await rogue.inclusionProof(0) };
    const report = verifyEntry(entry, rogue.checkpoint(), rogue.trustedKeys());
    expect(report.firstFailure?.message).toMatch(/event-type-not-permitted/);
    // Suspension has no history: a participant marked suspended still signed its past entries.
    const keys = log.trustedKeys();
    keys.participants.forEach((p) => (p.status = 'suspended'));
    const ok = verifyEntry({ index: 1, envelope: { ...log.envelopes[1] }, inclusionProof: await log.inclusionProof(1) }, log.checkpoint(), keys);
    expect(ok.ok).toBe(true);
  });

  it('reports a participant key whose id does not match it, and a log key that does not parse', () => {
    const keys = log.trustedKeys();
    keys.participants[0].keys[0].publicKey = toBase64Url(fixtureSigningKey('someone-else').publicKey);
    expect(verifyFinality(log.checkpoint(), keys).firstFailure).toEqual({ id: 'keys', ok: false, message: expect.stringMatching(/is not the id of its public key/) });
    const badLog = log.trustedKeys();
    badLog.log.verifierKeys = ['not-a-key'];
    expect(verifyFinality(log.checkpoint(), badLog).firstFailure?.id).toBe('keys');
  });

  it('decides finality with a quorum given at verification time', () => {
    const keys = log.trustedKeys();
    delete (keys.witnesses as { quorum?: unknown }).quorum;
    expect(verifyFinality(log.checkpoint(), keys).firstFailure?.message).toMatch(/no quorum/);
    expect(verifyFinality(log.checkpoint(), keys, { quorum: { threshold: 3 } }).ok).toBe(true);
    expect(verifyFinality(log.checkpoint(log.size, FIXTURE_WITNESSES.slice(0, 2)), keys, { quorum: { threshold: 3 } }).ok).toBe(false);
    expect(verifyFinality(log.checkpoint(), keys, { quorum: { threshold: 4 } }).firstFailure?.message).toMatch(/exceeds the 3 known witness keys/);
  });

  it('does not count a cosignature stamped in the future when given the time', () => {
    const keys = log.trustedKeys({ threshold: 1 });
    expect(verifyFinality(log.checkpoint(), keys, { now: 1_700_000_000 }).ok).toBe(false);
    expect(verifyFinality(log.checkpoint(), keys, { now: 1_795_000_000 }).ok).toBe(true);
  });

  it('ignores signatures of unknown keys on the checkpoint but needs the log’s', () => {
    const stranger = createEd25519NoteSigner('stranger.example/log', new Uint8Array(32).fill(7));
    const onlyStranger = signNote(log.checkpointText(), [stranger]);
    const report = verifyFinality(onlyStranger, log.trustedKeys());
    expect(report.firstFailure?.id).toBe('checkpoint.log-signature');
    const both = signNote(log.checkpointText(), [log.logSigner, stranger]);
    expect(verifyFinality(both, log.trustedKeys({ threshold: 1 })).firstFailure?.id).toBe('checkpoint.finality');
    expect(formatVerifierKey('x', stranger.publicKey)).toMatch(/^x\+/);
  });
});

describe('verifier: bundle and trust file parsing', () => {
  it('names every malformed field', () => {
    expect(() => parseProofBundle({ format: PROOF_BUNDLE_FORMAT, checkpoint: '', entries: [{ index: -1, envelope: {}, inclusionProof: ['nope'] }] })).toThrow(
      /entries\[0\]\.index.*entries\[0\]\.inclusionProof\[0\]: must be standard base64 of a 32-byte hash/s,
    );
    expect(() => parseProofBundle({ format: 'something/else' })).toThrow(/not a proof bundle: format is "something\/else"/);
    expect(() => parseTrustFile({ format: 'borderledger/trust/v1', log: { origin: 'x', verifierKeys: [] }, witnesses: { verifierKeys: [] }, participants: [] })).toThrow(
      /log\.verifierKeys/,
    );
  });

  it('accepts the trust file the fixture writes', () => {
    const log = new FixtureLog();
    expect(parseTrustFile(JSON.parse(JSON.stringify(log.trustFile()))).log.origin).toBe(log.origin);
  });
});
