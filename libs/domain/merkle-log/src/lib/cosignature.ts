/**
 * C2SP tlog-cosignature, Ed25519 "cosignature/v1" (c2sp.org/tlog-cosignature).
 *
 * A cosignature is a note signature line on a checkpoint:
 *   key ID  = SHA-256(<name> || "\n" || 0x04 || 32-byte Ed25519 public key)[:4]
 *   payload = key ID (4) || timestamp (uint64 BE, POSIX seconds) || Ed25519 signature (64)
 *   signed  = "cosignature/v1\n" || "time <timestamp>\n" || <whole checkpoint note text>
 * Extension lines are signed too, but the cosigner only vouches for the first
 * three lines (origin, size, root).
 *
 * Finality (evaluateFinality) is a Borderledger policy on top: the log's own
 * signature plus at least `threshold` distinct witness cosignatures, including
 * every `required` witness (e.g. the customs administration's node).
 */
import {
  base64Decode,
  base64Encode,
  concatBytes,
  readUint32BE,
  readUint64BE,
  utf8Decode,
  utf8Encode,
  writeUint32BE,
  writeUint64BE,
} from './bytes';
import { Checkpoint, parseCheckpoint } from './checkpoint';
import { fail } from './errors';
import {
  NoteSignature,
  NoteSigner,
  NoteVerifier,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  assertNoteText,
  computeKeyId,
  ed25519PublicKey,
  ed25519Verify,
  formatKeyId,
  isValidKeyName,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
} from './note';
import { ed25519 } from '@noble/curves/ed25519';

const TIMESTAMP_SIZE = 8;
const ED25519_SIGNATURE_SIZE = 64;
/** timestamp MUST NOT exceed 2^63 - 1; JS numbers stop being exact at 2^53 - 1, which is far beyond any real clock. */
const MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER;

/** The exact bytes an Ed25519 cosignature/v1 signs. */
export function cosignatureV1Message(timestamp: number, checkpointText: string): Uint8Array {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) fail('invalid-argument', 'timestamp must be a non-negative safe integer');
  assertNoteText(checkpointText);
  return utf8Encode(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`);
}

export interface CosignatureVerifier extends NoteVerifier {
  readonly publicKey: Uint8Array;
  /** Timestamp carried by a cosignature payload (after the key ID), or undefined if malformed. */
  timestampOf(signature: Uint8Array): number | undefined;
}

function splitPayload(signature: Uint8Array): { timestamp: number; sig: Uint8Array } | undefined {
  if (signature.length !== TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE) return undefined;
  // Values above 2^53 - 1 (including anything over the spec's 2^63 - 1 cap) are refused.
  if (readUint32BE(signature, 0) > 0x1fffff) return undefined;
  const timestamp = readUint64BE(signature, 0);
  if (timestamp > MAX_TIMESTAMP) return undefined;
  return { timestamp, sig: signature.subarray(TIMESTAMP_SIZE) };
}

export function createCosignatureVerifier(name: string, publicKey: Uint8Array): CosignatureVerifier {
  if (!isValidKeyName(name)) fail('malformed-key', 'invalid cosigner name');
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) fail('malformed-key', 'Ed25519 public key must be 32 bytes');
  const key = publicKey.slice();
  return {
    name,
    keyId: computeKeyId(name, SIGNATURE_TYPE_COSIGNATURE_V1, key),
    type: SIGNATURE_TYPE_COSIGNATURE_V1,
    publicKey: key,
    timestampOf: (signature) => splitPayload(signature)?.timestamp,
    verify: (message, signature) => {
      const parts = splitPayload(signature);
      if (!parts) return false;
      const prefix = utf8Encode(`cosignature/v1\ntime ${parts.timestamp}\n`);
      return ed25519Verify(key, concatBytes(prefix, message), parts.sig);
    },
  };
}

/**
 * Verifier key string accepted for a cosigner: the native type 0x04 vkey, or a
 * plain Ed25519 (0x01) vkey whose key is reused under the 0x04 key ID (as
 * transparency-dev/formats does for witnesses published with 0x01 keys).
 */
export function cosignatureVerifierFromKey(vkey: string): CosignatureVerifier {
  const parsed = parseVerifierKey(vkey);
  return createCosignatureVerifier(parsed.name, parsed.publicKey);
}

export interface CosignatureSigner extends NoteSigner {
  readonly publicKey: Uint8Array;
  /** Signs at an explicit time (POSIX seconds). */
  cosign(checkpointText: string, timestamp: number): NoteSignature;
}

/**
 * An Ed25519 cosigner. `clock` supplies the timestamp when it is used as a
 * plain NoteSigner (signNote); it is injected so the domain stays pure.
 */
export function createCosignatureSigner(name: string, seed: Uint8Array, clock: () => number): CosignatureSigner {
  if (!isValidKeyName(name)) fail('malformed-key', 'invalid cosigner name');
  const publicKey = ed25519PublicKey(seed);
  const secret = seed.slice();
  const keyId = computeKeyId(name, SIGNATURE_TYPE_COSIGNATURE_V1, publicKey);
  const payload = (text: string, timestamp: number): Uint8Array => {
    const message = cosignatureV1Message(timestamp, text);
    return concatBytes(writeUint64BE(timestamp), ed25519.sign(message, secret));
  };
  return {
    name,
    keyId,
    publicKey,
    sign: (message) => {
      // NoteSigner hands over bytes; the cosigned message is built from the text.
      return payload(utf8Decode(message), clock());
    },
    cosign: (checkpointText, timestamp) => {
      const signature = payload(checkpointText, timestamp);
      const base64 = base64Encode(concatBytes(writeUint32BE(keyId), signature));
      return { name, keyId, signature, base64 };
    },
  };
}

export function cosignatureSignerFromKey(skey: string, clock: () => number): CosignatureSigner {
  const parsed = parseSignerKey(skey);
  return createCosignatureSigner(parsed.name, parsed.seed, clock);
}

// ---------------------------------------------------------------------------

export interface FinalityPolicy {
  /** Keys of the log itself; at least one must have signed the checkpoint. */
  readonly logVerifiers: readonly NoteVerifier[];
  /** Witness cosigners known to governance. */
  readonly witnesses: readonly CosignatureVerifier[];
  /** Minimum number of distinct witnesses with a valid cosignature (>= 1). */
  readonly threshold: number;
  /** Witness names that must be among the cosigners (e.g. a customs node). */
  readonly required?: readonly string[];
}

export interface FinalityOptions {
  /** Current POSIX time; with it, cosignatures stamped later than now + maxFutureSkewSeconds do not count. */
  readonly now?: number;
  readonly maxFutureSkewSeconds?: number;
  readonly origin?: string;
}

export interface Cosigned {
  readonly name: string;
  readonly keyId: number;
  readonly timestamp: number;
}

export interface RejectedSignature {
  readonly name: string;
  readonly keyId: number;
  readonly reason: 'invalid-signature' | 'future-timestamp' | 'duplicate-witness';
}

export interface FinalityResult {
  /** True when the log signed and the cosigner quorum (with required witnesses) is met. */
  readonly final: boolean;
  readonly checkpoint: Checkpoint;
  readonly text: string;
  readonly logSigned: boolean;
  readonly cosigners: readonly Cosigned[];
  readonly missingRequired: readonly string[];
  readonly rejected: readonly RejectedSignature[];
}

function validatePolicy(policy: FinalityPolicy): void {
  if (!Number.isInteger(policy.threshold) || policy.threshold < 1) fail('invalid-argument', 'threshold must be an integer >= 1');
  if (policy.threshold > policy.witnesses.length) fail('invalid-argument', 'threshold exceeds the number of witnesses');
  const names = new Set(policy.witnesses.map((w) => w.name));
  if (names.size !== policy.witnesses.length) fail('ambiguous-key', 'witness names must be distinct');
  for (const r of policy.required ?? []) if (!names.has(r)) fail('invalid-argument', `required witness ${r} is not in the witness list`);
}

/**
 * Decides whether a checkpoint is final under a cosigning policy.
 *
 * Unlike openNote, a bad cosignature from a known witness does not reject the
 * whole note: anyone can append lines carrying a witness's name and key ID, so
 * rejecting would let a third party block finality. Bad lines are listed in
 * `rejected` and simply not counted. A bad *log* signature still throws.
 */
export function evaluateFinality(msg: string | Uint8Array, policy: FinalityPolicy, options: FinalityOptions = {}): FinalityResult {
  validatePolicy(policy);
  const parsed = parseNote(msg);
  const checkpoint = parseCheckpoint(parsed.text);
  if (options.origin !== undefined && checkpoint.origin !== options.origin) {
    fail('malformed-checkpoint', 'checkpoint origin is not the expected log');
  }
  const message = utf8Encode(parsed.text);
  const logKeys = new Map(policy.logVerifiers.map((v) => [`${v.name}+${formatKeyId(v.keyId)}`, v]));
  const witnessKeys = new Map(policy.witnesses.map((v) => [`${v.name}+${formatKeyId(v.keyId)}`, v]));
  let logSigned = false;
  const cosigners: Cosigned[] = [];
  const counted = new Set<string>();
  const rejected: RejectedSignature[] = [];
  for (const sig of parsed.signatures) {
    const key = `${sig.name}+${formatKeyId(sig.keyId)}`;
    const logKey = logKeys.get(key);
    if (logKey) {
      if (!logKey.verify(message, sig.signature)) fail('invalid-signature', `invalid log signature for key ${key}`);
      logSigned = true;
      continue;
    }
    const witness = witnessKeys.get(key);
    if (!witness) continue; // unknown keys are ignored (signed-note)
    if (!witness.verify(message, sig.signature)) {
      rejected.push({ name: sig.name, keyId: sig.keyId, reason: 'invalid-signature' });
      continue;
    }
    const timestamp = witness.timestampOf(sig.signature) as number;
    if (options.now !== undefined && timestamp > options.now + (options.maxFutureSkewSeconds ?? 0)) {
      rejected.push({ name: sig.name, keyId: sig.keyId, reason: 'future-timestamp' });
      continue;
    }
    if (counted.has(key)) {
      rejected.push({ name: sig.name, keyId: sig.keyId, reason: 'duplicate-witness' });
      continue;
    }
    counted.add(key);
    cosigners.push({ name: sig.name, keyId: sig.keyId, timestamp });
  }
  const names = new Set(cosigners.map((c) => c.name));
  const missingRequired = (policy.required ?? []).filter((r) => !names.has(r));
  const final = logSigned && cosigners.length >= policy.threshold && missingRequired.length === 0;
  return { final, checkpoint, text: parsed.text, logSigned, cosigners, missingRequired, rejected };
}

/** Cosignature payload (after the key ID) fields, without verifying; undefined if not a v1 Ed25519 payload. */
export function decodeCosignatureV1(base64: string): { keyId: number; timestamp: number; signature: Uint8Array } | undefined {
  let raw: Uint8Array;
  try {
    raw = base64Decode(base64);
  } catch {
    return undefined;
  }
  if (raw.length !== 4 + TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE) return undefined;
  const parts = splitPayload(raw.subarray(4));
  if (!parts) return undefined;
  return { keyId: readUint32BE(raw, 0), timestamp: parts.timestamp, signature: parts.sig.slice() };
}
