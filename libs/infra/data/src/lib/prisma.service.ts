import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { PrismaClient } from '../generated/prisma/client';
import type pg from 'pg';
import { createPgPool, createPrismaAdapter, type PrismaConnectionOptions } from './prisma-adapter';

/** DI token for the connection options of PrismaService. */
export const PRISMA_CONNECTION_OPTIONS = Symbol('PRISMA_CONNECTION_OPTIONS');

const logger = new Logger('PrismaService');

/**
 * The one Prisma client of a service: connects when the Nest module starts, disconnects (and
 * closes its pg pool) when it stops. Usable without Nest too: `new PrismaService({ databaseUrl })`.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  /**
   * The pg pool Prisma runs on, for the one hot path that cannot afford Prisma's per-argument
   * JSON round trip (the ledger's batch append, docs/decisions/0008). Closed by $disconnect().
   */
  readonly pool: pg.Pool;

  constructor(@Inject(PRISMA_CONNECTION_OPTIONS) options: PrismaConnectionOptions) {
    const withErrors = {
      ...options,
      onPoolError: options.onPoolError ?? ((error: Error) => logger.error(`idle database connection failed: ${error.message}`)),
    };
    const pool = createPgPool(withErrors);
    super({ adapter: createPrismaAdapter(withErrors, pool) });
    this.pool = pool;
  }

  async onModuleInit(): Promise<void> {
    // Fail at boot, not on the first request, when the database is unreachable.
    await this.$connect();
    await this.$queryRaw`SELECT 1`;
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}
