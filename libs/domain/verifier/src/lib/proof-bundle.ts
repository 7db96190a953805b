/**
 * The proof bundle (docs/design/proof-bundle.md): everything needed to verify entries of the
 * ledger on another machine, offline — a signed checkpoint with its cosignatures, entries with
 * their inclusion proofs, optionally a contiguous range that recomputes the root, and the public
 * keys. JSON, versioned by `format`. Hashes of the tree are standard base64 (as in C2SP notes,
 * tlog-witness and tlog-tiles); participant keys are base64url (as in envelopes).
 */
import * as z from 'zod';
import { base64Decode, HASH_SIZE } from '@borderledger/merkle-log';
import { fromBase64Url } from '@borderledger/events';
import { VerifierError } from './errors';

export const PROOF_BUNDLE_FORMAT = 'borderledger/proof-bundle/v1';
export const TRUST_FILE_FORMAT = 'borderledger/trust/v1';

function isBase64UrlKey(text: string): boolean {
  try {
    return fromBase64Url(text).length === 32;
  } catch {
    return false;
  }
}

function decodesToHash(text: string): boolean {
  try {
    return base64Decode(text).length === HASH_SIZE;
  } catch {
    return false;
  }
}

const hash = z.string().refine(decodesToHash, { message: 'must be standard base64 of a 32-byte hash' });
const size = z.int().min(0).max(Number.MAX_SAFE_INTEGER);
const instant = z.iso.datetime({ offset: true });

export const participantKeySchema = z.strictObject({
  keyId: z.string().min(1),
  /** Raw 32-byte Ed25519 public key, base64url without padding. */
  publicKey: z.string().refine(isBase64UrlKey, { message: 'must be base64url of a 32-byte Ed25519 key' }),
  validFrom: instant,
  validUntil: instant.nullable(),
});

export const participantSchema = z.strictObject({
  id: z.string().min(1),
  roles: z.array(z.string()),
  /** Informative: status has no history, so it is not checked against past entries. */
  status: z.string().optional(),
  keys: z.array(participantKeySchema),
});

export const quorumSchema = z.strictObject({
  threshold: z.int().min(1),
  required: z.array(z.string().min(1)).optional(),
});

/** The public keys a verifier trusts: the log, the witnesses (and the quorum), the participants. */
export const trustedKeysSchema = z.strictObject({
  log: z.strictObject({ origin: z.string().min(1), verifierKeys: z.array(z.string()).min(1) }),
  witnesses: z.strictObject({ verifierKeys: z.array(z.string()), quorum: quorumSchema.optional() }),
  participants: z.array(participantSchema),
});

export const trustFileSchema = trustedKeysSchema.extend({ format: z.literal(TRUST_FILE_FORMAT) });

export const bundleEntrySchema = z.strictObject({
  index: size,
  /** The signed envelope as JSON; its RFC 8785 bytes are the Merkle leaf input. */
  envelope: z.record(z.string(), z.unknown()),
  /** RFC 9162 inclusion proof of the leaf in the bundle's checkpoint, leaf upwards. */
  inclusionProof: z.array(hash),
});

export const bundleRangeSchema = z.strictObject({
  from: size,
  /** Compact range of [0, from): the perfect-subtree hashes left to right (empty when from = 0). */
  leftFrontier: z.array(hash),
  /** Envelopes from..from + n - 1, in index order. */
  envelopes: z.array(z.record(z.string(), z.unknown())),
  /** RFC 9162 consistency proof from from + n to the checkpoint size (empty when equal). */
  consistencyProof: z.array(hash),
});

export const proofBundleSchema = trustedKeysSchema.extend({
  format: z.literal(PROOF_BUNDLE_FORMAT),
  /** Informative: when and from where the bundle was exported. */
  exportedAt: instant.optional(),
  source: z.string().optional(),
  /** The signed checkpoint note: the log's signature and the witnesses' cosignature lines. */
  checkpoint: z.string().min(1),
  entries: z.array(bundleEntrySchema),
  range: bundleRangeSchema.optional(),
});

export type ParticipantKeyInput = z.infer<typeof participantKeySchema>;
export type ParticipantInput = z.infer<typeof participantSchema>;
export type Quorum = z.infer<typeof quorumSchema>;
export type TrustedKeys = z.infer<typeof trustedKeysSchema>;
export type TrustFile = z.infer<typeof trustFileSchema>;
export type BundleEntry = z.infer<typeof bundleEntrySchema>;
export type BundleRange = z.infer<typeof bundleRangeSchema>;
export type ProofBundle = z.infer<typeof proofBundleSchema>;

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(root)'}: ${i.message}`);
}

/** Validates a parsed JSON value as a proof bundle; throws VerifierError naming every bad field. */
export function parseProofBundle(value: unknown): ProofBundle {
  const format = (value as { format?: unknown } | null)?.format;
  if (format !== PROOF_BUNDLE_FORMAT) {
    throw new VerifierError('malformed-bundle', `not a proof bundle: format is ${JSON.stringify(format ?? null)}, expected "${PROOF_BUNDLE_FORMAT}"`);
  }
  const parsed = proofBundleSchema.safeParse(value);
  if (!parsed.success) throw new VerifierError('malformed-bundle', 'not a valid proof bundle', issuesOf(parsed.error));
  return parsed.data;
}

/** Validates a trust file (the keys a verifier pins, independent of any bundle). */
export function parseTrustFile(value: unknown): TrustFile {
  const format = (value as { format?: unknown } | null)?.format;
  if (format !== TRUST_FILE_FORMAT) {
    throw new VerifierError('malformed-trust', `not a trust file: format is ${JSON.stringify(format ?? null)}, expected "${TRUST_FILE_FORMAT}"`);
  }
  const parsed = trustFileSchema.safeParse(value);
  if (!parsed.success) throw new VerifierError('malformed-trust', 'not a valid trust file', issuesOf(parsed.error));
  return parsed.data;
}

export function parseBundleEntry(value: unknown): BundleEntry {
  const parsed = bundleEntrySchema.safeParse(value);
  if (!parsed.success) throw new VerifierError('malformed-bundle', 'not a valid entry (index, envelope, inclusionProof)', issuesOf(parsed.error));
  return parsed.data;
}
