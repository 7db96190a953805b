// `npm start`: the whole network on this machine with embedded defaults — PostgreSQL and Kafka
// from the local stack, the database migrated, the services built and started, demo traffic sent
// through them and the result shown. Ctrl-C stops the services and the stack; nothing is left.
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { startServiceProcess, type ServiceProcess } from '../libs/infra/testing/src/lib/service-process.ts';

const root = join(import.meta.dirname, '..');
const say = (text: string) => process.stdout.write(`\u001b[1;34m==>\u001b[0m ${text}\n`);
const env: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' };

function step(label: string, command: string, args: string[]): void {
  say(label);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${label} failed`);
}

const services: ServiceProcess[] = [];
let startedStack = false;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('Stopping services');
    await Promise.all(services.map((s) => s.stop()));
    if (startedStack) step('Stopping the local stack', process.execPath, ['scripts/stack.ts', 'down']);
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

async function main(): Promise<void> {
  if (!(process.env.KAFKA_BROKERS && process.env.DATABASE_URL)) {
    say('Starting the local stack (first start downloads the Kafka jars through Maven)');
    const up = spawnSync(process.execPath, ['scripts/stack.ts', 'up', '--detach', '--json'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (up.status !== 0) throw new Error('the local stack did not start (see above)');
    const stack = JSON.parse(up.stdout.toString()) as { databaseUrl: string; kafkaBrokers: string[]; reused?: boolean };
    startedStack = !stack.reused;
    env.DATABASE_URL = stack.databaseUrl;
    env.KAFKA_BROKERS = stack.kafkaBrokers.join(',');
  }
  step('Applying database migrations', process.execPath, ['--import', 'tsx', 'scripts/db.ts', 'migrate']);
  step('Building the services', 'npx', ['nx', 'run-many', '-t', 'build', '-p', 'ledger', 'platform-node']);

  const token = process.env.NODE_API_TOKEN ?? randomBytes(24).toString('hex');
  const common = { KAFKA_BROKERS: env.KAFKA_BROKERS ?? '', DATABASE_URL: env.DATABASE_URL ?? '', LOG_LEVEL: 'warn' };
  const echo = (name: string) => (line: string) => process.stdout.write(`[${name}] ${line}\n`);
  services.push(
    await startServiceProcess({
      name: 'ledger',
      main: join(root, 'dist/apps/ledger/main.js'),
      env: common,
      port: Number(process.env.LEDGER_PORT ?? 3100),
      readyPath: '/health',
      onOutput: echo('ledger'),
    }),
  );
  const platform = await startServiceProcess({
    name: 'platform-node',
    main: join(root, 'dist/apps/platform-node/main.js'),
    env: { ...common, NODE_API_TOKEN: token },
    port: Number(process.env.PLATFORM_NODE_PORT ?? 3101),
    onOutput: echo('platform-node'),
  });
  services.push(platform);

  say('Sending demo traffic: 5 submissions through platform-node');
  const sent: string[] = [];
  for (let i = 1; i <= 5; i++) {
    const eventId = randomUUID();
    const response = await fetch(`${platform.url}/v1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ eventId, consignmentRef: `UCR-DEMO-${i}`, payload: { demo: i } }),
    });
    if (response.status !== 202) throw new Error(`demo submission answered ${response.status}: ${await response.text()}`);
    sent.push(eventId);
  }
  say(`Accepted ${sent.length} submissions; the ledger records them in PostgreSQL (table submission_receipts).`);
  say('The network is up:');
  for (const s of services) process.stdout.write(`    ${s.name.padEnd(14)} ${s.url}   OpenAPI ${s.url}/docs   metrics ${s.url}/metrics\n`);
  process.stdout.write(`    try: curl -X POST ${platform.url}/v1/submissions -H 'authorization: Bearer ${token}' \\\n`);
  process.stdout.write(`           -H 'content-type: application/json' -d '{"eventId":"${randomUUID()}","consignmentRef":"UCR-1","payload":{}}'\n`);
  say('Press Ctrl-C to stop everything.');
}

main().catch(async (error: Error) => {
  process.stderr.write(`error: ${error.message}\n`);
  await shutdown(1);
});
