import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findPrismaPaths } from '../migrations/migrations-dir';

/**
 * Integration suites need a real PostgreSQL: a missing DATABASE_URL fails the suite with this
 * message instead of skipping it.
 */
export function requireDatabaseUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url) {
    throw new Error(
      'DATABASE_URL is not set: integration tests need a PostgreSQL (role with CREATEDB), e.g. ' +
        'DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/postgres npx nx integration data',
    );
  }
  return url;
}

/** A throw-away copy of the committed migrations folder, for tests that add migrations. */
export async function copyCommittedMigrations(): Promise<{ dir: string; migrationsDir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'bl-data-it-'));
  const migrationsDir = join(dir, 'migrations');
  await cp(findPrismaPaths().migrationsDir, migrationsDir, { recursive: true });
  return { dir, migrationsDir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs SQL with a plain pg client (outside the code under test). */
export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(
  databaseUrl: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
