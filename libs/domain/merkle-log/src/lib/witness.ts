/**
 * C2SP tlog-witness add-checkpoint, as a pure decision plus a thin
 * orchestrator over a storage interface (no HTTP here).
 *
 * Request body (c2sp.org/tlog-witness "add-checkpoint"):
 *   old <size>\n
 *   <base64 hash>\n   (0..63 consistency proof lines, RFC 6962 §2.1.2 / RFC 9162 §2.1.4)
 *   \n
 *   <signed checkpoint note>
 *
 * Outcomes and the HTTP status the spec gives each (the service maps them):
 *   cosigned            200  body: cosignature lines
 *   malformed-request   400  unparsable body, old > checkpoint size, proof with old = 0
 *   unauthenticated     403  no signature from a trusted key of that origin verifies
 *   unknown-origin      404
 *   conflict            409  old size != latest cosigned size; body "<latest size>\n",
 *                            Content-Type text/x.tlog.size
 *   equivocation        409  same size as the latest cosigned checkpoint, different root;
 *                            both signed checkpoints are returned as evidence
 *   invalid-proof       422  consistency proof does not verify (MUST NOT cosign)
 *
 * Equivocation is checked whenever the submitted size equals the stored size,
 * even if the client's old size is stale: two log-signed checkpoints of one
 * size with different roots are proof of a split view and must be reported.
 */
import { base64Decode, base64Encode, bytesEqual, parseDecimal, utf8Decode } from './bytes';
import { Checkpoint, peekCheckpoint } from './checkpoint';
import { CosignatureSigner } from './cosignature';
import { MerkleLogError, fail } from './errors';
import { HASH_SIZE } from './hash';
import { NoteVerifier, formatSignatureLine, openNote } from './note';
import { verifyConsistency } from './proof';

/** tlog-witness: "The client MUST NOT send more than 63 consistency proof lines." */
export const MAX_PROOF_LINES = 63;

export interface AddCheckpointRequest {
  readonly oldSize: number;
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint note, verbatim. */
  readonly checkpointNote: string;
}

export function formatAddCheckpointRequest(req: AddCheckpointRequest): string {
  if (!Number.isSafeInteger(req.oldSize) || req.oldSize < 0) fail('invalid-argument', 'old size must be a non-negative safe integer');
  if (req.proof.length > MAX_PROOF_LINES) fail('invalid-argument', `at most ${MAX_PROOF_LINES} proof lines`);
  for (const h of req.proof) if (h.length !== HASH_SIZE) fail('invalid-argument', 'proof hashes must be 32 bytes');
  return `old ${req.oldSize}\n` + req.proof.map((h) => base64Encode(h) + '\n').join('') + '\n' + req.checkpointNote;
}

/** Strict parse of an add-checkpoint body; throws MerkleLogError 'malformed-request'. */
export function parseAddCheckpointRequest(body: string | Uint8Array): AddCheckpointRequest {
  let text: string;
  try {
    text = typeof body === 'string' ? body : utf8Decode(body);
  } catch {
    return fail('malformed-request', 'body is not valid UTF-8');
  }
  let pos = 0;
  const nextLine = (): string => {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) fail('malformed-request', 'every line must end with a newline');
    const line = text.slice(pos, nl);
    pos = nl + 1;
    return line;
  };
  const first = nextLine();
  if (!first.startsWith('old ')) fail('malformed-request', 'first line must be "old <size>"');
  const oldSize = parseDecimal(first.slice(4), 'old size', 'malformed-request');
  const proof: Uint8Array[] = [];
  for (;;) {
    const line = nextLine();
    if (line === '') break;
    if (proof.length === MAX_PROOF_LINES) fail('malformed-request', `more than ${MAX_PROOF_LINES} proof lines`);
    let h: Uint8Array;
    try {
      h = base64Decode(line);
    } catch {
      return fail('malformed-request', 'proof line is not valid base64');
    }
    if (h.length !== HASH_SIZE) fail('malformed-request', 'proof line must encode a 32-byte hash');
    proof.push(h);
  }
  const checkpointNote = text.slice(pos);
  if (checkpointNote.length === 0) fail('malformed-request', 'missing checkpoint');
  return { oldSize, proof, checkpointNote };
}

/** What a witness remembers per origin: the latest checkpoint it cosigned. */
export interface WitnessRecord {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** The signed checkpoint note as submitted (kept as evidence). */
  readonly checkpointNote: string;
}

export interface WitnessLogConfig {
  readonly origin: string;
  /** The log's trusted note keys for this origin. */
  readonly verifiers: readonly NoteVerifier[];
}

export interface SubmittedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly checkpointNote: string;
}

export type AddCheckpointRejection =
  | { readonly kind: 'malformed-request'; readonly reason: string }
  | { readonly kind: 'unknown-origin'; readonly origin: string }
  | { readonly kind: 'unauthenticated'; readonly reason: string }
  | { readonly kind: 'conflict'; readonly latestSize: number; readonly rollback: boolean }
  | { readonly kind: 'equivocation'; readonly latest: WitnessRecord; readonly submitted: SubmittedCheckpoint }
  | { readonly kind: 'invalid-proof'; readonly latest: WitnessRecord | undefined; readonly submitted: SubmittedCheckpoint; readonly proof: readonly Uint8Array[] };

export type AddCheckpointDecision =
  | AddCheckpointRejection
  | { readonly kind: 'accept'; readonly next: WitnessRecord; readonly checkpointText: string };

export type AddCheckpointOutcome =
  | AddCheckpointRejection
  | { readonly kind: 'cosigned'; readonly record: WitnessRecord; readonly signatureLines: string };

/** Maps input errors to outcomes; configuration errors (e.g. 'ambiguous-key') still throw. */
function rejectionFromError(e: unknown): AddCheckpointRejection {
  if (e instanceof MerkleLogError) {
    switch (e.code) {
      case 'unverified-note':
      case 'invalid-signature':
        return { kind: 'unauthenticated', reason: e.message };
      case 'malformed-note':
      case 'malformed-checkpoint':
      case 'malformed-request':
      case 'malformed-encoding':
        return { kind: 'malformed-request', reason: e.message };
    }
  }
  throw e;
}

/**
 * The add-checkpoint rules, pure: given the request, the witness's log
 * configuration and the latest record for the origin, decide. The caller
 * must apply an 'accept' atomically against the same `latest` it passed in.
 */
export function decideAddCheckpoint(
  request: AddCheckpointRequest,
  logs: readonly WitnessLogConfig[],
  latest: WitnessRecord | undefined,
): AddCheckpointDecision {
  let checkpoint: Checkpoint;
  try {
    checkpoint = peekCheckpoint(request.checkpointNote).checkpoint;
  } catch (e) {
    return rejectionFromError(e);
  }
  const log = logs.find((l) => l.origin === checkpoint.origin);
  if (!log) return { kind: 'unknown-origin', origin: checkpoint.origin };
  let text: string;
  try {
    text = openNote(request.checkpointNote, log.verifiers).text;
  } catch (e) {
    return rejectionFromError(e);
  }
  if (latest && latest.origin !== checkpoint.origin) fail('invalid-argument', 'latest record belongs to another origin');
  const submitted: SubmittedCheckpoint = { checkpoint, checkpointNote: request.checkpointNote };
  const latestSize = latest?.size ?? 0;

  if (latest && checkpoint.size === latest.size && !bytesEqual(checkpoint.rootHash, latest.rootHash)) {
    return { kind: 'equivocation', latest, submitted };
  }
  if (request.oldSize > checkpoint.size) return { kind: 'malformed-request', reason: 'old size exceeds checkpoint size' };
  if (request.oldSize === 0 && request.proof.length > 0) return { kind: 'malformed-request', reason: 'proof must be empty when old size is 0' };
  if (request.oldSize !== latestSize) return { kind: 'conflict', latestSize, rollback: checkpoint.size < latestSize };
  if (!verifyConsistency(latestSize, checkpoint.size, latest?.rootHash, checkpoint.rootHash, request.proof)) {
    return { kind: 'invalid-proof', latest, submitted, proof: request.proof };
  }
  return {
    kind: 'accept',
    checkpointText: text,
    next: { origin: checkpoint.origin, size: checkpoint.size, rootHash: checkpoint.rootHash, checkpointNote: request.checkpointNote },
  };
}

/** Persistence for witness state; implementations MUST make compareAndSwap atomic. */
export interface WitnessStateStore {
  get(origin: string): Promise<WitnessRecord | undefined>;
  /**
   * Stores `next` only if the current record still has `expectedSize` (0 = no
   * record). Returns false when another request won the race; this closes the
   * rollback race the spec describes.
   */
  compareAndSwap(origin: string, expectedSize: number, next: WitnessRecord): Promise<boolean>;
}

export class MemoryWitnessStateStore implements WitnessStateStore {
  private readonly records = new Map<string, WitnessRecord>();

  async get(origin: string): Promise<WitnessRecord | undefined> {
    return this.records.get(origin);
  }

  async compareAndSwap(origin: string, expectedSize: number, next: WitnessRecord): Promise<boolean> {
    if ((this.records.get(origin)?.size ?? 0) !== expectedSize) return false;
    this.records.set(origin, next);
    return true;
  }
}

export interface WitnessOptions {
  readonly cosigners: readonly CosignatureSigner[];
  readonly logs: readonly WitnessLogConfig[];
  readonly store: WitnessStateStore;
  /** POSIX seconds; injected so tests control cosignature timestamps. */
  readonly clock: () => number;
}

export class Witness {
  constructor(private readonly options: WitnessOptions) {
    if (options.cosigners.length === 0) fail('invalid-argument', 'a witness needs at least one cosigner key');
    const origins = new Set(options.logs.map((l) => l.origin));
    if (origins.size !== options.logs.length) fail('invalid-argument', 'duplicate log origin in witness configuration');
  }

  async addCheckpoint(body: string | Uint8Array): Promise<AddCheckpointOutcome> {
    let request: AddCheckpointRequest;
    try {
      request = parseAddCheckpointRequest(body);
    } catch (e) {
      return rejectionFromError(e);
    }
    let origin: string;
    try {
      origin = peekCheckpoint(request.checkpointNote).checkpoint.origin;
    } catch (e) {
      return rejectionFromError(e);
    }
    const latest = this.options.logs.some((l) => l.origin === origin) ? await this.options.store.get(origin) : undefined;
    const decision = decideAddCheckpoint(request, this.options.logs, latest);
    if (decision.kind !== 'accept') return decision;
    // Persist before answering, atomically against what we checked (spec race).
    if (!(await this.options.store.compareAndSwap(origin, latest?.size ?? 0, decision.next))) {
      const current = await this.options.store.get(origin);
      return { kind: 'conflict', latestSize: current?.size ?? 0, rollback: decision.next.size < (current?.size ?? 0) };
    }
    const timestamp = this.options.clock();
    const signatureLines = this.options.cosigners
      .map((c) => formatSignatureLine(c.cosign(decision.checkpointText, timestamp)))
      .join('');
    return { kind: 'cosigned', record: decision.next, signatureLines };
  }
}
