/* eslint-disable @nx/enforce-module-boundaries -- Jest loads global setup outside its module
   resolver, so tsconfig path aliases do not resolve here; the relative import is deliberate. */
import { join } from 'node:path';
import { startLocalStack, type RunningStack } from '../../local-stack/src';

declare global {
  var __BORDERLEDGER_STACK__: RunningStack | undefined;
}

/**
 * Once per Jest run: use the servers named by KAFKA_BROKERS and DATABASE_URL when both are set
 * (scripts/test.ts starts the stack once for all runs), otherwise start the local stack. Missing
 * infrastructure fails the run loudly; integration suites are never skipped.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env['KAFKA_BROKERS'] && process.env['DATABASE_URL']) return;
  const rootDir = join(__dirname, '../../../..');
  const stack = await startLocalStack({ rootDir, log: (line) => process.stderr.write(`[local-stack] ${line}\n`) });
  // Workers are forked after global setup and inherit these variables.
  process.env['KAFKA_BROKERS'] = stack.kafkaBrokers.join(',');
  process.env['DATABASE_URL'] = stack.databaseUrl;
  globalThis.__BORDERLEDGER_STACK__ = stack;
}
