/**
 * C2SP signed-note (c2sp.org/signed-note@v1.0.0), compatible with
 * golang.org/x/mod/sumdb/note.
 *
 *   <text ending in \n>\n— <key name> <base64(key ID (4 bytes, BE) || signature)>\n ...
 *
 * Parsing is strict: valid UTF-8, no control characters but newline, the text
 * ends at the last blank line, every line after it is a signature line, key
 * names are non-empty without Unicode spaces or '+', base64 is canonical.
 * Verification: signatures from unknown (name, key ID) pairs are ignored; a
 * known key's signature is always verified and a bad one rejects the whole
 * note (the spec's SHOULD); at least one known signature must verify (MUST).
 */
import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '@noble/hashes/sha2';
import {
  base64Decode,
  base64Encode,
  bytesToHex,
  concatBytes,
  readUint32BE,
  utf8Decode,
  utf8Encode,
  writeUint32BE,
} from './bytes';
import { MerkleLogError, fail } from './errors';

/** signed-note signature type identifier bytes (signed-note "Signature types"). */
export const SIGNATURE_TYPE_ED25519 = 0x01;
export const SIGNATURE_TYPE_COSIGNATURE_V1 = 0x04;

/**
 * Go's sumdb/note refuses notes with more than 100 signature lines; the spec
 * requires accepting at least 16. 100 keeps us interoperable with Go.
 */
export const DEFAULT_MAX_SIGNATURES = 100;
const MIN_MAX_SIGNATURES = 16;
/**
 * A line count alone does not bound work (one line can be huge). 1 MiB fits
 * 100 post-quantum signature lines (~5 kB each) with room to spare.
 */
export const DEFAULT_MAX_NOTE_BYTES = 1 << 20;

const SIG_PREFIX = '\u2014 '; // em dash, space

export interface NoteSignature {
  readonly name: string;
  /** uint32 key ID (first 4 bytes of the decoded signature, big-endian). */
  readonly keyId: number;
  /** The signature bytes after the key ID. */
  readonly signature: Uint8Array;
  /** The base64 text exactly as it appeared on the line. */
  readonly base64: string;
}

export interface ParsedNote {
  /** Note text including its final newline, excluding the separating blank line. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

export interface OpenedNote {
  readonly text: string;
  /** One entry per known key whose signature verified. */
  readonly verified: readonly NoteSignature[];
  /** Signatures from keys the caller does not know (deduplicated by line). */
  readonly unverified: readonly NoteSignature[];
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  /** The signature type byte this verifier's key ID was computed with. */
  readonly type: number;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  sign(message: Uint8Array): Uint8Array;
}

export interface OpenNoteOptions {
  /** Maximum number of signature lines (default 100, at least 16 per spec). */
  readonly maxSignatures?: number;
  /** Maximum encoded size of the whole note in bytes (default 1 MiB). */
  readonly maxBytes?: number;
}

// Go's unicode.IsSpace, which sumdb/note uses for key names: Latin-1 spaces
// plus the Unicode White_Space property. JS \s differs (it includes U+FEFF).
const UNICODE_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;

/** signed-note key-name rule: non-empty, no Unicode spaces, no '+'. */
export function isValidKeyName(name: string): boolean {
  if (typeof name !== 'string' || name.length === 0) return false;
  if (name.includes('+') || UNICODE_SPACE.test(name)) return false;
  try {
    utf8Encode(name);
  } catch {
    return false;
  }
  return true;
}

/** key ID = SHA-256(key name || 0x0A || signature type || public key)[:4] as a uint32. */
export function computeKeyId(name: string, type: number, publicKey: Uint8Array): number {
  const digest = sha256(concatBytes(utf8Encode(name), Uint8Array.of(0x0a, type), publicKey));
  return readUint32BE(digest, 0);
}

export function formatKeyId(keyId: number): string {
  return bytesToHex(writeUint32BE(keyId));
}

function toText(msg: string | Uint8Array, maxBytes = Number.MAX_SAFE_INTEGER): string {
  // Cheap check first (UTF-8 is never shorter than the UTF-16 unit count), exact size after.
  if (msg.length > maxBytes) fail('malformed-note', 'note is too large');
  let text: string;
  let size: number;
  try {
    if (typeof msg === 'string') {
      size = utf8Encode(msg).length; // also rejects lone surrogates, which have no UTF-8 form
      text = msg;
    } else {
      size = msg.length;
      text = utf8Decode(msg);
    }
  } catch {
    return fail('malformed-note', 'note is not valid UTF-8');
  }
  if (size > maxBytes) fail('malformed-note', 'note is too large');
  return text;
}

function hasForbiddenControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return true;
  }
  return false;
}

/** Syntax-only parse of a signed note; signatures are not checked. */
export function parseNote(msg: string | Uint8Array, options: OpenNoteOptions = {}): ParsedNote {
  const maxSignatures = Math.max(options.maxSignatures ?? DEFAULT_MAX_SIGNATURES, MIN_MAX_SIGNATURES);
  const all = toText(msg, options.maxBytes ?? DEFAULT_MAX_NOTE_BYTES);
  if (hasForbiddenControl(all)) fail('malformed-note', 'note contains a control character');
  const split = all.lastIndexOf('\n\n');
  if (split < 0) fail('malformed-note', 'note has no blank line before its signatures');
  const text = all.slice(0, split + 1);
  const block = all.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) fail('malformed-note', 'note has no signature lines');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > maxSignatures) fail('malformed-note', `note has more than ${maxSignatures} signatures`);
  const signatures = lines.map(parseSignatureLine);
  return { text, signatures };
}

function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(SIG_PREFIX)) fail('malformed-note', 'signature line must start with an em dash and a space');
  const body = line.slice(SIG_PREFIX.length);
  const space = body.indexOf(' ');
  const name = space < 0 ? body : body.slice(0, space);
  const b64 = space < 0 ? '' : body.slice(space + 1);
  if (!isValidKeyName(name)) fail('malformed-note', 'invalid key name in signature line');
  let raw: Uint8Array;
  try {
    raw = base64Decode(b64);
  } catch {
    return fail('malformed-note', 'signature is not valid base64');
  }
  if (raw.length < 5) fail('malformed-note', 'signature is shorter than key ID plus one byte');
  return { name, keyId: readUint32BE(raw, 0), signature: raw.slice(4), base64: b64 };
}

function verifierKey(name: string, keyId: number): string {
  return `${name}+${formatKeyId(keyId)}`;
}

function indexVerifiers(verifiers: readonly NoteVerifier[]): Map<string, NoteVerifier> {
  const map = new Map<string, NoteVerifier>();
  for (const v of verifiers) {
    const key = verifierKey(v.name, v.keyId);
    // Two keys with the same name and ID make the note ambiguous: a
    // configuration error, reported loudly rather than guessed around.
    if (map.has(key)) fail('ambiguous-key', `two verifiers for ${key}`);
    map.set(key, v);
  }
  return map;
}

/**
 * Parses and verifies a note. Throws MerkleLogError:
 * 'malformed-note', 'invalid-signature' (a known key's signature failed),
 * 'unverified-note' (no known key signed; detail holds the ParsedNote),
 * 'ambiguous-key' (the verifier list repeats a name+ID).
 */
export function openNote(msg: string | Uint8Array, verifiers: readonly NoteVerifier[], options: OpenNoteOptions = {}): OpenedNote {
  const parsed = parseNote(msg, options);
  const known = indexVerifiers(verifiers);
  const message = utf8Encode(parsed.text);
  const verified: NoteSignature[] = [];
  const verifiedKeys = new Set<string>();
  const unverified: NoteSignature[] = [];
  const seenLines = new Set<string>();
  for (const sig of parsed.signatures) {
    const key = verifierKey(sig.name, sig.keyId);
    const line = `${sig.name} ${sig.base64}`;
    if (seenLines.has(line)) continue; // identical duplicate line: same verdict
    seenLines.add(line);
    const v = known.get(key);
    if (!v) {
      unverified.push(sig);
      continue;
    }
    if (!v.verify(message, sig.signature)) {
      throw new MerkleLogError('invalid-signature', `invalid signature for key ${key}`, { name: sig.name, keyId: sig.keyId });
    }
    if (!verifiedKeys.has(key)) {
      verifiedKeys.add(key);
      verified.push(sig);
    }
  }
  if (verified.length === 0) throw new MerkleLogError('unverified-note', 'note has no verifiable signatures', parsed);
  return { text: parsed.text, verified, unverified };
}

export function formatSignatureLine(sig: Pick<NoteSignature, 'name' | 'base64'>): string {
  return `${SIG_PREFIX}${sig.name} ${sig.base64}\n`;
}

/** Builds a signature for a note text (the text must already be valid note text). */
export function signNoteText(text: string, signer: NoteSigner): NoteSignature {
  assertNoteText(text);
  if (!isValidKeyName(signer.name)) fail('invalid-argument', 'signer has an invalid key name');
  const signature = signer.sign(utf8Encode(text));
  const base64 = base64Encode(concatBytes(writeUint32BE(signer.keyId), signature));
  return { name: signer.name, keyId: signer.keyId, signature, base64 };
}

/**
 * Signs a note text. Existing signatures are kept (before the new ones) except
 * those from a key that signs again, as sumdb/note's Sign does.
 */
export function signNote(text: string, signers: readonly NoteSigner[], existing: readonly NoteSignature[] = []): string {
  const fresh = signers.map((s) => signNoteText(text, s));
  const replaced = new Set(fresh.map((s) => verifierKey(s.name, s.keyId)));
  const kept = existing.filter((s) => !replaced.has(verifierKey(s.name, s.keyId)));
  const sigs = [...kept, ...fresh];
  if (sigs.length === 0) fail('invalid-argument', 'a signed note needs at least one signature');
  for (const s of kept) {
    // Same check as sumdb/note: the carried line must decode to its claimed key ID.
    if (parseSignatureLine(formatSignatureLine(s).slice(0, -1)).keyId !== s.keyId) {
      fail('malformed-note', `signature line for ${s.name} does not carry its key ID`);
    }
  }
  return text + '\n' + sigs.map(formatSignatureLine).join('');
}

/** Note text rules: valid UTF-8, newline-terminated, no control characters but newline. */
export function assertNoteText(text: string): void {
  if (typeof text !== 'string' || !text.endsWith('\n')) fail('malformed-note', 'note text must end with a newline');
  toText(text);
  if (hasForbiddenControl(text)) fail('malformed-note', 'note text contains a control character');
}

// ---------------------------------------------------------------------------
// Ed25519 keys (signature type 0x01) and the vkey / skey text formats of
// golang.org/x/mod/sumdb/note:
//   verifier key: <name>+<8 hex key ID>+<base64(type || public key)>
//   signer key:   PRIVATE+KEY+<name>+<8 hex key ID>+<base64(type || 32-byte seed)>
// ---------------------------------------------------------------------------

/**
 * Strict RFC 8032 verification (noble's zip215: false): rejects non-canonical
 * encodings, so a valid signature cannot be mauled into a second valid one.
 */
export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) fail('invalid-argument', 'Ed25519 seed must be 32 bytes');
  return ed25519.getPublicKey(seed);
}

export function createEd25519NoteVerifier(name: string, publicKey: Uint8Array): NoteVerifier {
  if (!isValidKeyName(name)) fail('malformed-key', 'invalid key name');
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) fail('malformed-key', 'Ed25519 public key must be 32 bytes');
  const key = publicKey.slice();
  return {
    name,
    keyId: computeKeyId(name, SIGNATURE_TYPE_ED25519, key),
    type: SIGNATURE_TYPE_ED25519,
    verify: (message, signature) => ed25519Verify(key, message, signature),
  };
}

export interface Ed25519NoteSigner extends NoteSigner {
  readonly publicKey: Uint8Array;
}

export function createEd25519NoteSigner(name: string, seed: Uint8Array): Ed25519NoteSigner {
  if (!isValidKeyName(name)) fail('malformed-key', 'invalid key name');
  const publicKey = ed25519PublicKey(seed);
  const secret = seed.slice();
  return {
    name,
    keyId: computeKeyId(name, SIGNATURE_TYPE_ED25519, publicKey),
    publicKey,
    sign: (message) => ed25519.sign(message, secret),
  };
}

/** Verifier key string for an Ed25519 public key and signature type (0x01 note, 0x04 cosignature). */
export function formatVerifierKey(name: string, publicKey: Uint8Array, type: number = SIGNATURE_TYPE_ED25519): string {
  if (!isValidKeyName(name)) fail('malformed-key', 'invalid key name');
  if (publicKey.length !== 32) fail('malformed-key', 'Ed25519 public key must be 32 bytes');
  const material = concatBytes(Uint8Array.of(type), publicKey);
  return `${name}+${formatKeyId(computeKeyId(name, type, publicKey))}+${base64Encode(material)}`;
}

export function formatSignerKey(name: string, seed: Uint8Array, type: number = SIGNATURE_TYPE_ED25519): string {
  const publicKey = ed25519PublicKey(seed);
  if (!isValidKeyName(name)) fail('malformed-key', 'invalid key name');
  const keyId = computeKeyId(name, type, publicKey);
  return `PRIVATE+KEY+${name}+${formatKeyId(keyId)}+${base64Encode(concatBytes(Uint8Array.of(type), seed))}`;
}

/** Generates a fresh Ed25519 key pair (uses the platform CSPRNG via noble). */
export function generateNoteKeyPair(name: string, type: number = SIGNATURE_TYPE_ED25519): { signerKey: string; verifierKey: string } {
  const seed = ed25519.utils.randomSecretKey();
  return { signerKey: formatSignerKey(name, seed, type), verifierKey: formatVerifierKey(name, ed25519PublicKey(seed), type) };
}

/** Splits s at the first sep, like sumdb/note's chop. */
function chop(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + sep.length)];
}

function parseKeyIdHex(hex: string): number {
  // sumdb/note: exactly 8 hex digits (ParseUint base 16 accepts either case).
  if (!/^[0-9a-fA-F]{8}$/.test(hex)) fail('malformed-key', 'key ID must be 8 hex digits');
  return parseInt(hex, 16);
}

export interface ParsedVerifierKey {
  readonly name: string;
  readonly keyId: number;
  readonly type: number;
  readonly publicKey: Uint8Array;
}

/** base64(type || key) of a verifier or signer key string: a known signature type and its bytes. */
function decodeKeyMaterial(key64: string): { type: number; key: Uint8Array } {
  let material: Uint8Array;
  try {
    material = base64Decode(key64);
  } catch {
    return fail('malformed-key', 'key material is not valid base64');
  }
  if (material.length === 0) fail('malformed-key', 'empty key material');
  const type = material[0];
  if (type !== SIGNATURE_TYPE_ED25519 && type !== SIGNATURE_TYPE_COSIGNATURE_V1) {
    fail('unknown-key-type', `unsupported signature type 0x${type.toString(16).padStart(2, '0')}`);
  }
  return { type, key: material.slice(1) };
}

/** Parses and checks "<name>+<hex key ID>+<base64(type || key)>"; the key ID must match. */
export function parseVerifierKey(vkey: string): ParsedVerifierKey {
  const [name, rest] = chop(vkey, '+');
  const [hash16, key64] = chop(rest, '+');
  if (!isValidKeyName(name)) fail('malformed-key', 'invalid key name');
  const keyId = parseKeyIdHex(hash16);
  const { type, key: publicKey } = decodeKeyMaterial(key64);
  if (publicKey.length !== 32) fail('malformed-key', 'Ed25519 public key must be 32 bytes');
  if (computeKeyId(name, type, publicKey) !== keyId) fail('key-id-mismatch', 'key ID does not match name and key');
  return { name, keyId, type, publicKey };
}

/** A note verifier from a type 0x01 verifier key string. */
export function noteVerifierFromKey(vkey: string): NoteVerifier {
  const parsed = parseVerifierKey(vkey);
  if (parsed.type !== SIGNATURE_TYPE_ED25519) fail('unknown-key-type', 'not an Ed25519 note verifier key (type 0x01)');
  return createEd25519NoteVerifier(parsed.name, parsed.publicKey);
}

export interface ParsedSignerKey {
  readonly name: string;
  readonly keyId: number;
  readonly type: number;
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** Parses "PRIVATE+KEY+<name>+<hex key ID>+<base64(type || seed)>"; the key ID must match the derived public key. */
export function parseSignerKey(skey: string): ParsedSignerKey {
  const [priv1, r1] = chop(skey, '+');
  const [priv2, r2] = chop(r1, '+');
  const [name, r3] = chop(r2, '+');
  const [hash16, key64] = chop(r3, '+');
  if (priv1 !== 'PRIVATE' || priv2 !== 'KEY') fail('malformed-key', 'signer key must start with PRIVATE+KEY+');
  if (!isValidKeyName(name)) fail('malformed-key', 'invalid key name');
  const keyId = parseKeyIdHex(hash16);
  const { type, key: seed } = decodeKeyMaterial(key64);
  if (seed.length !== 32) fail('malformed-key', 'Ed25519 seed must be 32 bytes');
  const publicKey = ed25519PublicKey(seed);
  if (computeKeyId(name, type, publicKey) !== keyId) fail('key-id-mismatch', 'key ID does not match name and key');
  return { name, keyId, type, seed, publicKey };
}

/** A note signer from a type 0x01 signer key string. */
export function noteSignerFromKey(skey: string): Ed25519NoteSigner {
  const parsed = parseSignerKey(skey);
  if (parsed.type !== SIGNATURE_TYPE_ED25519) fail('unknown-key-type', 'not an Ed25519 note signer key (type 0x01)');
  return createEd25519NoteSigner(parsed.name, parsed.seed);
}
