// Public API of @borderledger/entry-validation: the rules the ledger and every witness apply to
// an entry (envelope schema, registry, key validity at signing time, signature, right to the
// event type) and, for the ledger only, the payload opening. Pure domain code.
export {
  DEFAULT_MAX_FUTURE_SKEW_MS,
  DEFAULT_MAX_SUBMISSION_AGE_MS,
  validateEnvelopeForLedger,
  validateOpening,
  validateSubmission,
  type Ed25519Verifier,
  type EntryValidationOptions,
  type EntryValidationResult,
  type ValidatedEnvelope,
  type ValidatedSubmission,
} from './lib/entry-validation';
export {
  createRegistrySnapshot,
  hasRole,
  keyValidAt,
  type RegistryContents,
  type RegistrySnapshot,
  type SnapshotKey,
  type SnapshotParticipant,
} from './lib/registry-snapshot';
export { REJECTION_CODES, isRejectionCode, reject, summariseIssues, type Rejection, type RejectionCode } from './lib/rejection';
export { SignatureMemory, createMemoizedVerifier, type SignatureCheckInput } from './lib/memoized-verifier';
