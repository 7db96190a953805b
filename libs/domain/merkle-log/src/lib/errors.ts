/**
 * Error codes raised by this library. Callers map them to transport-level
 * answers (HTTP status, Kafka dead-letter reason); the library never does.
 */
export type MerkleLogErrorCode =
  | 'invalid-argument'
  | 'malformed-encoding'
  | 'malformed-tree-state'
  | 'malformed-note'
  | 'malformed-checkpoint'
  | 'malformed-key'
  | 'malformed-request'
  | 'malformed-tile'
  | 'unknown-key-type'
  | 'key-id-mismatch'
  | 'ambiguous-key'
  | 'invalid-signature'
  | 'unverified-note'
  | 'missing-hash';

export class MerkleLogError extends Error {
  override readonly name = 'MerkleLogError';

  constructor(
    readonly code: MerkleLogErrorCode,
    message: string,
    /** Extra context, e.g. the parsed note for 'unverified-note'. */
    readonly detail?: unknown,
  ) {
    super(`${code}: ${message}`);
  }
}

export function fail(code: MerkleLogErrorCode, message: string, detail?: unknown): never {
  throw new MerkleLogError(code, message, detail);
}
