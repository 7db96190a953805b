import fc from 'fast-check';
import { utf8Encode } from './bytes';
import { MerkleLogError } from './errors';
import {
  NoteVerifier,
  computeKeyId,
  createEd25519NoteSigner,
  formatVerifierKey,
  generateNoteKeyPair,
  isValidKeyName,
  noteSignerFromKey,
  noteVerifierFromKey,
  openNote,
  parseNote,
  parseVerifierKey,
  signNote,
} from './note';

// Vectors from golang.org/x/mod/sumdb/note (note.go doc example and note_test.go).
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

const peter = noteVerifierFromKey(PETER_VKEY);
const enoch = noteVerifierFromKey(ENOCH_VKEY);

function errorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof MerkleLogError) return e.code;
    throw e;
  }
  return 'no error';
}

/** Inserts text at a UTF-8 byte offset (the Go tests slice bytes; the em dash is 3 bytes). */
function insertAtByte(s: string, byteOffset: number, insert: string): string {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    if (bytes === byteOffset) return s.slice(0, i) + insert + s.slice(i);
    bytes += utf8Encode(s[i]).length;
  }
  return s + insert;
}

describe('signed-note keys', () => {
  it('parses the sumdb/note verifier and signer keys and derives the same key ID', () => {
    const signer = noteSignerFromKey(PETER_SKEY);
    expect(signer.keyId).toBe(0xc74f20a3);
    expect(peter.keyId).toBe(0xc74f20a3);
    expect(enoch.keyId).toBe(0xaf0cfe78);
    expect(formatVerifierKey('PeterNeumann', signer.publicKey)).toBe(PETER_VKEY);
    expect(computeKeyId('PeterNeumann', 0x01, parseVerifierKey(PETER_VKEY).publicKey)).toBe(0xc74f20a3);
  });

  it('rejects every truncation and single-byte mangling of a verifier key (sumdb/note TestNewVerifier)', () => {
    for (let i = 0; i <= PETER_VKEY.length; i++) {
      for (let j = i + 1; j <= PETER_VKEY.length; j++) {
        if (i === 0 && j === PETER_VKEY.length) continue;
        expect(() => noteVerifierFromKey(PETER_VKEY.slice(i, j))).toThrow(MerkleLogError);
      }
    }
    for (let i = 0; i < PETER_VKEY.length; i++) {
      const mangled = PETER_VKEY.slice(0, i) + String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) + PETER_VKEY.slice(i + 1);
      expect(() => noteVerifierFromKey(mangled)).toThrow(MerkleLogError);
    }
    // Wrong key length / unknown algorithm, each with a recomputed key hash.
    expect(errorCode(() => noteVerifierFromKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='))).toBe('malformed-key');
    expect(errorCode(() => noteVerifierFromKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'))).toBe('unknown-key-type');
  });

  it('rejects every truncation and single-byte mangling of a signer key (sumdb/note TestNewSigner)', () => {
    for (let i = 0; i <= PETER_SKEY.length; i++) {
      for (let j = i + 1; j <= PETER_SKEY.length; j++) {
        if (i === 0 && j === PETER_SKEY.length) continue;
        expect(() => noteSignerFromKey(PETER_SKEY.slice(i, j))).toThrow(MerkleLogError);
      }
    }
    for (let i = 0; i < PETER_SKEY.length; i++) {
      const mangled = PETER_SKEY.slice(0, i) + String.fromCharCode(PETER_SKEY.charCodeAt(i) + 1) + PETER_SKEY.slice(i + 1);
      expect(() => noteSignerFromKey(mangled)).toThrow(MerkleLogError);
    }
  });

  it('applies the key-name rule (non-empty, no Unicode space, no plus)', () => {
    expect(isValidKeyName('example.com/log42')).toBe(true);
    for (const bad of ['', 'a b', 'a+b', 'a\u00a0b', 'a\u2003b', 'a\u3000b', 'a\tb', 'x\ud800']) expect(isValidKeyName(bad)).toBe(false);
  });

  it('generates key pairs that sign and verify', () => {
    const { signerKey, verifierKey } = generateNoteKeyPair('borderledger.example/log');
    const note = signNote('hello\n', [noteSignerFromKey(signerKey)]);
    expect(openNote(note, [noteVerifierFromKey(verifierKey)]).text).toBe('hello\n');
  });
});

describe('signed-note format', () => {
  it('signs exactly like sumdb/note (deterministic Ed25519 known answer)', () => {
    const signer = noteSignerFromKey(PETER_SKEY);
    expect(signNote(TEXT, [signer])).toBe(TEXT + '\n' + PETER_SIG);
    // An existing signature by the same key is replaced.
    const bad = { name: 'PeterNeumann', keyId: 0xc74f20a3, signature: new Uint8Array(1), base64: 'BADSIGN=' };
    expect(signNote(TEXT, [signer], [bad])).toBe(TEXT + '\n' + PETER_SIG);
  });

  it('refuses to sign bad input', () => {
    const signer = noteSignerFromKey(PETER_SKEY);
    expect(errorCode(() => signNote('abc', [signer]))).toBe('malformed-note');
    expect(errorCode(() => signNote(TEXT, [], [{ name: 'a+b', keyId: 0, signature: new Uint8Array(1), base64: 'ABCD' }]))).toBe('malformed-note');
    expect(errorCode(() => signNote(TEXT, [], [{ name: 'PeterNeumann', keyId: 0xc74f20a3, signature: new Uint8Array(1), base64: 'BADHASH=' }]))).toBe('malformed-note');
    expect(errorCode(() => signNote('a\rb\n', [signer]))).toBe('malformed-note');
  });

  it('opens the sumdb/note example with one known and one unknown key', () => {
    const n = openNote(TEXT + '\n' + PETER_SIG + ENOCH_SIG, [peter]);
    expect(n.text).toBe(TEXT);
    expect(n.verified.map((s) => [s.name, s.keyId])).toEqual([['PeterNeumann', 0xc74f20a3]]);
    expect(n.unverified.map((s) => [s.name, s.keyId])).toEqual([['EnochRoot', 0xaf0cfe78]]);
    const both = openNote(TEXT + '\n' + PETER_SIG + ENOCH_SIG, [peter, enoch]);
    expect(both.verified.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(both.unverified).toEqual([]);
  });

  it('requires at least one known valid signature', () => {
    let error: unknown;
    try {
      openNote(TEXT + '\n' + PETER_SIG + ENOCH_SIG, []);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MerkleLogError);
    expect((error as MerkleLogError).code).toBe('unverified-note');
    expect(((error as MerkleLogError).detail as { signatures: unknown[] }).signatures).toHaveLength(2);
  });

  it('rejects an ambiguous verifier list', () => {
    expect(errorCode(() => openNote(TEXT + '\n' + ENOCH_SIG, [enoch, peter, enoch]))).toBe('ambiguous-key');
  });

  it('caps the number of signature lines at 100', () => {
    expect(openNote(TEXT + '\n' + PETER_SIG.repeat(100), [peter]).verified).toHaveLength(1);
    expect(errorCode(() => openNote(TEXT + '\n' + PETER_SIG.repeat(101), [peter]))).toBe('malformed-note');
    expect(errorCode(() => openNote(TEXT + '\n' + PETER_SIG.repeat(101), []))).toBe('malformed-note');
  });

  it('bounds the total note size (1 MiB by default)', () => {
    const big = 'x'.repeat(1 << 20) + '\n';
    expect(errorCode(() => parseNote(big + '\n' + PETER_SIG))).toBe('malformed-note');
    expect(errorCode(() => openNote(TEXT + '\n' + PETER_SIG, [peter], { maxBytes: 100 }))).toBe('malformed-note');
    expect(openNote(TEXT + '\n' + PETER_SIG, [peter], { maxBytes: 300 }).verified).toHaveLength(1);
  });

  it('rejects the whole note when a known key signature is invalid', () => {
    const mangled = insertAtByte(PETER_SIG, 60, 'ABCD');
    expect(errorCode(() => openNote(TEXT + '\n' + mangled, [peter]))).toBe('invalid-signature');
  });

  it('drops duplicate lines and keeps distinct unknown ones (sumdb/note TestOpen)', () => {
    const enochAbcd = insertAtByte(ENOCH_SIG, 60, 'ABCD');
    const n = openNote(TEXT + '\n' + PETER_SIG + PETER_SIG + ENOCH_SIG + ENOCH_SIG + enochAbcd, [peter]);
    expect(n.verified).toHaveLength(1);
    expect(n.unverified.map((s) => s.base64)).toEqual([ENOCH_SIG.split(' ')[2].trim(), enochAbcd.split(' ')[2].trim()]);
  });

  it('rejects malformed encodings (sumdb/note bad messages, plus stricter checks)', () => {
    const bad: (string | Uint8Array)[] = [
      TEXT,
      TEXT + '\n',
      TEXT + '\n' + PETER_SIG.slice(0, -1),
      '\x01' + TEXT + '\n' + PETER_SIG,
      Uint8Array.from([0xff, ...utf8Encode(TEXT + '\n' + PETER_SIG)]),
      TEXT + '\n' + '\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=',
      TEXT + '\n' + PETER_SIG + 'Unexpected line.\n',
      TEXT + '\n' + PETER_SIG.replace('\u2014', '-'),
      TEXT + '\n' + PETER_SIG.replace('M=\n', 'N=\n'), // non-canonical base64 padding bits
      TEXT + '\n' + '\u2014 PeterNeumann\n',
      TEXT + '\n' + '\u2014 PeterNeumann AAAAAA==\n', // key ID only, no signature bytes
      TEXT.replace('\n', '\r\n') + '\n' + PETER_SIG,
      TEXT + '\n' + '\u2014 Peter\ud800 x08go/ZJ=\n',
    ];
    for (const msg of bad) expect(errorCode(() => openNote(msg, [peter]))).toBe('malformed-note');
  });

  it('separates text from signatures at the last blank line', () => {
    const signer = noteSignerFromKey(PETER_SKEY);
    const text = 'Note\n\n';
    const signed = signNote(text, [signer]);
    expect(openNote(signed, [peter]).text).toBe(text);
    expect(parseNote(signed).signatures).toHaveLength(1);
  });

  it('round-trips random texts and refuses any single-character tampering', () => {
    const signer = createEd25519NoteSigner('borderledger.example/log', new Uint8Array(32).fill(7));
    const verifier: NoteVerifier = noteVerifierFromKey(formatVerifierKey(signer.name, signer.publicKey));
    const line = fc.string({ unit: fc.constantFrom('a', 'z', '0', ' ', '/', '+', '=', '\u00e9', '\u2014', '\u{1f600}'), maxLength: 20 });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), fc.nat(), (lines, pos) => {
        const text = lines.join('\n') + '\n';
        const signed = signNote(text, [signer]);
        expect(openNote(signed, [verifier]).text).toBe(text);
        // Replace one UTF-16 unit of the text with another printable character.
        const i = pos % text.length;
        const replacement = text[i] === 'q' ? 'Q' : 'q';
        if (text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdfff) return;
        const tampered = text.slice(0, i) + replacement + text.slice(i + 1) + signed.slice(text.length);
        expect(() => openNote(tampered, [verifier])).toThrow(MerkleLogError);
      }),
      { numRuns: 100 },
    );
  });

  it('produces signatures that WebCrypto Ed25519 accepts (independent implementation)', async () => {
    const seed = new Uint8Array(32).fill(42);
    const signer = createEd25519NoteSigner('borderledger.example/log', seed);
    const signed = signNote('origin\n1\nAAAA\n', [signer]);
    const sig = parseNote(signed).signatures[0].signature;
    const key = await crypto.subtle.importKey('raw', signer.publicKey, { name: 'Ed25519' }, false, ['verify']);
    expect(await crypto.subtle.verify({ name: 'Ed25519' }, key, sig, utf8Encode('origin\n1\nAAAA\n'))).toBe(true);
  });
});
