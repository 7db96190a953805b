/**
 * Ingestion throughput through HTTP, with the real broker and database: the built platform,
 * carrier and logistics nodes as processes, batches posted by concurrent clients, each run timed
 * from the first request to the last 202 (every event accepted, persisted in the outbox and
 * published to the submissions topic). Prints events/s per node, mode and batch size: the median
 * of several runs, plus min and max.
 *
 *   npx nx run-many -t build -p platform-node,carrier-node,logistics-node
 *   DATABASE_URL=... KAFKA_BROKERS=... npx tsx bench/ingestion.bench.ts [--runs 5] [--sizes 1,50,500]
 *        [--concurrency 4] [--nodes platform-node,carrier-node,logistics-node] [--modes custodial,client-signed,client-signed-batch]
 *        [--apps-dir dist/apps]
 *
 * Uses its own schema and topic prefix and removes the schema afterwards.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');

// The libraries use tsconfig path aliases and Nest's decorators: tsx needs the base tsconfig,
// which it reads at start-up, so the bench re-runs itself with it.
if (!process.env['TSX_TSCONFIG_PATH']) {
  const result = spawnSync(process.execPath, [...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.base.json') },
  });
  process.exit(result.status ?? 1);
} else {
  (require('./ingestion/run-bench') as typeof import('./ingestion/run-bench'))
    .main(process.argv.slice(2))
    .then((code) => process.exit(code))
    .catch((error: Error) => {
      process.stderr.write(`error: ${error.stack ?? error.message}\n`);
      process.exit(1);
    });
}
