import { z } from 'zod';
import { ConfigError } from './config-error';
import { commonVariables, databaseVariables, port } from './common-variables';
import { describeConfig, loadConfig, redactConfig } from './load-config';
import { variable } from './config-variable';

const spec = { ...commonVariables, ...databaseVariables, PORT: variable(port(3000), 'HTTP port') };

describe('loadConfig', () => {
  it('parses a valid environment into typed values with defaults', () => {
    const config = loadConfig(spec, {
      KAFKA_BROKERS: '127.0.0.1:59092, broker-2:9092',
      DATABASE_URL: 'postgresql://u:p@localhost:5432/db',
      PORT: '8080',
    });
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:59092', 'broker-2:9092']);
    expect(config.PORT).toBe(8080);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.TOPIC_PREFIX).toBe('borderledger');
  });

  it('names every bad key and the rule it broke, in one error', () => {
    const attempt = () => loadConfig(spec, { KAFKA_BROKERS: 'no-port', PORT: '99999', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const keys = (error as ConfigError).problems.map((p) => p.key).sort();
      expect(keys).toEqual(['DATABASE_URL', 'KAFKA_BROKERS', 'LOG_LEVEL', 'PORT']);
      expect((error as Error).message).toMatch(/KAFKA_BROKERS: must be a comma-separated list of host:port \(got "no-port"\)/);
    }
  });

  it('never echoes a sensitive value in the error or the redacted view', () => {
    const secret = 'mysql://user:s3cret@db';
    const attempt = () => loadConfig(spec, { KAFKA_BROKERS: 'a:1', DATABASE_URL: secret });
    expect(attempt).toThrow(/DATABASE_URL: must start with postgresql:\/\/ \(value hidden\)/);
    expect(attempt).not.toThrow(/s3cret/);

    const ok = loadConfig(spec, { KAFKA_BROKERS: 'a:1', DATABASE_URL: 'postgresql://u:s3cret@h/db' });
    expect(JSON.stringify(redactConfig(spec, ok))).not.toContain('s3cret');
  });

  it('treats an empty string as unset', () => {
    const config = loadConfig({ X: variable(z.string().default('d'), 'x') }, { X: '' });
    expect(config.X).toBe('d');
  });

  it('documents every variable and marks secrets', () => {
    const table = describeConfig(spec);
    expect(table).toContain('| `DATABASE_URL` |');
    expect(table).toMatch(/`DATABASE_URL`.*\| yes \|/);
    expect(table).toMatch(/`KAFKA_BROKERS`.*\| no \|/);
  });
});
