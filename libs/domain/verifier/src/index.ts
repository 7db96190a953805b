// Public API of @borderledger/verifier: offline verification of ledger data (entries, proof
// bundles, exported ranges, finality) and the pure core of the storage audit. Pure domain code:
// no Node APIs, no I/O; the same code runs in the CLI and in a browser.
export { VerifierError, type VerifierErrorCode } from './lib/errors';
export { ReportBuilder, formatReport, type VerificationCheck, type VerificationReport } from './lib/report';
export { frontierFromConsistencyProof, rootAfterAppending, verifyAppendedLeaves, type AppendCheck } from './lib/append';
export { entryLeafData, entryLeafHash } from './lib/entry-leaf';
export {
  LogExtensionChecker,
  historicalRegistryView,
  verifyLogExtension,
  type ExtensionFailureCode,
  type ExtensionVerdict,
  type LogExtension,
  type LogExtensionOptions,
} from './lib/log-extension';
export {
  PROOF_BUNDLE_FORMAT,
  TRUST_FILE_FORMAT,
  parseBundleEntry,
  parseProofBundle,
  parseTrustFile,
  proofBundleSchema,
  trustFileSchema,
  type BundleEntry,
  type BundleRange,
  type ParticipantInput,
  type ParticipantKeyInput,
  type ProofBundle,
  type Quorum,
  type TrustFile,
  type TrustedKeys,
} from './lib/proof-bundle';
export { finalityPolicy, resolveTrust, type ResolvedTrust } from './lib/trust';
export {
  checkCheckpoint,
  checkEntry,
  checkEnvelope,
  checkRange,
  verifyEntry,
  verifyFinality,
  verifyProofBundle,
  verifyRange,
  type BundleVerifyOptions,
  type VerifyOptions,
} from './lib/verify';
export {
  LedgerAuditor,
  type AuditCheckpointRow,
  type AuditEntryRow,
  type AuditFinding,
  type AuditFindingKind,
  type AuditProgress,
  type LedgerAuditorOptions,
} from './lib/ledger-auditor';

// Test fixture: a complete log in memory (deterministic keys; tests only).
export { FIXTURE_COSIGN_TIME, FIXTURE_KEY_VALID_FROM, FIXTURE_LOG_ORIGIN, FIXTURE_WITNESSES, FixtureLog, type FixtureLogOptions } from './lib/fixture-log';
