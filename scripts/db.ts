/**
 * Database CLI: Prisma migrations through the Wasm schema engine (the native engine cannot be
 * installed here; see docs/decisions/0003-prisma-wasm-migrations.md). Run with tsx:
 *
 *   npm run db -- <command> [options]        (= tsx scripts/db.ts <command> [options])
 *
 * Commands (all but generate read DATABASE_URL; `?schema=` selects a PostgreSQL schema):
 *   migrate                           apply pending migrations, like `prisma migrate deploy`
 *   migrate:create --name added_x_to_y [--create-only]
 *                                     write the next migration from schema.prisma and apply it;
 *                                     --create-only writes it (even empty) without applying,
 *                                     so raw SQL such as triggers can be appended first
 *   status                            applied / pending / edited / failed migrations
 *   drift                             exit 1 and print the SQL when the database or the
 *                                     migrations differ from schema.prisma
 *   reset [--force]                   drop everything in the schema and re-apply migrations
 *   mark-rolled-back --name <folder>  record a failed migration as rolled back
 *   generate                          prisma generate (Prisma Client into libs/infra/data)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
// Relative import of the Nest-free migrations module: the CLI must not load NestJS or the
// generated client (which may not exist yet).
import {
  applyMigrations,
  checkDrift,
  createMigration,
  markMigrationRolledBack,
  migrationStatus,
  resetDatabase,
  type MigrateOptions,
} from '../libs/infra/data/src/migrations';
import { redactDatabaseUrl } from '../libs/infra/data/src/lib/pg-connection';

const ROOT = resolve(__dirname, '..');
const PRISMA_CONFIG = join(ROOT, 'prisma', 'prisma.config.ts');

class UsageError extends Error {}

function databaseOptions(): MigrateOptions {
  const databaseUrl = process.env['DATABASE_URL'];
  if (!databaseUrl) throw new UsageError('DATABASE_URL is not set (postgresql://user:password@host:port/db[?schema=name])');
  return {
    databaseUrl,
    schemaPath: join(ROOT, 'prisma', 'schema.prisma'),
    migrationsDir: join(ROOT, 'prisma', 'migrations'),
    onEngineLog: process.env['BL_DB_DEBUG'] ? (line) => console.error(line) : undefined,
  };
}

function target(options: MigrateOptions): string {
  return redactDatabaseUrl(options.databaseUrl);
}

async function migrate(): Promise<number> {
  const options = databaseOptions();
  const status = await migrationStatus(options);
  if (status.failed.length > 0) {
    console.error(`Failed migrations in ${target(options)}: ${status.failed.join(', ')}`);
    console.error('Their SQL ran in one transaction and was rolled back. Fix migration.sql, then run');
    console.error('  npm run db -- mark-rolled-back --name <folder>   and migrate again.');
    return 1;
  }
  if (status.edited.length > 0) {
    console.error(`Applied migrations were edited afterwards: ${status.edited.join(', ')}`);
    console.error('Applied migrations are immutable: revert the edit and add a new migration (or reset a dev database).');
    return 1;
  }
  const started = Date.now();
  const { applied } = await applyMigrations(options);
  for (const name of applied) console.log(`applied ${name}`);
  console.log(
    applied.length === 0
      ? `Database ${target(options)} is up to date.`
      : `${applied.length} migration(s) applied to ${target(options)} in ${Date.now() - started} ms.`,
  );
  return 0;
}

async function migrateCreate(name: string | undefined, createOnly: boolean): Promise<number> {
  if (!name) throw new UsageError('migrate:create needs --name added_x_to_y');
  const options = databaseOptions();
  const created = await createMigration({ ...options, name, allowEmpty: createOnly });
  if (!created.folder || !created.file) {
    console.log('No changes: schema.prisma matches the committed migrations (use --create-only for an empty one).');
    return 0;
  }
  console.log(`created ${relative(ROOT, created.file)}`);
  if (created.sql) console.log(`\n${created.sql}`);
  for (const statement of created.destructive) console.warn(`WARNING: may lose data: ${statement}`);
  if (createOnly) {
    console.log('Not applied. Append hand-written SQL (triggers, roles) if needed, then: npm run db -- migrate');
    return 0;
  }
  return migrate();
}

async function status(): Promise<number> {
  const options = databaseOptions();
  const s = await migrationStatus(options);
  console.log(`database: ${target(options)}`);
  console.log(`migrations table: ${s.hasMigrationsTable ? 'present' : 'absent'}`);
  console.log(`pending: ${s.unapplied.join(', ') || 'none'}`);
  console.log(`edited after apply: ${s.edited.join(', ') || 'none'}`);
  console.log(`failed: ${s.failed.join(', ') || 'none'}`);
  console.log(`applied but not in the folder: ${s.unknownToFolder.join(', ') || 'none'}`);
  return s.edited.length + s.failed.length + s.unknownToFolder.length > 0 ? 1 : 0;
}

async function drift(): Promise<number> {
  const options = databaseOptions();
  const report = await checkDrift(options);
  if (report.migrationsToSchema) {
    console.log('schema.prisma differs from the committed migrations (create a migration):\n');
    console.log(report.migrationsToSchema);
  }
  if (report.databaseToSchema) {
    console.log(`The database ${target(options)} differs from schema.prisma; SQL to bring it there:\n`);
    console.log(report.databaseToSchema);
  }
  const s = report.status;
  if (s.unapplied.length) console.log(`pending migrations: ${s.unapplied.join(', ')}`);
  if (s.edited.length) console.log(`edited after apply: ${s.edited.join(', ')}`);
  if (s.failed.length) console.log(`failed: ${s.failed.join(', ')}`);
  if (s.unknownToFolder.length) console.log(`applied but not in the folder: ${s.unknownToFolder.join(', ')}`);
  if (!report.drifted) console.log('No drift: database, migrations and schema.prisma agree.');
  return report.drifted ? 1 : 0;
}

/**
 * Reset destroys data. It runs with --force, or after a typed "yes" on an interactive
 * terminal outside CI; never with NODE_ENV=production.
 */
async function reset(force: boolean): Promise<number> {
  const options = databaseOptions();
  if (process.env['NODE_ENV'] === 'production') throw new UsageError('reset refuses to run with NODE_ENV=production');
  if (!force) {
    if (process.env['CI'] || !process.stdin.isTTY) {
      throw new UsageError('reset drops all data: pass --force (required without an interactive terminal or in CI)');
    }
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(`Drop everything in ${target(options)} and re-apply migrations? Type "yes": `);
    rl.close();
    if (answer.trim() !== 'yes') {
      console.log('Not reset.');
      return 1;
    }
  }
  const { applied } = await resetDatabase(options);
  for (const name of applied) console.log(`applied ${name}`);
  console.log(`Reset ${target(options)}: ${applied.length} migration(s) applied.`);
  return 0;
}

async function rolledBack(name: string | undefined): Promise<number> {
  if (!name) throw new UsageError('mark-rolled-back needs --name <migration folder>');
  await markMigrationRolledBack({ ...databaseOptions(), migrationName: name });
  console.log(`${name} marked as rolled back.`);
  return 0;
}

/** prisma generate; the CLI wants a schema-engine binary path even though generate never runs it. */
function generate(): number {
  const env = { ...process.env };
  if (!env['PRISMA_SCHEMA_ENGINE_BINARY'] || !existsSync(env['PRISMA_SCHEMA_ENGINE_BINARY'])) {
    env['PRISMA_SCHEMA_ENGINE_BINARY'] = process.execPath;
  }
  const prismaCli = join(ROOT, 'node_modules', 'prisma', 'build', 'index.js');
  const run = spawnSync(process.execPath, [prismaCli, 'generate', '--config', PRISMA_CONFIG], {
    cwd: ROOT,
    env,
    stdio: 'inherit',
  });
  return run.status ?? 1;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      'create-only': { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command] = positionals;
  switch (values.help ? 'help' : command) {
    case 'migrate':
      return migrate();
    case 'migrate:create':
      return migrateCreate(values.name, values['create-only']);
    case 'status':
      return status();
    case 'drift':
      return drift();
    case 'reset':
      return reset(values.force);
    case 'mark-rolled-back':
      return rolledBack(values.name);
    case 'generate':
      return generate();
    case 'help':
    case undefined:
      console.log('usage: npm run db -- <migrate|migrate:create --name x [--create-only]|status|drift|reset [--force]|mark-rolled-back --name x|generate>');
      return command === undefined && !values.help ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    if (process.env['BL_DB_DEBUG'] && error instanceof Error) console.error(error.stack);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
