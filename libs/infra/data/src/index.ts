// @borderledger/data: the Prisma client service (NestJS) and the migration tooling.
// Run `npm run db:generate` first: the client in src/generated is not committed.
export { PrismaModule, prismaOptionsFromEnv, type PrismaModuleAsyncOptions } from './lib/prisma.module';
export { PRISMA_CONNECTION_OPTIONS, PrismaService } from './lib/prisma.service';
export { createPgPool, createPrismaAdapter, type PrismaConnectionOptions } from './lib/prisma-adapter';
export { isUniqueViolation, UNIQUE_VIOLATION } from './lib/prisma-errors';
export {
  InvalidDatabaseUrlError,
  resolvePgConnection,
  type PgConnection,
  type PgConnectionOptions,
} from './lib/pg-connection';
export { Prisma, type SubmissionReceipt } from './generated/prisma/client';
export * from './migrations';
