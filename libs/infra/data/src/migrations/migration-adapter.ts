import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  ColumnTypeEnum,
  type ConnectionInfo,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { type PgConnection, withDatabase } from '../lib/pg-connection';

/** PostgreSQL's internal single-byte `"char"` type (pg_constraint.contype, pg_class.relkind, ...). */
export const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

interface FieldLike {
  dataTypeID: number;
}
interface ResultLike {
  fields?: FieldLike[];
  rows?: unknown[];
}

/**
 * Which columns of a result set were `"char"`, keyed by the rows array: adapter-pg hands pg's
 * rows array through unchanged, so the adapter wrapper can find them again.
 */
const charColumnsByRows = new WeakMap<object, number[]>();

/**
 * Fix 1, first half (pg level): adapter-pg has no column type for OID 18 and throws "Column
 * type 'char' could not be deserialized" on the schema engine's catalog queries. Present the
 * column as text (pg already returns the value as a one-character string) and remember it.
 */
export function presentCharColumnsAsText<T>(result: T): T {
  for (const one of Array.isArray(result) ? result : [result]) {
    const { fields, rows } = (one ?? {}) as ResultLike;
    const charColumns: number[] = [];
    fields?.forEach((field, index) => {
      if (field.dataTypeID === PG_CHAR_OID) {
        field.dataTypeID = PG_TEXT_OID;
        charColumns.push(index);
      }
    });
    if (charColumns.length > 0 && rows) charColumnsByRows.set(rows, charColumns);
  }
  return result;
}

/**
 * Fix 1, second half (adapter level): the engine reads those columns as a Rust `char` and
 * panics on a Text value (PostgreSQL 18 lists NOT NULL constraints in pg_constraint, so every
 * table has some), so declare them Character.
 */
export function declareCharColumns(resultSet: SqlResultSet): SqlResultSet {
  const charColumns = charColumnsByRows.get(resultSet.rows);
  if (!charColumns) return resultSet;
  const columnTypes = [...resultSet.columnTypes];
  for (const index of charColumns) columnTypes[index] = ColumnTypeEnum.Character;
  return { ...resultSet, columnTypes };
}

/** Patches one pg client so fix 1 holds for pool queries and transactions alike. */
function patchClientQuery(client: pg.PoolClient): void {
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      const callback = last as (error: unknown, result: unknown) => void;
      args[args.length - 1] = (error: unknown, result: unknown) =>
        callback(error, error ? result : presentCharColumnsAsText(result));
      return original(...args);
    }
    const returned = original(...args) as { then?: unknown } | undefined;
    return typeof returned?.then === 'function'
      ? (returned as Promise<unknown>).then(presentCharColumnsAsText)
      : returned;
  };
}

/** Transactions read catalogs too: the same Character declaration applies inside them. */
function wrapTransaction(tx: Transaction): Transaction {
  return Object.assign(Object.create(tx) as Transaction, {
    queryRaw: async (query: SqlQuery) => declareCharColumns(await tx.queryRaw(query)),
  });
}

function createPool(config: pg.PoolConfig): pg.Pool {
  // The engine takes a session-level advisory lock on one pooled connection and relies on it
  // until the pool ends, so concurrent runs exclude each other: idle connections must not be
  // closed under it during a long migration (idleTimeoutMillis 0). Two connections let the
  // engine query while a transaction holds the other.
  const pool = new pg.Pool({ ...config, max: 2, idleTimeoutMillis: 0 });
  pool.on('connect', patchClientQuery);
  return pool;
}

/**
 * Fix 2: adapter-pg's executeScript splits on `;` and runs the pieces outside a transaction,
 * which breaks `$$` function bodies and leaves a failing migration half-applied. A script
 * sent as one simple-protocol query (no parameters) is parsed by PostgreSQL itself and runs
 * as one implicit transaction, as under Prisma's native engine.
 */
export class MigrationAdapter implements SqlDriverAdapter {
  private disposed?: Promise<void>;

  constructor(
    private readonly inner: SqlDriverAdapter,
    private readonly afterDispose: () => Promise<void> = async () => undefined,
  ) {}

  get provider() {
    return this.inner.provider;
  }
  get adapterName() {
    return this.inner.adapterName;
  }
  async queryRaw(query: SqlQuery): Promise<SqlResultSet> {
    return declareCharColumns(await this.inner.queryRaw(query));
  }
  executeRaw(query: SqlQuery): Promise<number> {
    return this.inner.executeRaw(query);
  }
  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    return wrapTransaction(await this.inner.startTransaction(isolationLevel));
  }
  getConnectionInfo(): ConnectionInfo {
    return this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: true };
  }
  async executeScript(script: string): Promise<void> {
    // Empty args: pg uses the simple query protocol; errors keep adapter-pg's mapping.
    await this.inner.executeRaw({ sql: script, args: [], argTypes: [] });
  }
  dispose(): Promise<void> {
    // Idempotent: the engine may dispose, and we always dispose after each engine call.
    // The clean-up (dropping a shadow database) runs even if closing the pool failed.
    this.disposed ??= this.inner.dispose().then(this.afterDispose, async (error: unknown) => {
      await this.afterDispose();
      throw error;
    });
    return this.disposed;
  }
}

async function runAdmin(config: pg.PoolConfig, sql: string): Promise<void> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const SHADOW_PREFIX = 'bl_migrate_shadow_';
const STALE_SHADOW_SECONDS = 3600;

/** `bl_migrate_shadow_<unix seconds>_<random>`: the age in the name lets a later run clean up. */
export function shadowDatabaseName(now: Date): string {
  return `${SHADOW_PREFIX}${Math.floor(now.getTime() / 1000)}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

/** True for our shadow databases older than an hour (left by a process that was killed). */
export function isStaleShadowDatabase(name: string, now: Date): boolean {
  const match = new RegExp(`^${SHADOW_PREFIX}(\\d+)_[0-9a-f]+$`).exec(name);
  return match !== null && now.getTime() / 1000 - Number(match[1]) > STALE_SHADOW_SECONDS;
}

/** Best effort: a role that may not drop another's leftovers still gets its own shadow. */
async function dropStaleShadowDatabases(config: pg.PoolConfig): Promise<void> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [SHADOW_PREFIX],
    );
    for (const { datname } of rows.filter((r) => isStaleShadowDatabase(r.datname, new Date()))) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

export interface MigrationAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** Disposes every adapter handed out (pools closed, shadow databases dropped). */
  disposeAll(): Promise<void>;
}

/**
 * A migration-aware adapter factory for the Wasm schema engine, with the three fixes
 * described in docs/decisions/0003-prisma-wasm-migrations.md.
 */
export function createMigrationAdapterFactory(connection: PgConnection): MigrationAdapterFactory {
  const handedOut: MigrationAdapter[] = [];
  const adapterOptions = connection.schema ? { schema: connection.schema } : {};

  const open = async (config: pg.PoolConfig, afterDispose?: () => Promise<void>) => {
    const inner = await new PrismaPg(createPool(config), { ...adapterOptions, disposeExternalPool: true }).connect();
    const adapter = new MigrationAdapter(inner, afterDispose);
    handedOut.push(adapter);
    return adapter;
  };

  return {
    provider: 'postgres',
    adapterName: '@borderledger/data-migrations',
    connect: () => open(connection.poolConfig),
    /**
     * Fix 3: adapter-pg's own shadow connection can land on the main database (its connection
     * string overrides the database name) and drops the shadow database before closing its
     * pool, which fails and leaks it. Here: create it, connect by config object, mirror the
     * main schema name, and drop it WITH (FORCE) once the pool is closed. Needs CREATEDB.
     */
    async connectToShadowDb() {
      await dropStaleShadowDatabases(connection.poolConfig);
      const database = shadowDatabaseName(new Date());
      await runAdmin(connection.poolConfig, `CREATE DATABASE "${database}"`);
      const shadowConfig = withDatabase(connection.poolConfig, database);
      const dropShadow = () => runAdmin(connection.poolConfig, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      try {
        if (connection.schema && connection.schema !== 'public') {
          await runAdmin(shadowConfig, `CREATE SCHEMA "${connection.schema}"`);
        }
        return await open(shadowConfig, dropShadow);
      } catch (error) {
        await dropShadow();
        throw error;
      }
    },
    async disposeAll() {
      await Promise.all(handedOut.map((adapter) => adapter.dispose()));
    },
  };
}
