import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { assertSchemaName, resolvePgConnection } from '../lib/pg-connection';

async function withClient<T>(databaseUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  // The server's default schema: these statements name their schema explicitly.
  const client = new pg.Client(resolvePgConnection({ databaseUrl, schema: 'public' }).poolConfig);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh, uniquely named schema (`<prefix>_<16 hex>`), e.g. one per test suite. */
export async function createTestSchema(options: { databaseUrl: string; prefix?: string }): Promise<string> {
  const prefix = (options.prefix ?? 'test').toLowerCase().replace(/[^a-z0-9_]+/g, '_').slice(0, 40);
  const schema = assertSchemaName(`${prefix}_${randomBytes(8).toString('hex')}`);
  await withClient(options.databaseUrl, (c) => c.query(`CREATE SCHEMA "${schema}"`));
  return schema;
}

/** Drops a schema made by createTestSchema and everything in it. Refuses `public`. */
export async function dropTestSchema(options: { databaseUrl: string; schema: string }): Promise<void> {
  const schema = assertSchemaName(options.schema);
  if (schema === 'public') throw new Error('dropTestSchema refuses to drop the public schema');
  await withClient(options.databaseUrl, (c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}

/** DATABASE_URL with `?schema=<schema>` set, for code that only takes a URL. */
export function databaseUrlWithSchema(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('schema', assertSchemaName(schema));
  return url.toString();
}
