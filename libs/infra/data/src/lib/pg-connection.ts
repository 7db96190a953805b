import { parseIntoClientConfig } from 'pg-connection-string';
import type { PoolConfig } from 'pg';

/** A PostgreSQL schema name we are willing to interpolate into SQL and search_path. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PgConnectionOptions {
  /** postgresql:// URL, usually DATABASE_URL. A `?schema=` parameter selects the schema. */
  databaseUrl: string;
  /** Schema to use instead of the URL's `?schema=` (tests give each suite its own). */
  schema?: string;
}

export interface PgConnection {
  /** pg pool config: parsed fields, never a connectionString, so `database` can be overridden safely. */
  poolConfig: PoolConfig;
  /** The schema every connection's search_path starts with; undefined means the server default (public). */
  schema: string | undefined;
}

export class InvalidDatabaseUrlError extends Error {
  override readonly name = 'InvalidDatabaseUrlError';
}

export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new InvalidDatabaseUrlError(
      `invalid schema name "${schema}": use lower-case letters, digits and _ (at most 63, not starting with a digit)`,
    );
  }
  return schema;
}

/**
 * Turns a DATABASE_URL (plus an optional schema) into a pg pool config whose connections all
 * run with `search_path` set to that schema. Prisma's query compiler qualifies table names with
 * the adapter's schema, but raw SQL, triggers and functions resolve names through search_path,
 * so both must point at the same schema.
 */
export function resolvePgConnection({ databaseUrl, schema }: PgConnectionOptions): PgConnection {
  if (!databaseUrl) throw new InvalidDatabaseUrlError('DATABASE_URL is empty');
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new InvalidDatabaseUrlError('DATABASE_URL must start with postgresql:// or postgres://');
  }
  // A null-prototype record of every URL parameter pg understands, plus the ones it does not.
  const parsed = parseIntoClientConfig(databaseUrl) as PoolConfig & Record<string, unknown>;
  const fromUrl = typeof parsed['schema'] === 'string' ? parsed['schema'] : undefined;
  delete parsed['schema'];
  const chosen = schema ?? fromUrl;
  const poolConfig: PoolConfig = { ...parsed };
  if (chosen !== undefined && chosen !== 'public') {
    assertSchemaName(chosen);
    // Startup option, so it holds on every pooled connection and inside every transaction.
    const searchPath = `-c search_path=${chosen}`;
    poolConfig.options = parsed.options ? `${parsed.options} ${searchPath}` : searchPath;
  }
  return { poolConfig, schema: chosen };
}

/** The same server and credentials, another database (the shadow database for migrations). */
export function withDatabase(poolConfig: PoolConfig, database: string): PoolConfig {
  return { ...poolConfig, database };
}

/** URL for logs: never print the password. */
export function redactDatabaseUrl(databaseUrl: string): string {
  return databaseUrl.replace(/(\/\/[^:/@]+):[^@]*@/, '$1:***@');
}
