/**
 * The verifier CLI: `npx tsx scripts/verify.ts <command> …` (see `--help`). It runs
 * libs/infra/verifier-cli/src/main.ts under tsx with the workspace's path aliases, which tsx only
 * resolves when told where tsconfig.base.json is; hence this small relaunch.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');
const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'libs/infra/verifier-cli/src/main.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.base.json') },
});
if (result.error) {
  process.stderr.write(`verify: could not start: ${result.error.message}\n`);
  process.exit(2);
}
process.exit(result.status ?? 2);
