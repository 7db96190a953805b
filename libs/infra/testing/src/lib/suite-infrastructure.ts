import { randomBytes } from 'node:crypto';

export interface StackEnvironment {
  readonly kafkaBrokers: string[];
  readonly databaseUrl: string;
}

/** The servers global setup provided; a missing one is a loud failure, never a skip. */
export function stackEnvironment(): StackEnvironment {
  const brokers = process.env['KAFKA_BROKERS'];
  const databaseUrl = process.env['DATABASE_URL'];
  if (!brokers || !databaseUrl) {
    throw new Error(
      'Integration tests need KAFKA_BROKERS and DATABASE_URL. Run them through `npm test` or ' +
        '`npx nx run <project>:integration` (its global setup starts the local stack).',
    );
  }
  return { kafkaBrokers: brokers.split(','), databaseUrl };
}

/**
 * A name unique to one suite run, usable as a PostgreSQL schema and a Kafka topic prefix, so
 * suites never see each other's rows or messages and can run against a shared stack.
 */
export function suiteNamespace(label: string): string {
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 24);
  return `t_${slug}_${randomBytes(4).toString('hex')}`;
}

/** `DATABASE_URL` pointed at `schema` (Prisma's and our adapter's `?schema=` convention). */
export function databaseUrlForSchema(databaseUrl: string, schema: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set('schema', schema);
  return url.toString();
}

/** Polls until `probe` returns a value other than undefined, or fails with `what` after the timeout. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
