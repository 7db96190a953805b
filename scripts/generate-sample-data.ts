/**
 * Sample-data generator CLI: a seeded, reproducible stream of Buy-Pay-Ship events with labelled
 * anomalies (the ground truth a risk engine is scored against). See docs/sample-data.md.
 *
 *   npx tsx scripts/generate-sample-data.ts --seed 42 --consignments 1000 \
 *     --anomalies undervaluation=0.02,split=0.01 --format ndjson --out events.ndjson
 *
 * Run with --help for every option.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';

// The libraries import each other through the path aliases of tsconfig.base.json, which plain
// `npx tsx` does not read (there is no root tsconfig.json). tsx takes the tsconfig from
// TSX_TSCONFIG_PATH when it starts, so without it the script runs itself once more with it set.
const WORKSPACE_TSCONFIG = resolve(__dirname, '..', 'tsconfig.base.json');

const HELP = `Generate sample Buy-Pay-Ship events with labelled anomalies.

Usage: npx tsx scripts/generate-sample-data.ts [options]

  --seed <number|text>        seed; same seed and options => identical output (default 1)
  --consignments <n>          house consignments to generate (default 100); ~7.6 events each
  --anomalies <spec>          anomaly rates, e.g. undervaluation=0.02,split=0.01
                              names: undervaluation, split, hs-mismatch, watchlist, late,
                              or the truth labels (split-shipment, description-hs-mismatch,
                              watch-listed-party, late-filing); all=<rate> sets every one
  --start <date-time>         earliest occurredAt, RFC 3339 (default 2026-01-05T00:00:00Z)
  --per-day <n>               consignments departing per day (default 500)
  --de-minimis <eur>          split-shipment threshold in EUR (default 150)
  --participant <from=to>     submit as another participant id (repeatable),
                              e.g. --participant shopwave=acme-shop
  --role-submitter <role=id>  submit every event of a role (platform, carrier, logistics)
                              as one participant (repeatable), e.g. for the demo network:
                              --role-submitter platform=shopwave --role-submitter carrier=skyfreight
  --format ndjson|json        ndjson: one event per line (default);
                              json: {"events":[...],"truth":[...],"summary":{...}}
  --out <file>                write events there (default: stdout)
  --truth <file>              write the ground truth there as NDJSON
                              (default with --out: <out without extension>.truth.ndjson)
  --validate                  check every payload against @borderledger/events (slower)
  --quiet                     no progress or summary on stderr
  -h, --help                  show this help

Progress and a summary go to stderr; data goes to --out or stdout.`;

class UsageError extends Error {}

function parseCli(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      seed: { type: 'string', default: '1' },
      consignments: { type: 'string', default: '100' },
      anomalies: { type: 'string', default: '' },
      start: { type: 'string' },
      'per-day': { type: 'string' },
      'de-minimis': { type: 'string' },
      participant: { type: 'string', multiple: true, default: [] },
      'role-submitter': { type: 'string', multiple: true, default: [] },
      format: { type: 'string', default: 'ndjson' },
      out: { type: 'string' },
      truth: { type: 'string' },
      validate: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const number = (name: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got "${raw}"`);
    return n;
  };
  if (values.format !== 'ndjson' && values.format !== 'json') throw new UsageError(`--format must be ndjson or json, got "${values.format}"`);
  const participantIds: Record<string, string> = {};
  for (const pair of values.participant) {
    const [from, to, ...rest] = pair.split('=');
    if (!from || !to || rest.length > 0) throw new UsageError(`--participant must be from=to, got "${pair}"`);
    participantIds[from] = to;
  }
  const submitterPerRole: Record<string, string> = {};
  for (const pair of values['role-submitter']) {
    const [role, id, ...rest] = pair.split('=');
    if (!role || !id || rest.length > 0) throw new UsageError(`--role-submitter must be role=id, got "${pair}"`);
    submitterPerRole[role] = id;
  }
  // A seed that reads as a number is that number, so "--seed 42" equals { seed: 42 } in code.
  const seed = /^-?\d+$/.test(values.seed) ? Number(values.seed) : values.seed;
  return {
    help: values.help,
    format: values.format,
    out: values.out,
    truth: values.truth ?? (values.out ? `${values.out.replace(/\.[^./]*$/, '')}.truth.ndjson` : undefined),
    validate: values.validate,
    quiet: values.quiet,
    anomalySpec: values.anomalies,
    options: {
      seed,
      consignments: number('consignments', values.consignments) as number,
      start: values.start,
      consignmentsPerDay: number('per-day', values['per-day']),
      deMinimisEur: number('de-minimis', values['de-minimis']),
      participantIds,
      submitterPerRole,
    },
  };
}

/** Buffered writer with back-pressure: large runs must not pile strings up in memory. */
class Sink {
  private chunks: string[] = [];
  private size = 0;
  private readonly stream: Writable;
  constructor(stream: Writable) {
    this.stream = stream;
  }

  async write(text: string): Promise<void> {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.chunks.length === 0) return;
    const data = this.chunks.join('');
    this.chunks = [];
    this.size = 0;
    if (!this.stream.write(data)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.stream === process.stdout) return;
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

async function loadLibraries() {
  const [sampleData, events] = await Promise.all([import('@borderledger/sample-data'), import('@borderledger/events')]);
  return { sampleData, events };
}

async function main(): Promise<number> {
  let cli: ReturnType<typeof parseCli>;
  try {
    cli = parseCli(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}\n`);
    return 2;
  }
  if (cli.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }

  const { sampleData, events } = await loadLibraries();
  let stream: ReturnType<typeof sampleData.streamScenario>;
  try {
    const anomalies = sampleData.parseAnomalySpec(cli.anomalySpec);
    stream = sampleData.streamScenario({ ...cli.options, anomalies });
  } catch (error) {
    if (error instanceof sampleData.SampleDataOptionsError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }

  const out = new Sink(cli.out ? createWriteStream(cli.out) : process.stdout);
  const truthOut = cli.truth ? new Sink(createWriteStream(cli.truth)) : undefined;
  const truthInJson: string[] = [];
  const log = (line: string) => {
    if (!cli.quiet) process.stderr.write(`${line}\n`);
  };

  const startedAt = performance.now();
  let lastProgress = startedAt;
  let eventCount = 0;
  let truthCount = 0;
  const estimate = Math.max(1, Math.round(cli.options.consignments * 7.6));
  if (cli.format === 'json') await out.write('{"events":[');

  let next = stream.next();
  while (!next.done) {
    const item = next.value;
    if (item.kind === 'event') {
      if (cli.validate) {
        const result = events.validatePayload(item.event.eventType, item.event.payload, item.event.schemaVersion);
        if (!result.ok) throw new Error(`generated an invalid ${item.event.eventType}: ${JSON.stringify(result.issues)}`);
      }
      const json = JSON.stringify(item.event);
      await out.write(cli.format === 'ndjson' ? `${json}\n` : eventCount === 0 ? json : `,${json}`);
      eventCount++;
      if ((eventCount & 0x3fff) === 0 && performance.now() - lastProgress > 2_000) {
        lastProgress = performance.now();
        const seconds = (lastProgress - startedAt) / 1000;
        log(`… ${eventCount} events (~${Math.min(99, Math.floor((100 * eventCount) / estimate))}%), ${Math.round(eventCount / seconds)} events/s`);
      }
    } else {
      truthCount++;
      const json = JSON.stringify(item.truth);
      if (truthOut) await truthOut.write(`${json}\n`);
      if (cli.format === 'json') truthInJson.push(json);
    }
    next = stream.next();
  }
  const summary = next.value;
  if (cli.format === 'json') await out.write(`],"truth":[${truthInJson.join(',')}],"summary":${JSON.stringify(summary)}}\n`);
  await out.close();
  await truthOut?.close();

  const seconds = (performance.now() - startedAt) / 1000;
  log(
    `${summary.events} events for ${summary.consignments} consignments (${summary.masterConsignments} master, ${summary.cancelledConsignments} cancelled), ` +
      `${summary.firstOccurredAt ?? '-'} → ${summary.lastSubmittedAt ?? '-'}, run tag ${summary.runTag}, ` +
      `${seconds.toFixed(1)} s, ${Math.round(summary.events / Math.max(seconds, 1e-3))} events/s`,
  );
  const anomalies = Object.entries(summary.anomalies).filter(([, n]) => n > 0);
  if (anomalies.length > 0) {
    log(`ground truth: ${anomalies.map(([k, n]) => `${k} ${n}`).join(', ')}${cli.truth ? ` → ${cli.truth}` : cli.format === 'json' ? ' (in the JSON document)' : ' (not written: pass --truth <file>)'}`);
  } else if (truthCount === 0) {
    log('no anomalies injected (clean data)');
  }
  return 0;
}

// A closed pipe (… | head) ends the run quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

if (process.env['TSX_TSCONFIG_PATH'] && resolve(process.env['TSX_TSCONFIG_PATH']) === WORKSPACE_TSCONFIG) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
} else {
  // process.execArgv carries tsx's loader flags, so the child runs under tsx too.
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, TSX_TSCONFIG_PATH: WORKSPACE_TSCONFIG },
  });
  process.exitCode = child.status ?? 1;
}
