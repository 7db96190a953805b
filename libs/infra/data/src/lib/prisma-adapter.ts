import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { resolvePgConnection, type PgConnectionOptions } from './pg-connection';

export interface PrismaConnectionOptions extends PgConnectionOptions {
  /** pg pool size; pg's default (10) when unset. */
  poolSize?: number;
  /** Called for errors on idle pooled connections (a restarted server, a network cut). */
  onPoolError?: (error: Error) => void;
}

/**
 * The driver adapter for the engine-free Prisma Client: one pg pool whose connections all use
 * the chosen schema's search_path, and the same schema given to Prisma so the SQL it generates
 * names it explicitly.
 */
export function createPrismaAdapter(options: PrismaConnectionOptions): PrismaPg {
  const { poolConfig, schema } = resolvePgConnection(options);
  const pool = new pg.Pool({ ...poolConfig, ...(options.poolSize ? { max: options.poolSize } : {}) });
  return new PrismaPg(pool, {
    ...(schema ? { schema } : {}),
    // The client owns this pool: $disconnect() must close it.
    disposeExternalPool: true,
    ...(options.onPoolError ? { onPoolError: options.onPoolError } : {}),
  });
}
