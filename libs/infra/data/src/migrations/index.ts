// Migration tooling on Prisma's Wasm schema engine. Free of NestJS and of the generated
// client, so scripts/db.ts and test harnesses can load it on their own.
export {
  applyMigrations,
  checkDrift,
  createMigration,
  diffDatabaseToSchema,
  diffMigrationsToSchema,
  markMigrationRolledBack,
  migrationStatus,
  MigrationError,
  resetDatabase,
  type AppliedMigrations,
  type CreatedMigration,
  type CreateMigrationOptions,
  type DriftReport,
  type MigrateOptions,
  type MigrationStatus,
} from './migrate';
export {
  assertMigrationName,
  findDestructiveStatements,
  findPrismaPaths,
  migrationTimestamp,
  nextMigrationFolderName,
  type PrismaPaths,
} from './migrations-dir';
export { createTestSchema, databaseUrlWithSchema, dropTestSchema } from './test-schema';
