/**
 * Every failure the local stack reports carries a stable code (for tests and scripts)
 * and a hint that says what to do next: a developer seeing it should not need to read
 * this library's source.
 */
export type LocalStackErrorCode =
  | 'INVALID_OPTION'
  | 'PARTIAL_EXTERNAL_CONFIG'
  | 'EXTERNAL_MODE'
  | 'STATE_DIR_UNREACHABLE'
  | 'LOCK_TIMEOUT'
  | 'ABORTED'
  | 'PORT_IN_USE'
  | 'RUNNING_ON_OTHER_PORT'
  | 'POSTGRES_BINARIES_MISSING'
  | 'POSTGRES_USER_MISSING'
  | 'POSTGRES_DATA_DIR_INVALID'
  | 'POSTGRES_INIT_FAILED'
  | 'POSTGRES_START_FAILED'
  | 'JAVA_MISSING'
  | 'JAVA_TOO_OLD'
  | 'MAVEN_MISSING'
  | 'MAVEN_FAILED'
  | 'KAFKA_FORMAT_FAILED'
  | 'KAFKA_START_FAILED'
  | 'KAFKA_NOT_READY'
  | 'STOP_FAILED';

export class LocalStackError extends Error {
  override readonly name = 'LocalStackError';
  readonly code: LocalStackErrorCode;
  readonly hint: string | undefined;

  constructor(code: LocalStackErrorCode, message: string, hint?: string, details?: string) {
    // One self-contained message: callers usually just print error.message.
    const parts = [message];
    if (hint) parts.push(`\n  → ${hint}`);
    if (details && details.trim()) parts.push(`\n${indent(details.trim())}`);
    super(parts.join(''));
    this.code = code;
    this.hint = hint;
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    | ${line}`)
    .join('\n');
}

export const MIN_JAVA_MAJOR = 17;

export function javaMissingError(javaCommand: string): LocalStackError {
  return new LocalStackError(
    'JAVA_MISSING',
    `Java ${MIN_JAVA_MAJOR}+ is needed to run the local Kafka broker, but "${javaCommand}" could not be executed.`,
    `Install a JDK or JRE ${MIN_JAVA_MAJOR}+ (Debian/Ubuntu: apt-get install openjdk-17-jre-headless; macOS: brew install openjdk@17) ` +
      'and put it on PATH or set JAVA_HOME — or use an external stack by setting KAFKA_BROKERS and DATABASE_URL.',
  );
}

export function javaTooOldError(javaCommand: string, major: number | undefined, versionOutput: string): LocalStackError {
  const found = major === undefined ? 'an unrecognised version' : `Java ${major}`;
  return new LocalStackError(
    'JAVA_TOO_OLD',
    `Apache Kafka 4.x brokers need Java ${MIN_JAVA_MAJOR}+, but "${javaCommand}" is ${found}.`,
    `Install Java ${MIN_JAVA_MAJOR} or newer and point JAVA_HOME at it (JAVA_HOME wins over PATH).`,
    versionOutput,
  );
}

export function mavenMissingError(kafkaVersion: string, libsDir: string): LocalStackError {
  return new LocalStackError(
    'MAVEN_MISSING',
    `Maven ("mvn") is needed once to download the Apache Kafka ${kafkaVersion} jars from Maven Central, but it was not found on PATH.`,
    `Install Maven 3.6+ (Debian/Ubuntu: apt-get install maven; macOS: brew install maven), ` +
      `or copy the jars of org.apache.kafka:kafka_2.13:${kafkaVersion} and its runtime dependencies into ${libsDir} ` +
      'and create an empty ".complete" file there.',
  );
}

export function mavenFailedError(exitCode: number | null, outputTail: string): LocalStackError {
  return new LocalStackError(
    'MAVEN_FAILED',
    `Maven could not resolve the Kafka jars (exit code ${exitCode ?? 'none'}).`,
    'Check network access to Maven Central (or the mirror in ~/.m2/settings.xml) and retry; the last Maven lines follow.',
    outputTail,
  );
}

export function portInUseError(service: string, port: number, envVar: string): LocalStackError {
  return new LocalStackError(
    'PORT_IN_USE',
    `Port ${port} on 127.0.0.1, needed by ${service}, is already taken by another process (another checkout's stack?).`,
    `Stop that process, or pick another port with ${envVar}=<port> (or the matching CLI flag).`,
  );
}

export function runningOnOtherPortError(service: string, runningPort: number, requestedPort: number, stateDir: string): LocalStackError {
  return new LocalStackError(
    'RUNNING_ON_OTHER_PORT',
    `${service} for state folder ${stateDir} is already running on port ${runningPort}, not on the requested port ${requestedPort}.`,
    'Stop it first ("node scripts/stack.ts down") or request the port it already uses.',
  );
}

export function partialExternalConfigError(present: string, missing: string): LocalStackError {
  return new LocalStackError(
    'PARTIAL_EXTERNAL_CONFIG',
    `${present} is set but ${missing} is not: external mode needs both, the local stack needs neither.`,
    `Set ${missing} too to use external services, or unset ${present} to let the local stack start PostgreSQL and Kafka.`,
  );
}

export function externalModeError(action: string): LocalStackError {
  return new LocalStackError(
    'EXTERNAL_MODE',
    `Cannot ${action}: KAFKA_BROKERS and DATABASE_URL are set, so the services are external and not ours to control.`,
    'Unset KAFKA_BROKERS and DATABASE_URL to run against the local stack.',
  );
}

export function stateDirUnreachableError(stateDir: string): LocalStackError {
  return new LocalStackError(
    'STATE_DIR_UNREACHABLE',
    `The "postgres" user cannot reach the state folder ${stateDir} (PostgreSQL refuses to run as root, so it runs as that user).`,
    'Make the folder and every parent traversable (chmod o+x), or choose another folder with LOCAL_STACK_DIR (for example under /var/tmp).',
  );
}

export function postgresUserMissingError(): LocalStackError {
  return new LocalStackError(
    'POSTGRES_USER_MISSING',
    'Running as root, but there is no "postgres" user to run PostgreSQL as (PostgreSQL refuses to run as root).',
    'Create one (useradd --system --user-group --no-create-home postgres), or run as a non-root user.',
  );
}

export function postgresStartFailedError(reason: string, logFile: string, logTail: string): LocalStackError {
  return new LocalStackError(
    'POSTGRES_START_FAILED',
    `PostgreSQL did not start: ${reason}.`,
    `The end of its log (${logFile}) follows; fix the cause, then start again.`,
    logTail,
  );
}

export function kafkaStartFailedError(reason: string, logFile: string, logTail: string): LocalStackError {
  return new LocalStackError(
    'KAFKA_START_FAILED',
    `Kafka did not start: ${reason}.`,
    `The end of its log (${logFile}) follows; fix the cause, then start again.`,
    logTail,
  );
}

export function abortedError(what: string): LocalStackError {
  return new LocalStackError('ABORTED', `${what} was interrupted.`, 'Run "node scripts/stack.ts down" if anything was left running.');
}
