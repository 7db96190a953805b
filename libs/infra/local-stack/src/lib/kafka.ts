import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import {
  javaMissingError,
  javaTooOldError,
  kafkaStartFailedError,
  LocalStackError,
  mavenFailedError,
  mavenMissingError,
  MIN_JAVA_MAJOR,
  portInUseError,
  runningOnOtherPortError,
} from './errors';
import {
  coordinatorProbeGroups,
  kafkaVersionFromPom,
  newClusterId,
  parseJavaMajorVersion,
  parseProperties,
  renderTemplate,
  serverPropertiesValues,
} from './kafka-config';
import type { StackLayout } from './layout';
import { kafkaBrokers, LOOPBACK } from './options';
import type { ResolvedSettings } from './options';
import { commandLine, isAlive, isPortFree, readTail, rotateLog, run, sleep, terminate } from './processes';
import { ensureSharedDir } from './state';

export interface RunningKafka {
  brokers: string[];
  port: number;
  controllerPort: number;
  pid: number;
  /** True when it was already running and we only checked it. */
  reused: boolean;
  version: string;
  dataDir: string;
  logFile: string;
}

/** What kafka.pid holds: enough to recognise the process and the ports it was given. */
interface KafkaPidFile {
  pid: number;
  port: number;
  controllerPort: number;
  version: string;
  startedAt: string;
}

export interface KafkaDistribution {
  version: string;
  pomFile: string;
  /** Where the jars are cached: keyed by version and by the pom's content hash. */
  libsDir: string;
}

export function kafkaDistribution(settings: Pick<ResolvedSettings, 'rootDir' | 'sharedDir'>): KafkaDistribution {
  const pomFile = path.join(settings.rootDir, 'deploy', 'kafka', 'pom.xml');
  const pom = fs.readFileSync(pomFile, 'utf8');
  const version = kafkaVersionFromPom(pom);
  // The hash makes any pom change (another logging binding, say) download a fresh set.
  const hash = createHash('sha256').update(pom).digest('hex').slice(0, 8);
  return { version, pomFile, libsDir: path.join(settings.sharedDir, `kafka-${version}-${hash}`, 'libs') };
}

/** Java 17+ or a clear error. Returns the major version. */
export function checkJava(javaCommand: string): number {
  const result = spawnSync(javaCommand, ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) throw javaMissingError(javaCommand);
  const output = `${result.stderr}${result.stdout}`;
  const major = parseJavaMajorVersion(output);
  if (major === undefined || major < MIN_JAVA_MAJOR) throw javaTooOldError(javaCommand, major, output.trim());
  return major;
}

/**
 * Java and (when the jars are not cached yet) Maven, checked before anything starts, so a
 * missing tool fails fast instead of after PostgreSQL has been started and stopped again.
 */
export function kafkaPreflight(settings: ResolvedSettings, layout: StackLayout): void {
  if (runningKafkaProcess(layout)) return;
  checkJava(settings.kafka.javaCommand);
  const distribution = kafkaDistribution(settings);
  if (fs.existsSync(path.join(distribution.libsDir, '.complete'))) return;
  const mvn = spawnSync('mvn', ['--version'], { encoding: 'utf8' });
  if (mvn.error || mvn.status !== 0) throw mavenMissingError(distribution.version, distribution.libsDir);
}

/**
 * Downloads the jars with Maven on first use; later starts find the ".complete" marker
 * and skip Maven entirely. Downloads into a temporary folder and renames it, so an
 * interrupted download never looks complete.
 */
export async function ensureKafkaJars(settings: ResolvedSettings, distribution: KafkaDistribution): Promise<void> {
  const marker = path.join(distribution.libsDir, '.complete');
  if (fs.existsSync(marker)) return;

  const mvn = spawnSync('mvn', ['--version'], { encoding: 'utf8' });
  if (mvn.error || mvn.status !== 0) throw mavenMissingError(distribution.version, distribution.libsDir);

  ensureSharedDir(settings.sharedDir);
  const cacheDir = path.dirname(distribution.libsDir);
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = path.join(cacheDir, `libs.tmp-${randomBytes(4).toString('hex')}`);
  settings.log(`kafka: downloading Apache Kafka ${distribution.version} jars from Maven Central into ${distribution.libsDir} (first use only)`);
  let downloaded = 0;
  let lastReport = Date.now();
  const started = Date.now();
  try {
    const result = await run(
      'mvn',
      ['-B', '-Dstyle.color=never', '-f', distribution.pomFile, 'dependency:copy-dependencies', `-DoutputDirectory=${tmp}`],
      {
        abortSignal: settings.signal,
        onLine: (line) => {
          // One "Downloaded from" line per file; report every few seconds, not per file.
          const download = /Downloaded from \S+: \S+\/([^/\s]+\.jar) /.exec(line);
          if (!download) return;
          downloaded += 1;
          if (Date.now() - lastReport >= 2000) {
            lastReport = Date.now();
            settings.log(`kafka:   ${downloaded} jars downloaded so far (Kafka's and Maven's own plugins), latest ${download[1]}`);
          }
        },
      },
    );
    if (result.code !== 0) {
      const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-25).join('\n');
      throw mavenFailedError(result.code, tail);
    }
    fs.writeFileSync(path.join(tmp, '.complete'), `${distribution.version}\n`);
    fs.rmSync(distribution.libsDir, { recursive: true, force: true });
    try {
      fs.renameSync(tmp, distribution.libsDir);
    } catch (error) {
      // Another process finished first (parallel test projects): use theirs.
      if (!fs.existsSync(marker)) throw error;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const jars = fs.readdirSync(distribution.libsDir).filter((f) => f.endsWith('.jar')).length;
  const source = downloaded > 0 ? `Maven downloaded ${downloaded} jars, its own plugins included` : 'all from the local Maven repository';
  settings.log(`kafka: ${jars} jars ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${source})`);
}

/** The broker started for this state folder, if its process still lives. */
export function runningKafkaProcess(layout: StackLayout): KafkaPidFile | undefined {
  let pidFile: KafkaPidFile;
  try {
    pidFile = JSON.parse(fs.readFileSync(layout.kafka.pidFile, 'utf8')) as KafkaPidFile;
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pidFile.pid) || !isAlive(pidFile.pid)) return undefined;
  const cmd = commandLine(pidFile.pid);
  // A recycled pid is someone else's process: ours names our server.properties.
  if (cmd !== undefined && !(cmd.includes('kafka.Kafka') && cmd.includes(layout.kafka.propertiesFile))) return undefined;
  return pidFile;
}

/**
 * Kafka-protocol readiness: the broker describes its cluster and, when probe groups are
 * given, every group coordinator partition answers (consumer groups work).
 */
export async function kafkaAnswers(brokers: string[], probeGroups: string[] = [], timeoutMs = 3000): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'borderledger-local-stack',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(timeoutMs, 2000),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) return false;
    // Throws while any of them is still loading (COORDINATOR_LOAD_IN_PROGRESS).
    if (probeGroups.length > 0) await admin.describeGroups(probeGroups);
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** One probe group per __consumer_offsets partition, as configured in the generated server.properties. */
function probeGroupsFor(layout: StackLayout): string[] {
  try {
    const partitions = Number(parseProperties(fs.readFileSync(layout.kafka.propertiesFile, 'utf8')).get('offsets.topic.num.partitions') ?? 50);
    return coordinatorProbeGroups(Number.isInteger(partitions) && partitions > 0 ? partitions : 50);
  } catch {
    return coordinatorProbeGroups(50);
  }
}

export async function startKafkaIn(settings: ResolvedSettings, layout: StackLayout): Promise<RunningKafka> {
  const { port, controllerPort } = settings.kafka;
  const brokers = kafkaBrokers(settings);
  const distribution = kafkaDistribution(settings);
  const base = { brokers, port, controllerPort, version: distribution.version, dataDir: layout.kafka.dataDir, logFile: layout.kafka.logFile };

  const existing = runningKafkaProcess(layout);
  if (existing) {
    if (existing.port !== port) throw runningOnOtherPortError('Kafka', existing.port, port, layout.stateDir);
    await waitUntilReady(settings, layout, brokers, existing.pid, undefined);
    settings.log(`kafka: already running (pid ${existing.pid}) on ${brokers.join(',')}`);
    return { ...base, pid: existing.pid, reused: true, version: existing.version };
  }
  fs.rmSync(layout.kafka.pidFile, { force: true });

  const started = Date.now();
  checkJava(settings.kafka.javaCommand);
  await ensureKafkaJars(settings, distribution);
  for (const [p, variable] of [
    [port, 'KAFKA_PORT'],
    [controllerPort, 'KAFKA_CONTROLLER_PORT'],
  ] as const) {
    if (!(await isPortFree(p))) throw portInUseError('Kafka', p, variable);
  }

  fs.mkdirSync(layout.kafka.dataDir, { recursive: true });
  rotateLog(layout.kafka.logFile);
  writeConfigFiles(settings, layout);
  const classpath = `${distribution.libsDir}/*`;
  if (!fs.existsSync(path.join(layout.kafka.dataDir, 'meta.properties'))) await formatStorage(settings, layout, classpath);

  settings.log(`kafka: starting Apache Kafka ${distribution.version} (KRaft, broker+controller) on ${brokers.join(',')}`);
  fs.appendFileSync(layout.kafka.logFile, `\n=== ${new Date().toISOString()} local-stack: starting Kafka ${distribution.version} ===\n`);
  const logFd = fs.openSync(layout.kafka.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(settings.kafka.javaCommand, [...jvmOptions(settings, layout), '-cp', classpath, 'kafka.Kafka', layout.kafka.propertiesFile], {
      cwd: layout.kafka.dir,
      // Own session: survives the CLI (`up --detach`) and a terminal Ctrl-C reaches only us.
      detached: true,
      stdio: ['ignore', logFd, logFd],
    });
  } finally {
    fs.closeSync(logFd);
  }
  const pid = child.pid;
  if (pid === undefined) throw kafkaStartFailedError(`could not spawn ${settings.kafka.javaCommand}`, layout.kafka.logFile, '');
  // Written before waiting, so `stack down` can find the process even if we die meanwhile.
  const pidFile: KafkaPidFile = { pid, port, controllerPort, version: distribution.version, startedAt: new Date().toISOString() };
  fs.writeFileSync(layout.kafka.pidFile, `${JSON.stringify(pidFile)}\n`);
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = signal ? `the JVM was killed by ${signal}` : `the JVM exited with code ${code}`));
  child.unref();

  try {
    await waitUntilReady(settings, layout, brokers, pid, () => exited);
  } catch (error) {
    settings.log(`kafka: start did not complete; stopping pid ${pid}`);
    await stopKafkaProcess({ ...settings, signal: undefined }, pid, false);
    fs.rmSync(layout.kafka.pidFile, { force: true });
    throw error;
  }
  settings.log(`kafka: ready (pid ${pid}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { ...base, pid, reused: false };
}

function jvmOptions(settings: ResolvedSettings, layout: StackLayout): string[] {
  return [
    ...settings.kafka.heapOpts,
    // The flags Kafka's own kafka-run-class.sh uses for the broker.
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-XX:+ExitOnOutOfMemoryError',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${layout.kafka.log4jFile}`,
  ];
}

/** server.properties is regenerated on every start, so port changes take effect. */
function writeConfigFiles(settings: ResolvedSettings, layout: StackLayout): void {
  const kafkaDeployDir = path.join(settings.rootDir, 'deploy', 'kafka');
  const template = fs.readFileSync(path.join(kafkaDeployDir, 'server.properties.template'), 'utf8');
  const values = serverPropertiesValues({
    host: LOOPBACK,
    kafkaPort: settings.kafka.port,
    controllerPort: settings.kafka.controllerPort,
    logDir: layout.kafka.dataDir,
  });
  const header = `# GENERATED by @borderledger/local-stack from deploy/kafka/server.properties.template — edit that file instead.\n`;
  fs.writeFileSync(layout.kafka.propertiesFile, header + renderTemplate(template, values));
  fs.copyFileSync(path.join(kafkaDeployDir, 'log4j2.properties'), layout.kafka.log4jFile);
}

async function formatStorage(settings: ResolvedSettings, layout: StackLayout, classpath: string): Promise<void> {
  const clusterId = newClusterId();
  settings.log(`kafka: formatting storage in ${layout.kafka.dataDir} (cluster id ${clusterId})`);
  // --standalone: a KRaft quorum of one whose voter set lives in the log (KIP-853), the
  // Kafka 4.x way for a combined broker+controller node.
  const result = await run(
    settings.kafka.javaCommand,
    ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '--standalone', '-t', clusterId, '-c', layout.kafka.propertiesFile],
    { abortSignal: settings.signal },
  );
  fs.appendFileSync(layout.kafka.logFile, `\n=== ${new Date().toISOString()} local-stack: kafka.tools.StorageTool format ===\n${result.stdout}${result.stderr}`);
  if (result.code !== 0) {
    throw new LocalStackError(
      'KAFKA_FORMAT_FAILED',
      `Formatting the Kafka storage in ${layout.kafka.dataDir} failed (exit code ${result.code}).`,
      `If that folder holds a broken earlier attempt, delete ${layout.kafka.dataDir} and start again; the tool's output follows.`,
      `${result.stdout}\n${result.stderr}`,
    );
  }
}

async function waitUntilReady(
  settings: ResolvedSettings,
  layout: StackLayout,
  brokers: string[],
  pid: number,
  exitReason: (() => string | undefined) | undefined,
): Promise<void> {
  const deadline = Date.now() + settings.startTimeoutMs;
  const probeGroups = probeGroupsFor(layout);
  let announced = false;
  for (;;) {
    const reason = exitReason?.() ?? (isAlive(pid) ? undefined : 'the JVM exited');
    if (reason) throw kafkaStartFailedError(reason, layout.kafka.logFile, readTail(layout.kafka.logFile));
    if (await kafkaAnswers(brokers, probeGroups)) return;
    if (Date.now() > deadline) {
      throw new LocalStackError(
        'KAFKA_NOT_READY',
        `Kafka (pid ${pid}) did not answer on ${brokers.join(',')} within ${settings.startTimeoutMs / 1000} s.`,
        `Look at ${layout.kafka.logFile}; a slow machine may need a longer startTimeoutMs.`,
        readTail(layout.kafka.logFile, 20),
      );
    }
    if (!announced) {
      settings.log('kafka: waiting for the broker and its group coordinator to answer (describeCluster, describeGroups)');
      announced = true;
    }
    await sleep(250, settings.signal);
  }
}

/** Stops this state folder's broker. Returns false when none was running. */
export async function stopKafkaIn(settings: ResolvedSettings, layout: StackLayout, crash: boolean): Promise<boolean> {
  const running = runningKafkaProcess(layout);
  if (!running) {
    fs.rmSync(layout.kafka.pidFile, { force: true });
    return false;
  }
  settings.log(`kafka: ${crash ? 'crashing (SIGKILL)' : 'stopping'} pid ${running.pid}`);
  await stopKafkaProcess(settings, running.pid, crash);
  fs.rmSync(layout.kafka.pidFile, { force: true });
  return true;
}

async function stopKafkaProcess(settings: ResolvedSettings, pid: number, crash: boolean): Promise<void> {
  // SIGTERM runs Kafka's controlled shutdown, which flushes and marks the logs clean so the
  // next start skips log recovery; SIGKILL only when that takes longer than the budget.
  const endedBy = await terminate(
    pid,
    crash ? [{ signal: 'SIGKILL', waitMs: 10_000 }] : [
      { signal: 'SIGTERM', waitMs: settings.stopTimeoutMs },
      { signal: 'SIGKILL', waitMs: 10_000 },
    ],
  );
  if (endedBy === undefined) {
    throw new LocalStackError('STOP_FAILED', `Kafka (pid ${pid}) survived SIGKILL.`, 'Check it with ps; it may be stuck in the kernel (I/O).');
  }
  if (!crash && endedBy === 'SIGKILL') settings.log(`kafka: did not stop within ${settings.stopTimeoutMs / 1000} s of SIGTERM; killed`);
}
