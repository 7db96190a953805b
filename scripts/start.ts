// `npm start` (./borderledger start): the whole network on this machine with embedded defaults.
// PostgreSQL and Kafka from the local stack, migrations, demo participants, the ledger, the
// three ingestion nodes and the customs node (each a witness), the registry admin API; then demo
// traffic from the sample-data generator, followed until it is committed, a final checkpoint
// cosigned by the quorum, and one event's proof exported and verified offline.
// Ctrl-C stops the services and the stack; nothing is left running.
// Run under tsx with the workspace's path aliases (see package.json "start").
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateNoteKeyPair } from '@borderledger/merkle-log';
import { streamScenario, type GeneratedEvent } from '@borderledger/sample-data';
import { LEDGER_NODE_FLAGS } from '../apps/ledger/src/runtime-options';
import { startServiceProcess, type ServiceProcess } from '@borderledger/testing';
import { openStackSession, type StackSession } from './stack-session.ts';

const root = join(__dirname, '..');
const localDir = join(root, '.local');
const say = (text: string) => process.stdout.write(`\u001b[1;34m==>\u001b[0m ${text}\n`);
const env: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' };
const ports = { ledger: 3100, platform: 3101, carrier: 3102, logistics: 3103, customs: 3104, registry: 3105 };
const DEMO_CONSIGNMENTS = Number(process.env['DEMO_CONSIGNMENTS'] ?? 25);

function step(label: string, command: string, args: string[]): void {
  say(label);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${label} failed`);
}

const services: ServiceProcess[] = [];
let stack: StackSession | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('Stopping services');
    await Promise.all(services.map((s) => s.stop()));
    stack?.stop();
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

/** Keys of the local network, generated once and kept (mode 600) so restarts keep the same log. */
interface NetworkKeys {
  ledger: { origin: string; signerKey: string; verifierKey: string };
  witnesses: Record<string, { name: string; signerKey: string; verifierKey: string }>;
  readToken: string;
  adminToken: string;
}

function networkKeys(): NetworkKeys {
  const file = join(localDir, 'network-keys.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as NetworkKeys;
  const origin = 'borderledger.local/log';
  const witness = (name: string) => ({ name, ...generateNoteKeyPair(name) });
  const keys: NetworkKeys = {
    ledger: { origin, ...generateNoteKeyPair(origin) },
    witnesses: {
      customs: witness('customs-nl.witness'),
      platform: witness('shopwave.witness'),
      carrier: witness('skyfreight.witness'),
      logistics: witness('hubline.witness'),
    },
    readToken: randomBytes(24).toString('base64url'),
    adminToken: randomBytes(24).toString('base64url'),
  };
  mkdirSync(localDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return keys;
}

async function main(): Promise<void> {
  say('Local stack: PostgreSQL and Kafka (the first start downloads the Kafka jars through Maven)');
  stack = openStackSession(root, env);
  env['DATABASE_URL'] = stack.databaseUrl;
  env['KAFKA_BROKERS'] = stack.kafkaBrokers.join(',');
  step('Applying database migrations', 'npx', ['tsx', 'scripts/db.ts', 'migrate']);
  step('Seeding the demo participants (secrets in .local/participants.json, mode 600)', 'npx', ['tsx', 'scripts/participants.ts', 'seed']);
  const secrets = JSON.parse(readFileSync(join(localDir, 'participants.json'), 'utf8')) as {
    keystores: Record<string, string>;
    participants: Record<string, { id: string; roles: string[]; token: string }>;
  };
  const keys = networkKeys();
  step('Building the services', 'npx', ['nx', 'run-many', '-t', 'build', '-p', 'ledger,platform-node,carrier-node,logistics-node,customs-node,registry-api']);

  const common = { KAFKA_BROKERS: env['KAFKA_BROKERS'] ?? '', DATABASE_URL: env['DATABASE_URL'] ?? '', LOG_LEVEL: 'warn' };
  const echo = (name: string) => (line: string) => process.stdout.write(`[${name}] ${line}\n`);
  const url = (port: number) => `http://127.0.0.1:${port}`;
  const witnessEnv = (role: keyof NetworkKeys['witnesses']) => ({
    WITNESS_NAME: keys.witnesses[role].name,
    WITNESS_SIGNING_KEY: keys.witnesses[role].signerKey,
    LOG_ORIGIN: keys.ledger.origin,
    LOG_PUBLIC_KEY: keys.ledger.verifierKey,
    LEDGER_URL: url(ports.ledger),
    LEDGER_READ_TOKEN: keys.readToken,
  });
  const start = async (name: string, main: string, port: number, extra: Record<string, string>, readyPath = '/metrics', nodeFlags: readonly string[] = []) => {
    const service = await startServiceProcess({ name, main: join(root, 'dist/apps', main, 'main.js'), env: { ...common, ...extra }, nodeFlags, port, readyPath, onOutput: echo(name) });
    services.push(service);
    return service;
  };

  say('Starting the ledger, the nodes (each one a witness) and the registry');
  const roles = ['customs', 'platform', 'carrier', 'logistics'] as const;
  const ledger = await start('ledger', 'ledger', ports.ledger, {
    LEDGER_ORIGIN: keys.ledger.origin,
    LEDGER_SIGNING_KEY: keys.ledger.signerKey,
    LEDGER_READ_TOKENS: keys.readToken,
    WITNESS_KEYS: roles.map((r) => keys.witnesses[r].verifierKey).join(','),
    WITNESS_URLS: roles.map((r) => `${keys.witnesses[r].name}=${url(ports[r])}`).join(','),
    LEDGER_QUORUM_THRESHOLD: '3',
    LEDGER_QUORUM_REQUIRED: keys.witnesses.customs.name,
  }, '/health', LEDGER_NODE_FLAGS);
  await start('customs-node', 'customs-node', ports.customs, witnessEnv('customs'));
  const nodes = {
    platform: await start('platform-node', 'platform-node', ports.platform, { ...witnessEnv('platform'), NODE_KEYSTORE_DIR: secrets.keystores['platform'] ?? '' }),
    carrier: await start('carrier-node', 'carrier-node', ports.carrier, { ...witnessEnv('carrier'), NODE_KEYSTORE_DIR: secrets.keystores['carrier'] ?? '' }),
    logistics: await start('logistics-node', 'logistics-node', ports.logistics, { ...witnessEnv('logistics'), NODE_KEYSTORE_DIR: secrets.keystores['logistics'] ?? '' }),
  };
  await start('registry', 'registry', ports.registry, { REGISTRY_ADMIN_TOKEN: keys.adminToken });

  const tokenOf = (role: string) => Object.values(secrets.participants).find((p) => p.roles.includes(role))?.token ?? '';
  const idOf = (role: string) => Object.values(secrets.participants).find((p) => p.roles.includes(role))?.id ?? role;

  say(`Sending demo traffic: ${DEMO_CONSIGNMENTS} consignments from the sample-data generator (seed 42, with anomalies)`);
  const batches: Record<'platform' | 'carrier' | 'logistics', GeneratedEvent[]> = { platform: [], carrier: [], logistics: [] };
  // Two weeks back, so most consignments have run their course (booking to delivery) by now.
  const startAt = new Date(Date.now() - 14 * 24 * 60 * 60 * 1000);
  for (const item of streamScenario({
    seed: 42,
    consignments: DEMO_CONSIGNMENTS,
    start: startAt,
    consignmentsPerDay: DEMO_CONSIGNMENTS * 4,
    anomalies: { undervaluation: 0.1, splitShipment: 0.05, descriptionHsMismatch: 0.05, watchListedParty: 0.05, lateFiling: 0.05 },
    submitterPerRole: { platform: idOf('platform'), carrier: idOf('carrier'), logistics: idOf('logistics') },
  })) {
    if (item.kind !== 'event') continue;
    // Events dated in the future of this clock are held back (the envelope refuses them).
    if (Date.parse(item.event.occurredAt) > Date.now()) continue;
    batches[item.event.submitterRole as keyof typeof batches]?.push(item.event);
  }
  const accepted: { eventId: string; node: ServiceProcess; token: string }[] = [];
  let refused = 0;
  for (const [role, events] of Object.entries(batches) as [keyof typeof batches, GeneratedEvent[]][]) {
    for (let i = 0; i < events.length; i += 200) {
      const body = {
        events: events.slice(i, i + 200).map((e) => ({
          eventId: e.eventId,
          eventType: e.eventType,
          schemaVersion: e.schemaVersion,
          consignmentRef: e.consignmentRef,
          occurredAt: e.occurredAt,
          payload: e.payload,
        })),
      };
      const response = await fetch(`${nodes[role].url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenOf(role)}` },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as { results?: { eventId?: string; status: string }[]; title?: string };
      if (!answer.results) throw new Error(`${role}-node answered ${response.status}: ${answer.title ?? ''}`);
      for (const r of answer.results) {
        if (r.status === 'refused' || !r.eventId) refused += 1;
        else accepted.push({ eventId: r.eventId, node: nodes[role], token: tokenOf(role) });
      }
    }
  }
  say(`Accepted ${accepted.length} events (${refused} refused) on the platform, carrier and logistics nodes`);

  const deadline = Date.now() + 120_000;
  let committed = 0;
  let rejected = 0;
  let lastIndex: { eventId: string; index: number } | undefined;
  while (Date.now() < deadline) {
    committed = 0;
    rejected = 0;
    for (const a of accepted) {
      const status = (await (await fetch(`${a.node.url}/v1/events/${a.eventId}`, { headers: { authorization: `Bearer ${a.token}` } })).json()) as {
        status: string;
        ledgerIndex?: number;
      };
      if (status.status === 'committed') {
        committed += 1;
        // The newest of the demo's entries: the final checkpoint must cover it (the log may hold earlier runs).
        const index = Number(status.ledgerIndex);
        if (!lastIndex || index > lastIndex.index) lastIndex = { eventId: a.eventId, index };
      } else if (status.status === 'rejected') rejected += 1;
    }
    if (committed + rejected === accepted.length) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  say(`Ledger: ${committed} committed, ${rejected} rejected, ${accepted.length - committed - rejected} still pending`);

  const readHeaders = { authorization: `Bearer ${keys.readToken}` };
  let finalNote = '';
  while (Date.now() < deadline + 30_000) {
    const response = await fetch(`${ledger.url}/v1/checkpoints/final`, { headers: readHeaders });
    if (response.ok) {
      finalNote = await response.text();
      if (/^\d+$/m.test(finalNote) && Number(finalNote.split('\n')[1]) > (lastIndex?.index ?? -1)) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  if (finalNote) {
    const cosigners = finalNote.split('\n').filter((l) => l.startsWith('— ') && !l.startsWith(`— ${keys.ledger.origin} `)).map((l) => l.split(' ')[1]);
    say(`Final checkpoint: tree size ${finalNote.split('\n')[1]}, cosigned by ${cosigners.join(', ')}`);
  } else say('No final checkpoint yet (witnesses still catching up)');

  if (lastIndex && finalNote) {
    const trustFile = join(localDir, 'demo-trust.json');
    const bundleFile = join(localDir, 'demo-proof.json');
    const verifyEnv = {
      ...env,
      LEDGER_URL: ledger.url,
      LEDGER_READ_TOKEN: keys.readToken,
      LOG_ORIGIN: keys.ledger.origin,
      LOG_PUBLIC_KEY: keys.ledger.verifierKey,
      WITNESS_KEYS: roles.map((r) => keys.witnesses[r].verifierKey).join(','),
      LEDGER_QUORUM_THRESHOLD: '3',
      LEDGER_QUORUM_REQUIRED: keys.witnesses.customs.name,
    };
    const verify = (args: string[]) => spawnSync('npx', ['tsx', 'scripts/verify.ts', ...args], { cwd: root, env: verifyEnv, stdio: 'inherit' }).status === 0;
    say(`Exporting the proof of event ${lastIndex.eventId} (ledger index ${lastIndex.index}) and verifying it offline`);
    const exported =
      verify(['trust', '--out', trustFile]) &&
      verify(['export', '--event', lastIndex.eventId, '--checkpoint', 'final', '--trust', trustFile, '--out', bundleFile]);
    if (exported && verify(['bundle', bundleFile, '--trust', trustFile])) {
      process.stdout.write(`    on any machine: ./borderledger verify bundle .local/demo-proof.json --trust .local/demo-trust.json\n`);
    }
  }

  say('The network is up:');
  for (const s of services) process.stdout.write(`    ${s.name.padEnd(15)} ${s.url}   OpenAPI ${s.url}/docs   metrics ${s.url}/metrics\n`);
  process.stdout.write(`    credentials: .local/participants.json (mode 600); ledger read token and keys: .local/network-keys.json\n`);
  process.stdout.write(`    try: TOKEN=$(node -p "Object.values(require('./.local/participants.json').participants).find(p=>p.roles.includes('platform')).token")\n`);
  process.stdout.write(`         curl -s ${nodes.platform.url}/v1/events -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' -d @docs/api/examples/order.json\n`);
  process.stdout.write(`         curl -s ${ledger.url}/v1/checkpoints/final -H "authorization: Bearer $TOKEN"   # the same credential reads the ledger\n`);
  say('Press Ctrl-C to stop everything.');
}

main().catch(async (error: Error) => {
  process.stderr.write(`error: ${error.message}\n`);
  await shutdown(1);
});
