// What an envelope's signature has to verify, for both ways of signing: alone (Ed25519 over the
// envelope's signing input) or in a batch (Ed25519 over a batch statement whose root the
// envelope's inclusion path leads to). Every verifier — ingestion node, ledger, witness, offline
// verifier — asks this one function, so they cannot disagree on what a signature covers.
import { canonicalBytes, canonicalJson } from '../encoding/canonical';
import { fromBase64Url, toBase64Url, utf8 } from '../encoding/bytes';
import { type InclusionPathMemo, hashLeaf, rootFromEncodedInclusionPath } from '../merkle/merkle-tree';
import type { EnvelopeBatchSignature, EventEnvelope, UnsignedEnvelope } from './envelope';
import { envelopeSigningInput } from './envelope';

export const ENVELOPE_BATCH_KIND = 'borderledger/envelope-batch/v1';

/**
 * Signed once for a whole batch. Its `kind` member is one no envelope has, so a batch signature
 * can never pass for an envelope signature or the reverse.
 */
export interface EnvelopeBatchStatement {
  readonly kind: typeof ENVELOPE_BATCH_KIND;
  readonly submitter: string;
  readonly keyId: string;
  /** Number of envelopes (tree size). */
  readonly size: number;
  /** base64url RFC 9162 root over envelopeLeafHash of each envelope, in batch order. */
  readonly root: string;
}

export type SignatureClaim =
  | { readonly ok: true; readonly message: Uint8Array; readonly signature: Uint8Array }
  | { readonly ok: false; readonly reason: string };

/** RFC 9162 leaf hash of an envelope's signing input (its signature members excluded). */
export function envelopeLeafHash(envelope: UnsignedEnvelope | EventEnvelope): Uint8Array {
  return hashLeaf(envelopeSigningInput(envelope));
}

export function batchStatementBytes(statement: EnvelopeBatchStatement): Uint8Array {
  return canonicalBytes(statement);
}

const KIND_TEXT = JSON.stringify(ENVELOPE_BATCH_KIND);

/**
 * batchStatementBytes of the statement an envelope claims, written out instead of serialised
 * (every batch-signed envelope needs one): RFC 8785 orders the members keyId, kind, root, size,
 * submitter, and writes strings and numbers as JSON.stringify does. A test compares the two.
 */
function claimedStatementBytes(submitter: string, keyId: string, size: number, root: string): Uint8Array {
  if (typeof submitter !== 'string' || typeof keyId !== 'string' || typeof size !== 'number' || !Number.isFinite(size)) {
    return batchStatementBytes({ kind: ENVELOPE_BATCH_KIND, submitter, keyId, size, root });
  }
  return utf8(`{"keyId":${JSON.stringify(keyId)},"kind":${KIND_TEXT},"root":${JSON.stringify(root)},"size":${JSON.stringify(size)},"submitter":${JSON.stringify(submitter)}}`);
}

/**
 * RFC 8785 text of a signed envelope from the text of its signing input, with one serialisation
 * instead of two: JCS orders members by key, so `batchSignature` comes first and `signature`
 * right before `submittedAt` (`,"submittedAt":` cannot occur inside a JSON string, whose quotes
 * are escaped). A property test checks it against canonicalJson of the whole envelope.
 */
export function signedEnvelopeText(envelope: EventEnvelope, signingText: string): string {
  if (envelope.batchSignature !== undefined) return `{"batchSignature":${batchSignatureText(envelope.batchSignature)},${signingText.slice(1)}`;
  const at = signingText.indexOf(',"submittedAt":');
  return `${signingText.slice(0, at)},"signature":${JSON.stringify(envelope.signature)}${signingText.slice(at)}`;
}

/**
 * utf8(signedEnvelopeText(…)) reusing the signing input's bytes: a batch-signed entry is its
 * batchSignature member followed by the signing input without its first byte, so only that
 * member is encoded (the envelope text is most of an entry, and encoding it twice was measurable).
 */
export function signedEnvelopeBytes(envelope: EventEnvelope, signingText: string, signingBytes: Uint8Array): Uint8Array {
  if (envelope.batchSignature === undefined) return utf8(signedEnvelopeText(envelope, signingText));
  const head = utf8(`{"batchSignature":${batchSignatureText(envelope.batchSignature)},`);
  const out = new Uint8Array(head.length + signingBytes.length - 1);
  out.set(head, 0);
  out.set(signingBytes.subarray(1), head.length);
  return out;
}

const BATCH_SIGNATURE_MEMBERS = new Set(['inclusionPath', 'leafIndex', 'signature', 'size']);

/**
 * canonicalJson of a batchSignature member, written out (members in RFC 8785 order) when it is a
 * plain object of exactly its four members with strings and numbers where validateEnvelope
 * puts them: JCS writes those, and an array of strings, exactly as JSON.stringify does.
 */
function batchSignatureText(b: EnvelopeBatchSignature): string {
  const path: unknown = b.inclusionPath;
  const keys = Object.keys(b);
  const plain =
    keys.length === 4 &&
    keys.every((k) => BATCH_SIGNATURE_MEMBERS.has(k)) &&
    typeof (b as { toJSON?: unknown }).toJSON !== 'function' &&
    Array.isArray(path) &&
    typeof (path as { toJSON?: unknown }).toJSON !== 'function' &&
    path.every((h) => typeof h === 'string') &&
    typeof b.signature === 'string' &&
    Number.isFinite(b.leafIndex) &&
    Number.isFinite(b.size);
  if (!plain) return canonicalJson(b);
  return `{"inclusionPath":${JSON.stringify(path)},"leafIndex":${JSON.stringify(b.leafIndex)},"signature":${JSON.stringify(b.signature)},"size":${JSON.stringify(b.size)}}`;
}

/**
 * The message and signature bytes that must verify under the envelope's key. Expects an envelope
 * that passed validateEnvelope (well-formed base64url); never throws. A verifier that sees many
 * envelopes of the same batches passes one long-lived memo, so shared path hashes are computed once.
 */
export function envelopeSignatureClaim(envelope: EventEnvelope, memo?: InclusionPathMemo, signingInput?: Uint8Array): SignatureClaim {
  try {
    const input = signingInput ?? envelopeSigningInput(envelope);
    if (envelope.batchSignature === undefined) {
      return { ok: true, message: input, signature: fromBase64Url(envelope.signature) };
    }
    const { size, leafIndex, inclusionPath, signature } = envelope.batchSignature;
    const root = rootFromEncodedInclusionPath(hashLeaf(input), leafIndex, size, inclusionPath, memo);
    if (!root) return { ok: false, reason: `the inclusion path does not fit leaf ${leafIndex} of a batch of ${size}` };
    return { ok: true, message: claimedStatementBytes(envelope.submitter, envelope.keyId, size, toBase64Url(root)), signature: fromBase64Url(signature) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
