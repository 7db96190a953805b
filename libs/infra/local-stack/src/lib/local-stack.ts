import * as fs from 'node:fs';
import pg from 'pg';
import { externalModeError } from './errors';
import { kafkaAnswers, kafkaPreflight, runningKafkaProcess, startKafkaIn, stopKafkaIn } from './kafka';
import type { RunningKafka } from './kafka';
import type { StackLayout } from './layout';
import { databaseUrl, kafkaBrokers, LOOPBACK, resolveSettings } from './options';
import type { LocalStackOptions, ResolvedSettings } from './options';
import { runningPostmaster, startPostgresIn, stopPostgresIn } from './postgres';
import type { RunningPostgres } from './postgres';
import { addLease, clearLeases, isKeepRunning, liveLeaseCount, locateState, setKeepRunning, withStateLock } from './state';

export interface RunningStack {
  /** postgresql://user:password@127.0.0.1:port/database — or DATABASE_URL in external mode. */
  databaseUrl: string;
  /** ["127.0.0.1:port"] — or KAFKA_BROKERS in external mode. */
  kafkaBrokers: string[];
  /** True when KAFKA_BROKERS and DATABASE_URL were given and nothing was started. */
  external: boolean;
  /** The state folder; undefined in external mode. */
  stateDir: string | undefined;
  /** True when both services were already running (or external): this call started nothing. */
  reused: boolean;
  /**
   * Ends this caller's use of the stack. The services stop when no other live process
   * uses them and nobody asked to keep them running (`stack up`); otherwise they stay.
   */
  stop(): Promise<void>;
}

export interface StopOptions {
  /** Simulate a crash instead of a clean stop: SIGKILL for Kafka, immediate shutdown for PostgreSQL. */
  crash?: boolean;
}

export type ServiceState = 'running' | 'stopped' | 'unresponsive' | 'external';

export interface ServiceStatus {
  state: ServiceState;
  pid: number | undefined;
  port: number | undefined;
  dataDir: string | undefined;
  logFile: string | undefined;
}

export interface LocalStackStatus {
  external: boolean;
  stateDir: string | undefined;
  /** Set by `stack up`: RunningStack.stop() leaves the stack running. */
  keepRunning: boolean;
  /** Live processes holding a startLocalStack() session. */
  sessions: number;
  databaseUrl: string;
  kafkaBrokers: string[];
  postgres: ServiceStatus;
  kafka: ServiceStatus;
}

/**
 * Starts PostgreSQL and Kafka for this checkout, or reuses them when already running;
 * in external mode (KAFKA_BROKERS and DATABASE_URL set) starts nothing and returns those.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<RunningStack> {
  const settings = resolveSettings(options);
  if (settings.external) {
    settings.log(`external mode: KAFKA_BROKERS=${settings.external.kafkaBrokers.join(',')} and DATABASE_URL are set; starting nothing`);
    return { ...settings.external, external: true, stateDir: undefined, reused: true, stop: async () => undefined };
  }
  const layout = locateState(settings, { create: true });
  settings.log(`state folder: ${layout.stateDir}`);
  const stopSettings: ResolvedSettings = { ...settings, signal: undefined };

  const { lease, reused } = await withStateLock(layout, settings, async () => {
    kafkaPreflight(settings, layout);
    // Both at once: the JVM and initdb/pg_ctl overlap nicely on two cores.
    const [postgres, kafka] = await Promise.allSettled([startPostgresIn(settings, layout), startKafkaIn(settings, layout)]);
    if (postgres.status === 'rejected' || kafka.status === 'rejected') {
      // Leave nothing behind that this call started; reused services stay as they were.
      if (postgres.status === 'fulfilled' && !postgres.value.reused) await stopPostgresIn(stopSettings, layout, false);
      if (kafka.status === 'fulfilled' && !kafka.value.reused) await stopKafkaIn(stopSettings, layout, false);
      throw postgres.status === 'rejected' ? postgres.reason : (kafka as PromiseRejectedResult).reason;
    }
    // Only once both run: a failed `up` must not pin a half-started stack.
    if (settings.keepRunning) setKeepRunning(layout, true);
    return { lease: addLease(layout), reused: postgres.value.reused && kafka.value.reused };
  });

  let released = false;
  return {
    databaseUrl: databaseUrl(settings),
    kafkaBrokers: kafkaBrokers(settings),
    external: false,
    stateDir: layout.stateDir,
    reused,
    stop: async () => {
      if (released) return;
      released = true;
      await withStateLock(layout, stopSettings, async () => {
        fs.rmSync(lease, { force: true });
        if (isKeepRunning(layout)) return;
        const others = liveLeaseCount(layout);
        if (others > 0) {
          settings.log(`leaving the stack running: ${others} other process(es) still use it`);
          return;
        }
        await stopBoth(stopSettings, layout);
      });
    },
  };
}

/** Stops whatever the pid files of this checkout's state folder name (`stack down`). */
export async function stopLocalStack(options: LocalStackOptions): Promise<void> {
  const settings = { ...resolveSettings(options), signal: undefined };
  if (settings.external) {
    settings.log('external mode: nothing of ours to stop');
    return;
  }
  const layout = locateState(settings, { create: false });
  if (!fs.existsSync(layout.stateDir)) {
    settings.log(`nothing to stop: no state folder at ${layout.stateDir}`);
    return;
  }
  await withStateLock(layout, settings, async () => {
    const stopped = await stopBoth(settings, layout);
    clearLeases(layout);
    setKeepRunning(layout, false);
    if (!stopped) settings.log('nothing was running');
  });
}

async function stopBoth(settings: ResolvedSettings, layout: StackLayout): Promise<boolean> {
  const [kafka, postgres] = await Promise.all([stopKafkaIn(settings, layout, false), stopPostgresIn(settings, layout, false)]);
  return kafka || postgres;
}

export async function localStackStatus(options: LocalStackOptions): Promise<LocalStackStatus> {
  const settings = resolveSettings(options);
  if (settings.external) {
    const external: ServiceStatus = { state: 'external', pid: undefined, port: undefined, dataDir: undefined, logFile: undefined };
    return {
      external: true,
      stateDir: undefined,
      keepRunning: false,
      sessions: 0,
      ...settings.external,
      postgres: external,
      kafka: { ...external },
    };
  }
  const layout = locateState(settings, { create: false });
  const postmaster = runningPostmaster(layout);
  const broker = runningKafkaProcess(layout);
  const postgresState: ServiceState = !postmaster ? 'stopped' : (await postgresAnswers(settings, postmaster.port)) ? 'running' : 'unresponsive';
  const kafkaState: ServiceState = !broker ? 'stopped' : (await kafkaAnswers([`${LOOPBACK}:${broker.port}`])) ? 'running' : 'unresponsive';
  return {
    external: false,
    stateDir: layout.stateDir,
    keepRunning: isKeepRunning(layout),
    sessions: fs.existsSync(layout.stateDir) ? liveLeaseCount(layout) : 0,
    // The ports actually in use when running, else the ones a start would use.
    databaseUrl: databaseUrl({ postgres: { ...settings.postgres, port: postmaster?.port ?? settings.postgres.port } }),
    kafkaBrokers: kafkaBrokers({ kafka: { ...settings.kafka, port: broker?.port ?? settings.kafka.port } }),
    postgres: {
      state: postgresState,
      pid: postmaster?.pid,
      port: postmaster?.port ?? settings.postgres.port,
      dataDir: layout.postgres.dataDir,
      logFile: layout.postgres.logFile,
    },
    kafka: {
      state: kafkaState,
      pid: broker?.pid,
      port: broker?.port ?? settings.kafka.port,
      dataDir: layout.kafka.dataDir,
      logFile: layout.kafka.logFile,
    },
  };
}

async function postgresAnswers(settings: ResolvedSettings, port: number): Promise<boolean> {
  const client = new pg.Client({
    host: LOOPBACK,
    port,
    user: settings.postgres.user,
    password: settings.postgres.password,
    database: settings.postgres.database,
    connectionTimeoutMillis: 3000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/*
 * Single-service control, for tests that restart one service mid-run to prove crash
 * safety. Data survives: only the process is stopped. Call them inside a
 * startLocalStack() session; they do not take a session of their own.
 */

export async function startPostgres(options: LocalStackOptions): Promise<RunningPostgres> {
  const settings = resolveSettings(options);
  if (settings.external) throw externalModeError('start PostgreSQL');
  const layout = locateState(settings, { create: true });
  return withStateLock(layout, settings, () => startPostgresIn(settings, layout));
}

export async function stopPostgres(options: LocalStackOptions, stop: StopOptions = {}): Promise<boolean> {
  const settings = { ...resolveSettings(options), signal: undefined };
  if (settings.external) throw externalModeError('stop PostgreSQL');
  const layout = locateState(settings, { create: false });
  if (!fs.existsSync(layout.stateDir)) return false;
  return withStateLock(layout, settings, () => stopPostgresIn(settings, layout, stop.crash ?? false));
}

export async function startKafka(options: LocalStackOptions): Promise<RunningKafka> {
  const settings = resolveSettings(options);
  if (settings.external) throw externalModeError('start Kafka');
  const layout = locateState(settings, { create: true });
  return withStateLock(layout, settings, () => startKafkaIn(settings, layout));
}

export async function stopKafka(options: LocalStackOptions, stop: StopOptions = {}): Promise<boolean> {
  const settings = { ...resolveSettings(options), signal: undefined };
  if (settings.external) throw externalModeError('stop Kafka');
  const layout = locateState(settings, { create: false });
  if (!fs.existsSync(layout.stateDir)) return false;
  return withStateLock(layout, settings, () => stopKafkaIn(settings, layout, stop.crash ?? false));
}
