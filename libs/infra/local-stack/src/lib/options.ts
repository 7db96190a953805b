import * as path from 'node:path';
import { LocalStackError, partialExternalConfigError } from './errors';

/** Environment as a plain map, so option resolution can be tested without touching process.env. */
export type Env = Readonly<Record<string, string | undefined>>;

export interface LocalStackOptions {
  /** The checkout's root folder (holds node_modules/ and deploy/kafka/). */
  rootDir: string;
  /** State folder (data, logs, pid files). Default: LOCAL_STACK_DIR, else chosen per checkout. */
  stateDir?: string;
  /** Machine-wide folder for caches (Kafka jars, reachable PostgreSQL binaries) and fallback state folders. */
  sharedDir?: string;
  /** Default: POSTGRES_PORT, else 55432. */
  postgresPort?: number;
  /** Broker listener. Default: KAFKA_PORT, else 59092. */
  kafkaPort?: number;
  /** KRaft controller listener. Default: KAFKA_CONTROLLER_PORT, else 59093. */
  kafkaControllerPort?: number;
  /** Application role (LOGIN CREATEDB, not superuser). Default "borderledger". */
  postgresUser?: string;
  /** Default "borderledger". Development only: both servers listen on 127.0.0.1 alone. */
  postgresPassword?: string;
  /** Database owned by the application role. Default "borderledger". */
  postgresDatabase?: string;
  /**
   * startLocalStack only: the stack outlives RunningStack.stop() and only stopLocalStack
   * (`stack down`) stops it. The CLI's `up` sets this; test setups leave it off.
   */
  keepRunning?: boolean;
  /** How long to wait for a service to answer after spawning it. Default 120 s. */
  startTimeoutMs?: number;
  /** Graceful stop budget before escalating to SIGKILL. Default 30 s. */
  stopTimeoutMs?: number;
  /** Progress lines (jar download, start, stop). Default: silent. */
  log?: (line: string) => void;
  /** Cancels a start in progress (the CLI wires Ctrl-C to it); what was started is stopped again. */
  signal?: AbortSignal;
  /** Read instead of process.env (tests). */
  env?: Env;
}

export const DEFAULT_POSTGRES_PORT = 55432;
export const DEFAULT_KAFKA_PORT = 59092;
export const DEFAULT_KAFKA_CONTROLLER_PORT = 59093;
export const DEFAULT_POSTGRES_USER = 'borderledger';
export const DEFAULT_POSTGRES_PASSWORD = 'borderledger';
export const DEFAULT_POSTGRES_DATABASE = 'borderledger';
/** Bootstrap superuser created by initdb; used only to create the application role. */
export const POSTGRES_SUPERUSER = 'postgres';
export const POSTGRES_SUPERUSER_PASSWORD = 'postgres';
export const DEFAULT_SHARED_DIR = '/var/tmp/borderledger';
/** Both services bind the loopback address only: the stack is for one machine. */
export const LOOPBACK = '127.0.0.1';

export interface ExternalServices {
  databaseUrl: string;
  kafkaBrokers: string[];
}

export interface ResolvedSettings {
  rootDir: string;
  /** Set when KAFKA_BROKERS and DATABASE_URL are both given: nothing is started. */
  external: ExternalServices | undefined;
  /** Explicit state folder (option or LOCAL_STACK_DIR); undefined means "choose per checkout". */
  stateDir: string | undefined;
  sharedDir: string;
  postgres: {
    port: number;
    user: string;
    password: string;
    database: string;
  };
  kafka: {
    port: number;
    controllerPort: number;
    /** JVM heap flags; KAFKA_HEAP_OPTS as in Kafka's own scripts. */
    heapOpts: string[];
    /** JAVA_HOME/bin/java when JAVA_HOME is set, else "java" from PATH. */
    javaCommand: string;
  };
  keepRunning: boolean;
  startTimeoutMs: number;
  stopTimeoutMs: number;
  log: (line: string) => void;
  signal: AbortSignal | undefined;
}

/** Pure: options > environment > defaults. Throws LocalStackError on invalid input. */
export function resolveSettings(options: LocalStackOptions, env: Env = options.env ?? process.env): ResolvedSettings {
  if (!options.rootDir) throw invalid('rootDir is required (the checkout root).');
  const rootDir = path.resolve(options.rootDir);

  const postgresPort = options.postgresPort ?? parsePort(env['POSTGRES_PORT'], 'POSTGRES_PORT') ?? DEFAULT_POSTGRES_PORT;
  const kafkaPort = options.kafkaPort ?? parsePort(env['KAFKA_PORT'], 'KAFKA_PORT') ?? DEFAULT_KAFKA_PORT;
  const kafkaControllerPort =
    options.kafkaControllerPort ?? parsePort(env['KAFKA_CONTROLLER_PORT'], 'KAFKA_CONTROLLER_PORT') ?? DEFAULT_KAFKA_CONTROLLER_PORT;
  for (const [name, port] of [
    ['postgresPort', postgresPort],
    ['kafkaPort', kafkaPort],
    ['kafkaControllerPort', kafkaControllerPort],
  ] as const) {
    assertPort(port, name);
  }
  if (new Set([postgresPort, kafkaPort, kafkaControllerPort]).size !== 3) {
    throw invalid(`postgresPort (${postgresPort}), kafkaPort (${kafkaPort}) and kafkaControllerPort (${kafkaControllerPort}) must differ.`);
  }

  const user = options.postgresUser ?? DEFAULT_POSTGRES_USER;
  const database = options.postgresDatabase ?? DEFAULT_POSTGRES_DATABASE;
  for (const [name, value] of [
    ['postgresUser', user],
    ['postgresDatabase', database],
  ] as const) {
    // Kept to plain identifiers so they never need quoting in URLs or SQL.
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value)) throw invalid(`${name} "${value}" must match [a-z_][a-z0-9_]* (at most 63 characters).`);
  }
  if (user === POSTGRES_SUPERUSER) throw invalid(`postgresUser must not be "${POSTGRES_SUPERUSER}": the application role is deliberately not a superuser.`);

  const stateDirRaw = options.stateDir ?? nonEmpty(env['LOCAL_STACK_DIR']);
  const sharedDirRaw = options.sharedDir ?? nonEmpty(env['LOCAL_STACK_SHARED_DIR']) ?? DEFAULT_SHARED_DIR;
  const javaHome = nonEmpty(env['JAVA_HOME']);
  const heapOpts = (nonEmpty(env['KAFKA_HEAP_OPTS']) ?? '-Xms256m -Xmx1g').split(/\s+/).filter(Boolean);

  return {
    rootDir,
    external: resolveExternal(env),
    stateDir: stateDirRaw === undefined ? undefined : path.resolve(rootDir, stateDirRaw),
    sharedDir: path.resolve(rootDir, sharedDirRaw),
    postgres: { port: postgresPort, user, password: options.postgresPassword ?? DEFAULT_POSTGRES_PASSWORD, database },
    kafka: {
      port: kafkaPort,
      controllerPort: kafkaControllerPort,
      heapOpts,
      javaCommand: javaHome ? path.join(javaHome, 'bin', 'java') : 'java',
    },
    keepRunning: options.keepRunning ?? false,
    startTimeoutMs: positive(options.startTimeoutMs, 'startTimeoutMs') ?? 120_000,
    stopTimeoutMs: positive(options.stopTimeoutMs, 'stopTimeoutMs') ?? 30_000,
    log: options.log ?? (() => undefined),
    signal: options.signal,
  };
}

/** External mode is all or nothing: a half-external stack is almost always a leftover variable. */
export function resolveExternal(env: Env): ExternalServices | undefined {
  const brokers = nonEmpty(env['KAFKA_BROKERS']);
  const databaseUrl = nonEmpty(env['DATABASE_URL']);
  if (brokers === undefined && databaseUrl === undefined) return undefined;
  if (brokers === undefined) throw partialExternalConfigError('DATABASE_URL', 'KAFKA_BROKERS');
  if (databaseUrl === undefined) throw partialExternalConfigError('KAFKA_BROKERS', 'DATABASE_URL');
  const kafkaBrokers = brokers
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  for (const broker of kafkaBrokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(broker)) throw invalid(`KAFKA_BROKERS entry "${broker}" is not host:port.`);
  }
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw invalid('DATABASE_URL must start with postgresql:// or postgres://.');
  return { databaseUrl, kafkaBrokers };
}

export function databaseUrl(settings: Pick<ResolvedSettings, 'postgres'>): string {
  const { user, password, port, database } = settings.postgres;
  return `postgresql://${user}:${encodeURIComponent(password)}@${LOOPBACK}:${port}/${database}`;
}

export function kafkaBrokers(settings: Pick<ResolvedSettings, 'kafka'>): string[] {
  return [`${LOOPBACK}:${settings.kafka.port}`];
}

function parsePort(raw: string | undefined, name: string): number | undefined {
  const value = nonEmpty(raw);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw invalid(`${name}="${value}" is not a port number.`);
  const port = Number(value);
  assertPort(port, name);
  return port;
}

function assertPort(port: number, name: string): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalid(`${name} ${port} is not a port (1-65535).`);
}

function positive(value: number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value <= 0) throw invalid(`${name} must be a positive number of milliseconds.`);
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function invalid(message: string): LocalStackError {
  return new LocalStackError('INVALID_OPTION', message);
}
