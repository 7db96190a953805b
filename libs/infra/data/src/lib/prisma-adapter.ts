import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { resolvePgConnection, type PgConnectionOptions } from './pg-connection';

export interface PrismaConnectionOptions extends PgConnectionOptions {
  /** pg pool size; pg's default (10) when unset. */
  poolSize?: number;
  /** Called for errors on idle pooled connections (a restarted server, a network cut). */
  onPoolError?: (error: Error) => void;
}

/** The pg pool behind the adapter: every connection uses the chosen schema's search_path. */
export function createPgPool(options: PrismaConnectionOptions): pg.Pool {
  const { poolConfig } = resolvePgConnection(options);
  return new pg.Pool({ ...poolConfig, ...(options.poolSize ? { max: options.poolSize } : {}) });
}

/**
 * The driver adapter for the engine-free Prisma Client: one pg pool whose connections all use
 * the chosen schema's search_path, and the same schema given to Prisma so the SQL it generates
 * names it explicitly.
 */
export function createPrismaAdapter(options: PrismaConnectionOptions, pool = createPgPool(options)): PrismaPg {
  const { schema } = resolvePgConnection(options);
  return new PrismaPg(pool, {
    ...(schema ? { schema } : {}),
    // The client owns this pool: $disconnect() must close it.
    disposeExternalPool: true,
    ...(options.onPoolError ? { onPoolError: options.onPoolError } : {}),
  });
}
