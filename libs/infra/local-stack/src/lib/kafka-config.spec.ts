import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  coordinatorProbeGroups,
  javaStringHashCode,
  kafkaVersionFromPom,
  newClusterId,
  parseJavaMajorVersion,
  parseProperties,
  renderTemplate,
  serverPropertiesValues,
} from './kafka-config';

const deployDir = path.resolve(__dirname, '../../../../../deploy/kafka');

describe('server.properties from deploy/kafka/server.properties.template', () => {
  const template = fs.readFileSync(path.join(deployDir, 'server.properties.template'), 'utf8');
  const rendered = renderTemplate(
    template,
    serverPropertiesValues({ host: '127.0.0.1', kafkaPort: 61000, controllerPort: 61001, logDir: '/state/kafka/data' }),
  );
  const properties = parseProperties(rendered);

  it('fills every placeholder', () => {
    expect(rendered).not.toMatch(/\$\{/);
  });

  it('is a combined broker+controller KRaft node on the requested loopback ports', () => {
    expect(properties.get('process.roles')).toBe('broker,controller');
    expect(properties.get('node.id')).toBe('1');
    expect(properties.get('controller.quorum.bootstrap.servers')).toBe('127.0.0.1:61001');
    expect(properties.get('listeners')).toBe('PLAINTEXT://127.0.0.1:61000,CONTROLLER://127.0.0.1:61001');
    expect(properties.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:61000');
    expect(properties.get('controller.listener.names')).toBe('CONTROLLER');
    expect(properties.get('log.dirs')).toBe('/state/kafka/data');
  });

  it('uses replication factor 1 everywhere, internal topics included', () => {
    for (const key of [
      'default.replication.factor',
      'min.insync.replicas',
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
      'share.coordinator.state.topic.replication.factor',
      'share.coordinator.state.topic.min.isr',
    ]) {
      expect([key, properties.get(key)]).toEqual([key, '1']);
    }
  });

  it('does not create topics on first use', () => {
    expect(properties.get('auto.create.topics.enable')).toBe('false');
  });
});

describe('renderTemplate', () => {
  it('fails on a placeholder without a value', () => {
    expect(() => renderTemplate('a=${A}\nb=${B}', { A: '1' })).toThrow('${B} has no value');
  });

  it('fails on a value no placeholder uses, so template and code cannot drift apart', () => {
    expect(() => renderTemplate('a=${A}', { A: '1', EXTRA: '2' })).toThrow('does not use: EXTRA');
  });

  it('refuses values that would inject extra properties', () => {
    expect(() => renderTemplate('a=${A}', { A: '1\nauto.create.topics.enable=true' })).toThrow('single line');
  });
});

describe('newClusterId', () => {
  it('is 22 base64url characters', () => {
    expect(newClusterId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('never starts with "-", which the storage tool would read as a flag', () => {
    const draws = [Buffer.from([0xfb, ...new Array(15).fill(1)]), Buffer.from(new Array(16).fill(7))];
    const id = newClusterId(() => draws.shift() as Buffer);
    expect(Buffer.from([0xfb]).toString('base64url').startsWith('-')).toBe(true);
    expect(id.startsWith('-')).toBe(false);
    expect(draws).toHaveLength(0);
  });
});

describe('parseJavaMajorVersion', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "25-ea" 2025-09-16', 25],
    ['no java here', undefined],
  ])('%j → %s', (output, major) => {
    expect(parseJavaMajorVersion(output)).toBe(major);
  });
});

describe('kafkaVersionFromPom', () => {
  it('reads the version from deploy/kafka/pom.xml', () => {
    expect(kafkaVersionFromPom(fs.readFileSync(path.join(deployDir, 'pom.xml'), 'utf8'))).toMatch(/^4\.\d+\.\d+$/);
  });

  it('fails clearly without the property', () => {
    expect(() => kafkaVersionFromPom('<project/>')).toThrow('kafka.version');
  });
});

describe('coordinatorProbeGroups', () => {
  it('hashes like Java', () => {
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('hello')).toBe(99162322);
    expect(javaStringHashCode('polygenelubricants')).toBe(-2147483648);
  });

  it('finds one group per __consumer_offsets partition', () => {
    const groups = coordinatorProbeGroups(10);
    const partitions = groups.map((g) => (javaStringHashCode(g) & 0x7fffffff) % 10);
    expect(partitions).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
