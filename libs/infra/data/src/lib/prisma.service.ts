import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { PrismaClient } from '../generated/prisma/client';
import { createPrismaAdapter, type PrismaConnectionOptions } from './prisma-adapter';

/** DI token for the connection options of PrismaService. */
export const PRISMA_CONNECTION_OPTIONS = Symbol('PRISMA_CONNECTION_OPTIONS');

const logger = new Logger('PrismaService');

/**
 * The one Prisma client of a service: connects when the Nest module starts, disconnects (and
 * closes its pg pool) when it stops. Usable without Nest too: `new PrismaService({ databaseUrl })`.
 */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit, OnModuleDestroy {
  constructor(@Inject(PRISMA_CONNECTION_OPTIONS) options: PrismaConnectionOptions) {
    super({
      adapter: createPrismaAdapter({
        ...options,
        onPoolError: options.onPoolError ?? ((error) => logger.error(`idle database connection failed: ${error.message}`)),
      }),
    });
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
