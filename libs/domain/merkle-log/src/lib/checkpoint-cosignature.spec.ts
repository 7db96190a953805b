import { base64Decode, base64Encode, utf8Encode } from './bytes';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, peekCheckpoint } from './checkpoint';
import {
  CosignatureSigner,
  cosignatureV1Message,
  cosignatureVerifierFromKey,
  createCosignatureSigner,
  createCosignatureVerifier,
  decodeCosignatureV1,
  evaluateFinality,
} from './cosignature';
import { MerkleLogError } from './errors';
import { leafHash } from './hash';
import {
  SIGNATURE_TYPE_COSIGNATURE_V1,
  createEd25519NoteSigner,
  createEd25519NoteVerifier,
  formatSignatureLine,
  formatVerifierKey,
  openNote,
  parseNote,
  parseVerifierKey,
  signNote,
} from './note';

function errorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof MerkleLogError) return e.code;
    throw e;
  }
  return 'no error';
}

// c2sp.org/tlog-checkpoint and c2sp.org/tlog-cosignature examples.
const SPEC_CHECKPOINT = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const SPEC_LOG_SIG = '\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n';
const SPEC_COSIG =
  '\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n';

describe('tlog-checkpoint', () => {
  it('parses the spec example, including its log signature and cosignature lines', () => {
    const { checkpoint, text, signatures } = peekCheckpoint(SPEC_CHECKPOINT + '\n' + SPEC_LOG_SIG + SPEC_COSIG);
    expect(text).toBe(SPEC_CHECKPOINT);
    expect(checkpoint.origin).toBe('example.com/behind-the-sofa');
    expect(checkpoint.size).toBe(20852163);
    expect(base64Encode(checkpoint.rootHash)).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    expect(checkpoint.extensions).toEqual([]);
    expect(signatures.map((s) => [s.name, s.signature.length])).toEqual([
      ['example.com/behind-the-sofa', 64],
      ['witness.example.com/w1', 72],
    ]);
    expect(formatCheckpoint(checkpoint)).toBe(SPEC_CHECKPOINT);
  });

  it('formats like sumdb/tlog FormatTree (golden vector)', () => {
    const text = formatCheckpoint({ origin: 'go.sum database tree', size: 123456789012, rootHash: leafHash(utf8Encode('hello world')), extensions: [] });
    expect(text).toBe('go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n');
  });

  it('round-trips extension lines', () => {
    const cp = { origin: 'borderledger.example/ledger', size: 0, rootHash: new Uint8Array(32), extensions: ['ext one', 'two'] };
    expect(parseCheckpoint(formatCheckpoint(cp))).toEqual(cp);
  });

  it('rejects malformed checkpoint text', () => {
    const root = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';
    const bad = [
      'Head\n9944\n', // insufficient lines
      `\n9944\n${root}\n`, // empty origin
      `Log\n123\n${root}`, // no final newline
      `Log\nbananas\n${root}\n`,
      `Log\n-34\n${root}\n`,
      `Log\n3438945738945739845734895735\n${root}\n`, // above 2^53 - 1
      `Log\n0123\n${root}\n`, // leading zero
      `Log\n+5\n${root}\n`,
      `Log\n 5\n${root}\n`,
      "Log\n123\nThisIsn'tBase64\n",
      'Log\n123\nYmFuYW5hcw==\n', // valid base64 but not a 32-byte SHA-256 root
      `Log\n9944\n${root}\n\n\n\n`, // empty extension lines
      `Log\n9944\n${root}\next\n\n`,
    ];
    for (const text of bad) expect(errorCode(() => parseCheckpoint(text))).toBe('malformed-checkpoint');
    expect(errorCode(() => formatCheckpoint({ origin: 'a\nb', size: 1, rootHash: new Uint8Array(32), extensions: [] }))).toBe('malformed-checkpoint');
    expect(errorCode(() => formatCheckpoint({ origin: 'a', size: 1, rootHash: new Uint8Array(32), extensions: [''] }))).toBe('malformed-checkpoint');
  });

  it('opens a signed checkpoint and pins its origin', () => {
    const log = createEd25519NoteSigner('borderledger.example/ledger', new Uint8Array(32).fill(1));
    const verifier = createEd25519NoteVerifier(log.name, log.publicKey);
    const text = formatCheckpoint({ origin: log.name, size: 5, rootHash: new Uint8Array(32).fill(9), extensions: [] });
    const note = signNote(text, [log]);
    expect(openCheckpoint(note, [verifier], { origin: log.name }).checkpoint.size).toBe(5);
    expect(errorCode(() => openCheckpoint(note, [verifier], { origin: 'other.example/log' }))).toBe('malformed-checkpoint');
  });
});

describe('tlog-cosignature (Ed25519 cosignature/v1)', () => {
  const seed = new Uint8Array(32).fill(3);
  const cosigner = createCosignatureSigner('witness.example/w1', seed, () => 1700000000);
  const verifier = createCosignatureVerifier(cosigner.name, cosigner.publicKey);

  it('decodes the timestamps of published cosignature lines', () => {
    // tlog-cosignature example: signs "time 1679315147".
    const spec = decodeCosignatureV1(SPEC_COSIG.trim().split(' ')[2]);
    expect(spec?.timestamp).toBe(1679315147);
    expect(spec?.keyId).toBe(0x8d66cf3f);
    // transparency-dev/formats note_cosigv1_test.go TestCoSigV1Timestamp.
    expect(decodeCosignatureV1('ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==')?.timestamp).toBe(1727964367);
    // A plain Ed25519 note signature is not a cosignature.
    expect(decodeCosignatureV1('eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY=')).toBeUndefined();
    expect(decodeCosignatureV1('5%/$!\n 2')).toBeUndefined();
  });

  it('parses published cosigner verifier keys and checks their key IDs', () => {
    // transparency-dev/formats TestCoSigV1NewVerifier: a native 0x04 key and a 0x01 key.
    const remora = parseVerifierKey('remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2');
    expect(remora.type).toBe(SIGNATURE_TYPE_COSIGNATURE_V1);
    expect(cosignatureVerifierFromKey('remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2').keyId).toBe(0xda77ade7);
    const test = cosignatureVerifierFromKey('TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6');
    // Reusing an 0x01 key as a cosigner gives it the 0x04 key ID.
    expect(test.keyId).not.toBe(0x7997405c);
    for (const bad of [
      'bananas.sigstore.dev+12344556',
      'rekor.sigstore.dev+12345678+THIS_IS_NOT_BASE64!',
      'rekor.sigstore.dev+12345678+AwEB',
      'rekor.sigstore.dev+NOT_A_NUMBER+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2',
      'remora.n621.de+00000000+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2',
    ]) {
      expect(() => cosignatureVerifierFromKey(bad)).toThrow(MerkleLogError);
    }
    const own = formatVerifierKey(cosigner.name, cosigner.publicKey, SIGNATURE_TYPE_COSIGNATURE_V1);
    expect(cosignatureVerifierFromKey(own).keyId).toBe(cosigner.keyId);
  });

  it('signs "cosignature/v1\\ntime <t>\\n" + checkpoint, checked with WebCrypto', async () => {
    const sig = cosigner.cosign(SPEC_CHECKPOINT, 1679315147);
    expect(sig.signature.length).toBe(72);
    const raw = base64Decode(sig.base64);
    expect(Array.from(raw.slice(4, 12))).toEqual([0, 0, 0, 0, 0x64, 0x18, 0x50, 0xcb]);
    const message = utf8Encode('cosignature/v1\ntime 1679315147\n' + SPEC_CHECKPOINT);
    expect(Array.from(cosignatureV1Message(1679315147, SPEC_CHECKPOINT))).toEqual(Array.from(message));
    const key = await crypto.subtle.importKey('raw', cosigner.publicKey, { name: 'Ed25519' }, false, ['verify']);
    expect(await crypto.subtle.verify({ name: 'Ed25519' }, key, raw.slice(12), message)).toBe(true);
    expect(verifier.verify(utf8Encode(SPEC_CHECKPOINT), sig.signature)).toBe(true);
  });

  it('opens as a note signature through the generic note verifier', () => {
    const note = signNote(SPEC_CHECKPOINT, [cosigner]);
    const opened = openNote(note, [verifier]);
    expect(verifier.timestampOf(opened.verified[0].signature)).toBe(1700000000);
  });

  it('fails on any tampering: timestamp, checkpoint body, extension line, wrong algorithm byte', () => {
    const text = SPEC_CHECKPOINT + 'extension\n';
    const sig = cosigner.cosign(text, 1700000000);
    const ts = sig.signature.slice();
    ts[7] ^= 1;
    expect(verifier.verify(utf8Encode(text), ts)).toBe(false);
    expect(verifier.verify(utf8Encode(text.replace('extension', 'extensioN')), sig.signature)).toBe(false);
    expect(verifier.verify(utf8Encode(SPEC_CHECKPOINT), sig.signature)).toBe(false);
    const huge = sig.signature.slice();
    huge[0] = 0x80; // timestamp above 2^63 - 1
    expect(verifier.verify(utf8Encode(text), huge)).toBe(false);
    // The same key as a plain Ed25519 (0x01) verifier has another key ID: the line is unknown to it.
    const plain = createEd25519NoteVerifier(cosigner.name, cosigner.publicKey);
    expect(plain.keyId).not.toBe(verifier.keyId);
    expect(errorCode(() => openNote(signNote(text, [cosigner]), [plain]))).toBe('unverified-note');
  });
});

describe('finality (log signature + witness quorum)', () => {
  const log = createEd25519NoteSigner('borderledger.example/ledger', new Uint8Array(32).fill(10));
  const mk = (name: string, fill: number): CosignatureSigner => createCosignatureSigner(name, new Uint8Array(32).fill(fill), () => 0);
  const w1 = mk('carrier.example/witness', 11);
  const w2 = mk('platform.example/witness', 12);
  const customs = mk('customs.example/witness', 13);
  const stranger = mk('stranger.example/witness', 14);
  const policy = {
    logVerifiers: [createEd25519NoteVerifier(log.name, log.publicKey)],
    witnesses: [w1, w2, customs].map((w) => createCosignatureVerifier(w.name, w.publicKey)),
    threshold: 2,
    required: ['customs.example/witness'],
  };
  const text = formatCheckpoint({ origin: log.name, size: 42, rootHash: new Uint8Array(32).fill(5), extensions: [] });
  const line = (s: CosignatureSigner, t = 1700000000) => formatSignatureLine(s.cosign(text, t));
  const logLine = () => formatSignatureLine(parseNote(signNote(text, [log])).signatures[0]);

  it('is final with the log signature, the threshold and every required witness', () => {
    const r = evaluateFinality(text + '\n' + logLine() + line(w1) + line(customs), policy);
    expect(r.final).toBe(true);
    expect(r.cosigners.map((c) => c.name)).toEqual(['carrier.example/witness', 'customs.example/witness']);
    expect(r.cosigners[0].timestamp).toBe(1700000000);
  });

  it('is not final without a required witness, below threshold, or without the log signature', () => {
    const noCustoms = evaluateFinality(text + '\n' + logLine() + line(w1) + line(w2), policy);
    expect(noCustoms.final).toBe(false);
    expect(noCustoms.missingRequired).toEqual(['customs.example/witness']);
    expect(evaluateFinality(text + '\n' + logLine() + line(customs), policy).final).toBe(false);
    const noLog = evaluateFinality(text + '\n' + line(w1) + line(customs), policy);
    expect(noLog.final).toBe(false);
    expect(noLog.logSigned).toBe(false);
  });

  it('does not count forged, duplicated, future-dated or unknown cosignatures', () => {
    const forged = line(customs).replace(/.{6}=?=?\n$/, (m) => 'AAAAAA' + m.slice(6));
    const r = evaluateFinality(text + '\n' + logLine() + line(w1) + line(w1, 1700000001) + forged + line(stranger), policy);
    expect(r.final).toBe(false);
    expect(r.cosigners.map((c) => c.name)).toEqual(['carrier.example/witness']);
    expect(r.rejected.map((x) => x.reason).sort()).toEqual(['duplicate-witness', 'invalid-signature']);
    const future = evaluateFinality(text + '\n' + logLine() + line(w1) + line(customs, 2000000000), policy, { now: 1700000000, maxFutureSkewSeconds: 60 });
    expect(future.final).toBe(false);
    expect(future.rejected).toEqual([{ name: customs.name, keyId: customs.keyId, reason: 'future-timestamp' }]);
  });

  it('still refuses a bad log signature outright', () => {
    const bad = logLine().replace(/.{6}=?=?\n$/, (m) => 'AAAAAA' + m.slice(6));
    expect(errorCode(() => evaluateFinality(text + '\n' + bad + line(w1) + line(customs), policy))).toBe('invalid-signature');
  });

  it('validates the policy', () => {
    const note = text + '\n' + logLine();
    expect(errorCode(() => evaluateFinality(note, { ...policy, threshold: 0 }))).toBe('invalid-argument');
    expect(errorCode(() => evaluateFinality(note, { ...policy, threshold: 4 }))).toBe('invalid-argument');
    expect(errorCode(() => evaluateFinality(note, { ...policy, required: ['nobody'] }))).toBe('invalid-argument');
  });
});
