// Public API of @borderledger/ledger-store: the ledger's storage port (entries, payloads, tree
// nodes, checkpoints by compare-and-swap, cosignatures), its PostgreSQL implementation through
// Prisma, an in-memory one for unit tests, the registry source and a fast Ed25519 verifier.
export * from './lib/ledger-store';
export { PrismaLedgerStore } from './lib/prisma-ledger-store';
export { MemoryLedgerStore } from './lib/memory-ledger-store';
export { CachedRegistry, PrismaRegistrySource, type RegistrySource } from './lib/registry-source';
export { LEDGER_WRITER_ROLE, databaseUrlWithRole } from './lib/database-role';
