/**
 * C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): the note text of a signed
 * tree head.
 *
 *   <origin>\n<tree size, decimal, no leading zeroes>\n<base64 root hash>\n[<extension line>\n]...
 *
 * Only SHA-256 roots (32 bytes) are accepted: the hash is fixed by RFC 6962 and
 * tlog-tiles. openCheckpoint can pin the expected origin, which is what a
 * verifier configured per log needs (keys are trusted per origin).
 */
import { base64Decode, base64Encode, parseDecimal } from './bytes';
import { MerkleLogError, fail } from './errors';
import { HASH_SIZE, isHash } from './hash';
import { NoteSignature, NoteVerifier, OpenNoteOptions, assertNoteText, openNote, parseNote } from './note';

export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  /** RFC 9162 root hash, 32 bytes. */
  readonly rootHash: Uint8Array;
  /** Opaque extension lines (NOT RECOMMENDED by the spec; each non-empty). */
  readonly extensions: readonly string[];
}

export function formatCheckpoint(cp: Checkpoint): string {
  if (typeof cp.origin !== 'string' || cp.origin.length === 0 || cp.origin.includes('\n')) {
    fail('malformed-checkpoint', 'origin must be one non-empty line');
  }
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) fail('malformed-checkpoint', 'size must be a non-negative safe integer');
  if (!isHash(cp.rootHash)) fail('malformed-checkpoint', 'root hash must be 32 bytes');
  const extensions = cp.extensions ?? [];
  for (const e of extensions) {
    if (typeof e !== 'string' || e.length === 0 || e.includes('\n')) fail('malformed-checkpoint', 'extension lines must be non-empty single lines');
  }
  const text = [cp.origin, String(cp.size), base64Encode(cp.rootHash), ...extensions].join('\n') + '\n';
  try {
    assertNoteText(text);
  } catch (e) {
    throw new MerkleLogError('malformed-checkpoint', 'checkpoint is not valid note text', e);
  }
  return text;
}

/** Parses checkpoint note text (no signatures). */
export function parseCheckpoint(text: string): Checkpoint {
  if (typeof text !== 'string' || !text.endsWith('\n')) fail('malformed-checkpoint', 'checkpoint must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) fail('malformed-checkpoint', 'checkpoint needs origin, size and root hash lines');
  const [origin, sizeLine, rootLine, ...extensions] = lines;
  if (origin.length === 0) fail('malformed-checkpoint', 'origin must be non-empty');
  const size = parseDecimal(sizeLine, 'tree size', 'malformed-checkpoint');
  let rootHash: Uint8Array;
  try {
    rootHash = base64Decode(rootLine);
  } catch {
    return fail('malformed-checkpoint', 'root hash is not valid base64');
  }
  // The hash is fixed to SHA-256 by RFC 6962 / tlog-tiles; any other length is not ours.
  if (rootHash.length !== HASH_SIZE) fail('malformed-checkpoint', 'root hash must be 32 bytes');
  for (const e of extensions) if (e.length === 0) fail('malformed-checkpoint', 'extension lines must be non-empty');
  return { origin, size, rootHash, extensions };
}

export interface OpenedCheckpoint {
  readonly checkpoint: Checkpoint;
  /** Note text exactly as signed (input for cosignatures). */
  readonly text: string;
  readonly verified: readonly NoteSignature[];
  readonly unverified: readonly NoteSignature[];
}

/**
 * Verifies a signed checkpoint against the log's key(s) and parses its body.
 * Throws MerkleLogError ('malformed-note', 'invalid-signature',
 * 'unverified-note', 'malformed-checkpoint').
 */
export function openCheckpoint(
  msg: string | Uint8Array,
  logVerifiers: readonly NoteVerifier[],
  options: OpenNoteOptions & { readonly origin?: string } = {},
): OpenedCheckpoint {
  const opened = openNote(msg, logVerifiers, options);
  const checkpoint = parseCheckpoint(opened.text);
  if (options.origin !== undefined && checkpoint.origin !== options.origin) {
    fail('malformed-checkpoint', `checkpoint origin ${JSON.stringify(checkpoint.origin)} is not the expected log`);
  }
  return { checkpoint, text: opened.text, verified: opened.verified, unverified: opened.unverified };
}

/** Reads the checkpoint body of a signed note without verifying it (e.g. to route by origin). */
export function peekCheckpoint(msg: string | Uint8Array): { checkpoint: Checkpoint; text: string; signatures: readonly NoteSignature[] } {
  const parsed = parseNote(msg);
  return { checkpoint: parseCheckpoint(parsed.text), text: parsed.text, signatures: parsed.signatures };
}
