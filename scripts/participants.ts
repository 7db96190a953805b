/**
 * Participants of the local network.
 *
 *   npx tsx scripts/participants.ts seed [--out .local/participants.json] [--json]
 *
 * Admits one demo organisation per role (marketplace platform, express carrier, logistics
 * operator, customs administration, auditor) with a signing key and an API credential, and writes
 * the secrets to --out (mode 0600) plus one custodial keystore directory per role beside it
 * (<dir>/keystores/<role>/<participant>.json, the NODE_KEYSTORE_DIR of that role's node). Running
 * it again changes nothing; after a database reset it re-admits the same keys. Needs DATABASE_URL.
 * Secrets are never printed: --json prints paths, ids and key ids only.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..');

// The libraries use tsconfig path aliases and Nest's (legacy) decorators: tsx needs the base
// tsconfig for both, and reads it at start-up, so the command re-runs itself with it.
if (!process.env['TSX_TSCONFIG_PATH']) {
  const result = spawnSync(process.execPath, [...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.base.json') },
  });
  process.exit(result.status ?? 1);
} else {
  (require('./participants/seed-command') as typeof import('./participants/seed-command'))
    .main(process.argv.slice(2), root)
    .then((code) => process.exit(code))
    .catch((error: Error) => {
      process.stderr.write(`error: ${error.message}\n`);
      process.exit(1);
    });
}
