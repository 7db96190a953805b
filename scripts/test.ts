// `npm test`: every test on a real broker and database. Starts the local stack once (unless
// KAFKA_BROKERS and DATABASE_URL name existing servers), runs the unit, integration and
// end-to-end targets through Nx, stops what it started, and ends with Jest's own totals as
// one line: `N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStackSession, type StackSession } from './stack-session.ts';

const root = join(import.meta.dirname, '..');
const reportDir = join(root, 'reports', 'jest');
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });

const env: NodeJS.ProcessEnv = { ...process.env, BORDERLEDGER_REPORT_DIR: reportDir, NX_DAEMON: 'false', NX_TUI: 'false' };
const say = (text: string) => process.stderr.write(`\u001b[1;34m==>\u001b[0m ${text}\n`);

function run(label: string, command: string, args: string[]): boolean {
  say(label);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  return result.status === 0;
}

let stack: StackSession | undefined;
const outcomes: boolean[] = [];
try {
  say('Local stack (PostgreSQL and Kafka) for this run');
  stack = openStackSession(root, env);
  env['DATABASE_URL'] = stack.databaseUrl;
  env['KAFKA_BROKERS'] = stack.kafkaBrokers.join(',');
  const extra = process.argv.slice(2);
  outcomes.push(run('Unit tests', 'npx', ['nx', 'run-many', '-t', 'test', '--parallel=2', '--skip-nx-cache', ...extra]));
  outcomes.push(run('Integration tests', 'npx', ['nx', 'run-many', '-t', 'integration', '--parallel=1', ...extra]));
  outcomes.push(run('End-to-end tests', 'npx', ['nx', 'run', 'e2e:e2e', ...extra]));
} catch (error) {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  outcomes.push(false);
} finally {
  stack?.stop();
}

let passed = 0;
let failed = 0;
let skipped = 0;
const failedSuites: string[] = [];
for (const file of existsSync(reportDir) ? readdirSync(reportDir) : []) {
  const report = JSON.parse(readFileSync(join(reportDir, file), 'utf8'));
  passed += report.numPassedTests;
  // A suite that could not run (a compile error, a failing hook) counts as one failure.
  failed += report.numFailedTests + report.numRuntimeErrorTestSuites;
  skipped += report.numPendingTests + report.numTodoTests;
  failedSuites.push(...report.failedSuites);
}
for (const suite of failedSuites) process.stderr.write(`failed: ${suite}\n`);
const stepsFailed = outcomes.filter((ok) => !ok).length;
if (stepsFailed > 0 && failed === 0) failed = stepsFailed; // a step died without a Jest report
process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed > 0 || stepsFailed > 0 ? 1 : 0);
