/**
 * Offline verification of ledger data against a signed checkpoint and known public keys. Every
 * function returns a report (never throws on bad data): what was checked, what failed first.
 */
import { type Ed25519Verifier, validateEnvelopeForLedger } from '@borderledger/entry-validation';
import {
  type Checkpoint,
  MerkleLogError,
  base64Decode,
  bytesEqual,
  evaluateFinality,
  openCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '@borderledger/merkle-log';
import { rootAfterAppending } from './append';
import { entryLeafHash } from './entry-leaf';
import { VerifierError } from './errors';
import type { BundleEntry, BundleRange, ProofBundle, Quorum, TrustedKeys } from './proof-bundle';
import { ReportBuilder, type VerificationReport } from './report';
import { type ResolvedTrust, finalityPolicy, resolveTrust } from './trust';

export interface VerifyOptions {
  /** Envelope signature check (strict RFC 8032); Node callers inject node:crypto for speed. */
  readonly verifySignature?: Ed25519Verifier;
  /** POSIX seconds: cosignatures stamped after now + 5 min do not count. */
  readonly now?: number;
  /** Quorum to apply instead of the trusted keys' own. */
  readonly quorum?: Quorum;
}

const FUTURE_SKEW_SECONDS = 300;

function describe(e: unknown): string {
  return e instanceof MerkleLogError || e instanceof VerifierError || e instanceof Error ? e.message : String(e);
}

/**
 * Log signature (always) and finality (when a quorum is known). Returns the checkpoint when the
 * log's signature verifies, so entry checks can continue against it.
 */
export function checkCheckpoint(
  note: string,
  trust: ResolvedTrust,
  options: VerifyOptions,
  report: ReportBuilder,
): Checkpoint | undefined {
  let checkpoint: Checkpoint;
  try {
    const opened = openCheckpoint(note, trust.logVerifiers, { origin: trust.origin });
    checkpoint = opened.checkpoint;
    report.pass(
      'checkpoint.log-signature',
      `${checkpoint.origin} size ${checkpoint.size} root ${shortHash(checkpoint.rootHash)} signed by ${opened.verified.map((s) => s.name).join(', ')}`,
    );
  } catch (e) {
    report.fail('checkpoint.log-signature', `the checkpoint is not signed by a trusted key of ${trust.origin}: ${describe(e)}`);
    return undefined;
  }
  const quorum = options.quorum ?? trust.quorum;
  if (!quorum) {
    report.note('no quorum given: finality not checked (pass a quorum or a trust file with witnesses.quorum)');
    return checkpoint;
  }
  try {
    const result = evaluateFinality(note, finalityPolicy(trust, quorum), {
      origin: trust.origin,
      ...(options.now !== undefined ? { now: options.now, maxFutureSkewSeconds: FUTURE_SKEW_SECONDS } : {}),
    });
    const names = result.cosigners.map((c) => c.name);
    for (const r of result.rejected) report.note(`cosignature of ${r.name} not counted: ${r.reason}`);
    const required = quorum.required?.length ? `, required: ${quorum.required.join(', ')}` : '';
    report.check(
      'checkpoint.finality',
      result.final,
      `final: cosigned by ${names.length} witnesses (${names.join(', ')}), threshold ${quorum.threshold}${required}`,
      `not final: ${names.length} valid cosignatures (${names.join(', ') || 'none'}) of threshold ${quorum.threshold}` +
        (result.missingRequired.length ? `; missing required witness(es): ${result.missingRequired.join(', ')}` : ''),
    );
  } catch (e) {
    report.fail('checkpoint.finality', describe(e));
  }
  return checkpoint;
}

function shortHash(h: Uint8Array): string {
  return Array.from(h.subarray(0, 6), (b) => b.toString(16).padStart(2, '0')).join('') + '…';
}

function envelopeLabel(envelope: Record<string, unknown>): string {
  const id = typeof envelope['eventId'] === 'string' ? envelope['eventId'] : '?';
  const type = typeof envelope['eventType'] === 'string' ? envelope['eventType'] : '?';
  return `event ${id} (${type})`;
}

/** Schema, signature by the submitter's key valid at submittedAt, and the submitter's right to the type. */
export function checkEnvelope(
  id: string,
  envelope: Record<string, unknown>,
  trust: ResolvedTrust,
  options: VerifyOptions,
  report: ReportBuilder,
): boolean {
  const result = validateEnvelopeForLedger(envelope, trust.registry, options.verifySignature ? { verifySignature: options.verifySignature } : {});
  if (!result.ok) return report.fail(id, `${envelopeLabel(envelope)}: ${result.rejection.code}: ${result.rejection.reason}`);
  const v = result.value;
  const batch = v.envelope.batchSignature;
  const how = batch ? `in a batch (leaf ${batch.leafIndex} of ${batch.size})` : 'alone';
  return report.pass(id, `${envelopeLabel(envelope)} by ${v.participant.id} signed ${how} with ${v.key.keyId}, valid at ${v.envelope.submittedAt}`);
}

function leafOf(envelope: Record<string, unknown>): Uint8Array | undefined {
  try {
    return entryLeafHash(envelope);
  } catch {
    return undefined;
  }
}

/** One entry: its envelope and its inclusion in the checkpoint. */
export function checkEntry(entry: BundleEntry, checkpoint: Checkpoint, trust: ResolvedTrust, options: VerifyOptions, report: ReportBuilder): boolean {
  const prefix = `entry[${entry.index}]`;
  const envelopeOk = checkEnvelope(`${prefix}.envelope`, entry.envelope, trust, options, report);
  const leaf = leafOf(entry.envelope);
  if (!leaf) return report.fail(`${prefix}.inclusion`, `${envelopeLabel(entry.envelope)} is not canonicalisable JSON`);
  if (entry.index >= checkpoint.size) {
    return report.fail(`${prefix}.inclusion`, `index ${entry.index} is not below the checkpoint size ${checkpoint.size}`);
  }
  const proof = entry.inclusionProof.map((h) => base64Decode(h));
  const included = verifyInclusion(leaf, entry.index, checkpoint.size, proof, checkpoint.rootHash);
  report.check(
    `${prefix}.inclusion`,
    included,
    `${envelopeLabel(entry.envelope)} is leaf ${entry.index} of the tree of size ${checkpoint.size}`,
    `${envelopeLabel(entry.envelope)}: the inclusion proof for index ${entry.index} does not lead to the checkpoint root (size ${checkpoint.size}); the envelope or the proof was altered`,
  );
  return envelopeOk && included;
}

/** A contiguous range: every envelope, and the root recomputed from the entries themselves. */
export function checkRange(range: BundleRange, checkpoint: Checkpoint, trust: ResolvedTrust, options: VerifyOptions, report: ReportBuilder): boolean {
  const to = range.from + range.envelopes.length;
  const label = `range[${range.from}..${to})`;
  let allOk = true;
  const leaves: Uint8Array[] = [];
  range.envelopes.forEach((envelope, i) => {
    allOk = checkEnvelope(`${label}.entry[${range.from + i}].envelope`, envelope, trust, options, report) && allOk;
    const leaf = leafOf(envelope);
    if (!leaf) {
      allOk = report.fail(`${label}.entry[${range.from + i}].leaf`, `${envelopeLabel(envelope)} is not canonicalisable JSON`);
      return;
    }
    leaves.push(leaf);
  });
  if (leaves.length !== range.envelopes.length) return false;
  if (to > checkpoint.size) return report.fail(`${label}.root`, `the range ends at ${to}, beyond the checkpoint size ${checkpoint.size}`);
  const root = rootAfterAppending(range.from, range.leftFrontier.map((h) => base64Decode(h)), leaves);
  if (!root) return report.fail(`${label}.root`, `leftFrontier must hold the compact range of [0, ${range.from})`);
  const proof = range.consistencyProof.map((h) => base64Decode(h));
  const ok =
    to === checkpoint.size ? proof.length === 0 && bytesEqual(root, checkpoint.rootHash) : verifyConsistency(to, checkpoint.size, root, checkpoint.rootHash, proof);
  report.check(
    `${label}.root`,
    ok,
    `the ${range.envelopes.length} entries recompute the tree of size ${to}` + (to === checkpoint.size ? ', equal to the checkpoint root' : `, consistent with the checkpoint of size ${checkpoint.size}`),
    `the entries ${range.from}..${to - 1} do not recompute the checkpoint root (size ${checkpoint.size}): an entry, the left frontier or the consistency proof was altered`,
  );
  return allOk && ok;
}

function resolve(keys: TrustedKeys, report: ReportBuilder): ResolvedTrust | undefined {
  try {
    return resolveTrust(keys);
  } catch (e) {
    report.fail('keys', describe(e));
    return undefined;
  }
}

export interface BundleVerifyOptions extends VerifyOptions {
  /** Keys pinned by the verifier; without them the bundle's own keys are used (and a note says so). */
  readonly trust?: TrustedKeys;
}

/** Everything in a proof bundle: checkpoint, finality, each entry, the range. */
export function verifyProofBundle(bundle: ProofBundle, options: BundleVerifyOptions = {}): VerificationReport {
  const parts = [`${bundle.entries.length} entr${bundle.entries.length === 1 ? 'y' : 'ies'}`];
  if (bundle.range) parts.push(`range ${bundle.range.from}..${bundle.range.from + bundle.range.envelopes.length - 1}`);
  const report = new ReportBuilder(`proof bundle (${parts.join(', ')})`);
  if (!options.trust) {
    report.note('keys taken from the bundle itself: this proves the bundle is self-consistent; pin the log and witness keys with a trust file to prove who signed');
  }
  const trust = resolve(options.trust ?? bundle, report);
  if (!trust) return report.build();
  const checkpoint = checkCheckpoint(bundle.checkpoint, trust, options, report);
  if (!checkpoint) return report.build();
  for (const entry of bundle.entries) checkEntry(entry, checkpoint, trust, options, report);
  if (bundle.range) checkRange(bundle.range, checkpoint, trust, options, report);
  if (bundle.entries.length === 0 && !bundle.range) report.note('the bundle holds no entries: only the checkpoint was verified');
  return report.build(`proof bundle (${parts.join(', ')}, checkpoint size ${checkpoint.size})`);
}

/** One entry (envelope + index + inclusion proof) against a signed checkpoint. */
export function verifyEntry(entry: BundleEntry, checkpointNote: string, keys: TrustedKeys, options: VerifyOptions = {}): VerificationReport {
  const report = new ReportBuilder(`entry ${entry.index}`);
  const trust = resolve(keys, report);
  if (!trust) return report.build();
  const checkpoint = checkCheckpoint(checkpointNote, trust, options, report);
  if (checkpoint) checkEntry(entry, checkpoint, trust, options, report);
  return report.build();
}

/** Whether a checkpoint is final: the log's signature and the quorum of witness cosignatures. */
export function verifyFinality(checkpointNote: string, keys: TrustedKeys, options: VerifyOptions = {}): VerificationReport {
  const report = new ReportBuilder('checkpoint finality');
  const trust = resolve(keys, report);
  if (!trust) return report.build();
  if (!(options.quorum ?? trust.quorum)) {
    report.fail('checkpoint.finality', 'no quorum: give one (threshold, required witnesses) to decide finality');
    return report.build();
  }
  const checkpoint = checkCheckpoint(checkpointNote, trust, options, report);
  return report.build(checkpoint ? `checkpoint ${checkpoint.origin} size ${checkpoint.size}` : 'checkpoint finality');
}

/** An exported range against a signed checkpoint. */
export function verifyRange(range: BundleRange, checkpointNote: string, keys: TrustedKeys, options: VerifyOptions = {}): VerificationReport {
  const report = new ReportBuilder(`range ${range.from}..${range.from + range.envelopes.length - 1}`);
  const trust = resolve(keys, report);
  if (!trust) return report.build();
  const checkpoint = checkCheckpoint(checkpointNote, trust, options, report);
  if (checkpoint) checkRange(range, checkpoint, trust, options, report);
  return report.build();
}
