// Public API of @borderledger/verifier-cli: the verifier CLI (scripts/verify.ts) and the Node
// pieces behind it — the PostgreSQL audit, the ledger read client, the proof-bundle exporter.
export { USAGE, runCli, type CliIo } from './lib/cli';
export { auditLedgerDatabase, type AuditOptions, type AuditResult } from './lib/postgres-audit';
export { LedgerReadClient, LedgerReadError, type LedgerEntryWithProof, type LedgerReadClientOptions } from './lib/ledger-read-client';
export { exportProofBundle, type ExportRequest } from './lib/export-bundle';
export { buildTrustFile, type TrustSources } from './lib/trust-file';
