import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList, SchemaFilter } from '@prisma/schema-engine-wasm';
import pg from 'pg';
import { resolvePgConnection, type PgConnection, type PgConnectionOptions } from '../lib/pg-connection';
import { createMigrationAdapterFactory } from './migration-adapter';
import {
  findDestructiveStatements,
  findPrismaPaths,
  nextMigrationFolderName,
  readMigrationsList,
  writeMigration,
  type PrismaPaths,
} from './migrations-dir';
import { loadSchemaEngine, panicRegistry, type SchemaEngine } from './schema-engine';

export interface MigrateOptions extends PgConnectionOptions {
  /** Defaults to the repository's prisma/schema.prisma. */
  schemaPath?: string;
  /** Defaults to the repository's prisma/migrations. */
  migrationsDir?: string;
  /** Receives the engine's own log lines (JSON); silent by default. */
  onEngineLog?: (line: string) => void;
}

/** Thrown for every failure reported by the schema engine, with its message. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };
const EMPTY_MIGRATION = '-- This is an empty migration.';

interface EngineSession {
  engine: SchemaEngine;
  connection: PgConnection;
  paths: PrismaPaths;
  files: { path: string; content: string }[];
  migrationsList: MigrationList;
}

/** One engine per call: cheap once the Wasm module is compiled, and nothing leaks between calls. */
async function withEngine<T>(options: MigrateOptions, run: (session: EngineSession) => Promise<T>): Promise<T> {
  const connection = resolvePgConnection(options);
  const paths = findPrismaPaths(options);
  const files = [{ path: paths.schemaPath, content: await readFile(paths.schemaPath, 'utf8') }];
  const migrationsList = await readMigrationsList(paths.migrationsDir);
  const { SchemaEngine } = await loadSchemaEngine();
  const factory = createMigrationAdapterFactory(connection);
  const log = options.onEngineLog ?? (() => undefined);
  let engine: SchemaEngine | undefined;
  try {
    engine = await SchemaEngine.new(
      { datamodels: files.map((f) => [f.path, f.content]) },
      log,
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    return await run({ engine, connection, paths, files, migrationsList });
  } catch (error) {
    throw toMigrationError(error);
  } finally {
    engine?.free();
    await factory.disposeAll();
  }
}

function toMigrationError(error: unknown): Error {
  if (error instanceof MigrationError) return error;
  const panic = panicRegistry();
  const panicMessage = panic.get();
  panic.set_message('');
  const message =
    error instanceof Error
      ? error.message
      : typeof error === 'object' && error !== null && 'message' in error
        ? String((error as { message: unknown }).message)
        : String(error);
  return new MigrationError(panicMessage ? `${message} (engine panic: ${panicMessage})` : message, { cause: error });
}

async function ensureSchemaExists(connection: PgConnection): Promise<void> {
  if (!connection.schema || connection.schema === 'public') return;
  const client = new pg.Client(connection.poolConfig);
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${connection.schema}"`);
  } finally {
    await client.end();
  }
}

export interface AppliedMigrations {
  /** Folder names applied by this call, in order; empty when the database was up to date. */
  applied: string[];
}

/**
 * Applies every pending migration (what `prisma migrate deploy` does), recording them in
 * `_prisma_migrations`. Creates the target schema if needed, so a test suite can call it on a
 * fresh per-suite schema. Needs no shadow database.
 */
export async function applyMigrations(options: MigrateOptions): Promise<AppliedMigrations> {
  await ensureSchemaExists(resolvePgConnection(options));
  return withEngine(options, async ({ engine, migrationsList }) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: NO_FILTER });
    return { applied: appliedMigrationNames };
  });
}

export interface MigrationStatus {
  hasMigrationsTable: boolean;
  /** Applied migrations whose migration.sql changed since (their checksum no longer matches). */
  edited: string[];
  /** Migrations recorded as failed: fix them, then mark them rolled back (see the ADR). */
  failed: string[];
  /** Committed migrations not yet applied. */
  unapplied: string[];
  /** Migrations applied to the database but missing from the folder. */
  unknownToFolder: string[];
}

/** Compares the database's `_prisma_migrations` with the folder. Needs no shadow database. */
export async function migrationStatus(options: MigrateOptions): Promise<MigrationStatus> {
  return withEngine(options, async ({ engine, migrationsList }) => {
    const out = await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTER });
    const history = out.history;
    return {
      hasMigrationsTable: out.hasMigrationsTable,
      edited: out.editedMigrationNames,
      failed: out.failedMigrationNames,
      unapplied: history && 'unappliedMigrationNames' in history ? history.unappliedMigrationNames : [],
      unknownToFolder: history && 'unpersistedMigrationNames' in history ? history.unpersistedMigrationNames : [],
    };
  });
}

/** Records a failed migration as rolled back, so a fixed version can be applied. */
export async function markMigrationRolledBack(options: MigrateOptions & { migrationName: string }): Promise<void> {
  await withEngine(options, ({ engine }) => engine.markMigrationRolledBack({ migrationName: options.migrationName }));
}

function scriptOrEmpty(result: { exitCode: number; stdout: string | null }): string {
  const script = (result.stdout ?? '').trim();
  return result.exitCode === 0 || script === EMPTY_MIGRATION ? '' : `${script}\n`;
}

/**
 * SQL that would bring the committed migrations to schema.prisma; '' when they agree.
 * Replays the migrations in a temporary shadow database (the role needs CREATEDB).
 */
export async function diffMigrationsToSchema(options: MigrateOptions): Promise<string> {
  return withEngine(options, async ({ engine, migrationsList, files }) =>
    scriptOrEmpty(
      await engine.diff({
        from: { tag: 'migrations', ...migrationsList },
        to: { tag: 'schemaDatamodel', files },
        script: true,
        exitCode: true,
        filters: NO_FILTER,
      }),
    ),
  );
}

/** SQL that would bring the live database (its schema) to schema.prisma; '' when they agree. */
export async function diffDatabaseToSchema(options: MigrateOptions): Promise<string> {
  return withEngine(options, async ({ engine, files, paths }) =>
    scriptOrEmpty(
      await engine.diff({
        from: { tag: 'schemaDatasource', files, configDir: dirname(paths.schemaPath) },
        to: { tag: 'schemaDatamodel', files },
        script: true,
        exitCode: true,
        filters: NO_FILTER,
      }),
    ),
  );
}

export interface DriftReport {
  /** SQL from the committed migrations to schema.prisma ('' = none). */
  migrationsToSchema: string;
  /** SQL from the live database to schema.prisma ('' = none). */
  databaseToSchema: string;
  status: MigrationStatus;
  drifted: boolean;
}

/**
 * Drift: schema.prisma changed without a migration, the database was changed by hand, or
 * migrations are pending, edited or failed. Prisma's schema reader does not see triggers or
 * functions, so hand-written SQL in migrations is covered only through the checksums.
 */
export async function checkDrift(options: MigrateOptions): Promise<DriftReport> {
  const migrationsToSchema = await diffMigrationsToSchema(options);
  const status = await migrationStatus(options);
  const databaseToSchema = await diffDatabaseToSchema(options);
  const drifted =
    migrationsToSchema !== '' ||
    databaseToSchema !== '' ||
    status.edited.length > 0 ||
    status.failed.length > 0 ||
    status.unapplied.length > 0 ||
    status.unknownToFolder.length > 0;
  return { migrationsToSchema, databaseToSchema, status, drifted };
}

export interface CreateMigrationOptions extends MigrateOptions {
  /** Readable name: added_x_to_y. */
  name: string;
  /** Write an empty migration when nothing changed (for hand-written SQL). */
  allowEmpty?: boolean;
  /** Clock for the folder name (tests). */
  now?: Date;
}

export interface CreatedMigration {
  /** `<UTC yyyymmddHHMMSS>_<name>`, or undefined when nothing changed and allowEmpty is off. */
  folder: string | undefined;
  /** Path of the written migration.sql. */
  file: string | undefined;
  sql: string;
  /** Statements that can lose data (DROP, TRUNCATE, column type changes). */
  destructive: string[];
}

/** Writes the next migration folder from the diff between the committed migrations and schema.prisma. */
export async function createMigration(options: CreateMigrationOptions): Promise<CreatedMigration> {
  const sql = await diffMigrationsToSchema(options);
  if (sql === '' && !options.allowEmpty) return { folder: undefined, file: undefined, sql, destructive: [] };
  const { migrationsDir } = findPrismaPaths(options);
  const existing = (await readMigrationsList(migrationsDir)).migrationDirectories.map((d) => d.path);
  const folder = nextMigrationFolderName(options.name, existing, options.now ?? new Date());
  const file = await writeMigration(migrationsDir, folder, sql === '' ? `${EMPTY_MIGRATION}\n` : sql);
  return { folder, file, sql, destructive: findDestructiveStatements(sql) };
}

/**
 * Drops everything in the target schema (or the whole public schema) and re-applies every
 * migration. Destroys data: callers decide whether the user agreed.
 */
export async function resetDatabase(options: MigrateOptions): Promise<AppliedMigrations> {
  await ensureSchemaExists(resolvePgConnection(options));
  await withEngine(options, ({ engine }) => engine.reset({ filter: NO_FILTER }));
  return applyMigrations(options);
}
