import { randomBytes } from 'node:crypto';
import { LocalStackError } from './errors';

/**
 * Fills `${NAME}` placeholders. Strict both ways — an unknown placeholder in the template
 * or a value no placeholder uses is an error — so the template under deploy/kafka and
 * this code cannot drift apart silently.
 */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const used = new Set<string>();
  const rendered = template.replace(/\$\{([A-Z0-9_]+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new LocalStackError('INVALID_OPTION', `Template placeholder \${${name}} has no value.`);
    if (/[\r\n]/.test(value)) throw new LocalStackError('INVALID_OPTION', `Value for \${${name}} must be a single line.`);
    used.add(name);
    return value;
  });
  const unused = Object.keys(values).filter((name) => !used.has(name));
  if (unused.length > 0) throw new LocalStackError('INVALID_OPTION', `Template does not use: ${unused.join(', ')}.`);
  return rendered;
}

export interface BrokerConfigValues {
  host: string;
  kafkaPort: number;
  controllerPort: number;
  logDir: string;
}

/** Values for deploy/kafka/server.properties.template. */
export function serverPropertiesValues(config: BrokerConfigValues): Record<string, string> {
  return {
    HOST: config.host,
    KAFKA_PORT: String(config.kafkaPort),
    CONTROLLER_PORT: String(config.controllerPort),
    // Java properties treat backslashes as escapes; only POSIX paths are expected here.
    LOG_DIRS: config.logDir.replace(/\\/g, '/'),
  };
}

/** Parses `key=value` lines (no continuation lines: the template has none). */
export function parseProperties(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const separator = line.search(/[=:]/);
    if (separator < 0) properties.set(line, '');
    else properties.set(line.slice(0, separator).trim(), line.slice(separator + 1).trim());
  }
  return properties;
}

/**
 * A KRaft cluster id: 16 random bytes, base64url without padding, as Kafka's Uuid prints
 * them. Like Kafka's own generator, never one starting with "-" (it would read as a flag).
 */
export function newClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-') && !/^A+$/.test(id)) return id;
  }
}

/**
 * Java major version from `java -version` output: "17.0.15" → 17, "21" → 21,
 * "1.8.0_392" → 8, "25-ea" → 25. undefined when unrecognised.
 */
export function parseJavaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/** The Kafka version from deploy/kafka/pom.xml, the single place it is written. */
export function kafkaVersionFromPom(pom: string): string {
  const match = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(pom);
  if (!match?.[1]) throw new LocalStackError('INVALID_OPTION', 'deploy/kafka/pom.xml has no <kafka.version> property.');
  return match[1];
}

/** Java's String.hashCode, which Kafka uses to map a group id to a __consumer_offsets partition. */
export function javaStringHashCode(value: string): number {
  let hash = 0;
  for (let i = 0; i < value.length; i += 1) hash = (Math.imul(31, hash) + value.charCodeAt(i)) | 0;
  return hash;
}

/**
 * Group ids that land on every partition of __consumer_offsets (Kafka: abs(hashCode) mod
 * the partition count). Describing them all answers "is every group coordinator partition
 * loaded?" — after a restart the broker answers metadata requests seconds before it can
 * serve consumer groups, and callers should not have to retry around that.
 */
export function coordinatorProbeGroups(offsetsPartitions: number, prefix = 'borderledger-local-stack-ready-'): string[] {
  const byPartition = new Map<number, string>();
  for (let i = 0; byPartition.size < offsetsPartitions; i += 1) {
    const groupId = `${prefix}${i}`;
    const partition = (javaStringHashCode(groupId) & 0x7fffffff) % offsetsPartitions;
    if (!byPartition.has(partition)) byPartition.set(partition, groupId);
  }
  return [...byPartition.entries()].sort(([a], [b]) => a - b).map(([, groupId]) => groupId);
}
