// Prisma CLI config (Prisma 7 reads the connection from here, not from schema.prisma).
// Used by `prisma generate` and, where the native schema engine exists, by
// `prisma migrate deploy --config prisma/prisma.config.ts`. The in-repo runner
// (scripts/db.ts) reads the same schema and migrations folder.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  // Optional so `generate` works without a database; migrate commands need it.
  ...(process.env['DATABASE_URL'] ? { datasource: { url: process.env['DATABASE_URL'] } } : {}),
});
