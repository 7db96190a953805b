import { LocalStackError } from './errors';
import { databaseUrl, kafkaBrokers, resolveSettings } from './options';

const rootDir = '/checkout';

describe('resolveSettings', () => {
  it('uses the documented defaults when nothing is set', () => {
    const settings = resolveSettings({ rootDir }, {});
    expect(settings.external).toBeUndefined();
    expect(settings.stateDir).toBeUndefined();
    expect(settings.sharedDir).toBe('/var/tmp/borderledger');
    expect(settings.postgres).toEqual({ port: 55432, user: 'borderledger', password: 'borderledger', database: 'borderledger' });
    expect(settings.kafka).toMatchObject({ port: 59092, controllerPort: 59093, javaCommand: 'java', heapOpts: ['-Xms256m', '-Xmx1g'] });
    expect(settings.keepRunning).toBe(false);
    expect(databaseUrl(settings)).toBe('postgresql://borderledger:borderledger@127.0.0.1:55432/borderledger');
    expect(kafkaBrokers(settings)).toEqual(['127.0.0.1:59092']);
  });

  it('reads ports and folders from the environment', () => {
    const settings = resolveSettings(
      { rootDir },
      {
        POSTGRES_PORT: '6000',
        KAFKA_PORT: '6001',
        KAFKA_CONTROLLER_PORT: '6002',
        LOCAL_STACK_DIR: 'state',
        LOCAL_STACK_SHARED_DIR: '/cache',
        JAVA_HOME: '/opt/jdk',
        KAFKA_HEAP_OPTS: ' -Xmx2g ',
      },
    );
    expect(settings.postgres.port).toBe(6000);
    expect(settings.kafka).toMatchObject({ port: 6001, controllerPort: 6002, javaCommand: '/opt/jdk/bin/java', heapOpts: ['-Xmx2g'] });
    // Relative folders are relative to the checkout, not to the current directory.
    expect(settings.stateDir).toBe('/checkout/state');
    expect(settings.sharedDir).toBe('/cache');
  });

  it('lets explicit options win over the environment', () => {
    const settings = resolveSettings(
      { rootDir, postgresPort: 7000, kafkaPort: 7001, kafkaControllerPort: 7002, stateDir: '/s' },
      { POSTGRES_PORT: '6000', KAFKA_PORT: '6001', KAFKA_CONTROLLER_PORT: '6002', LOCAL_STACK_DIR: '/env' },
    );
    expect([settings.postgres.port, settings.kafka.port, settings.kafka.controllerPort, settings.stateDir]).toEqual([7000, 7001, 7002, '/s']);
  });

  it.each([
    [{ POSTGRES_PORT: 'abc' }, /POSTGRES_PORT="abc" is not a port number/],
    [{ KAFKA_PORT: '70000' }, /KAFKA_PORT 70000 is not a port/],
    [{ KAFKA_PORT: '55432' }, /must differ/],
  ])('rejects invalid ports %j', (env, message) => {
    expect(() => resolveSettings({ rootDir }, env)).toThrow(message);
  });

  it('rejects role names that would need quoting, and the superuser name', () => {
    expect(() => resolveSettings({ rootDir, postgresUser: 'Robert"); DROP' }, {})).toThrow(/postgresUser/);
    expect(() => resolveSettings({ rootDir, postgresUser: 'postgres' }, {})).toThrow(/not a superuser/);
  });

  it('percent-encodes the password in the URL', () => {
    const settings = resolveSettings({ rootDir, postgresPassword: 'p@ss/word' }, {});
    expect(databaseUrl(settings)).toBe('postgresql://borderledger:p%40ss%2Fword@127.0.0.1:55432/borderledger');
  });

  it('rejects non-positive timeouts', () => {
    expect(() => resolveSettings({ rootDir, startTimeoutMs: 0 }, {})).toThrow(/startTimeoutMs/);
  });
});

describe('external mode', () => {
  it('is on when KAFKA_BROKERS and DATABASE_URL are both set, and returns them as given', () => {
    const settings = resolveSettings({ rootDir }, { KAFKA_BROKERS: 'k1:9092, k2:9092', DATABASE_URL: 'postgresql://u:p@db:5432/x' });
    expect(settings.external).toEqual({ kafkaBrokers: ['k1:9092', 'k2:9092'], databaseUrl: 'postgresql://u:p@db:5432/x' });
  });

  it.each([
    [{ KAFKA_BROKERS: 'k:9092' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgresql://db/x' }, 'KAFKA_BROKERS'],
  ])('refuses half of it (%j) and names what is missing', (env, missing) => {
    let error: unknown;
    try {
      resolveSettings({ rootDir }, env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LocalStackError);
    expect((error as LocalStackError).code).toBe('PARTIAL_EXTERNAL_CONFIG');
    expect((error as LocalStackError).message).toContain(`${missing} is not`);
  });

  it('treats empty variables as unset', () => {
    expect(resolveSettings({ rootDir }, { KAFKA_BROKERS: ' ', DATABASE_URL: '' }).external).toBeUndefined();
  });

  it('rejects malformed values', () => {
    expect(() => resolveSettings({ rootDir }, { KAFKA_BROKERS: 'nohostport', DATABASE_URL: 'postgresql://db/x' })).toThrow(/host:port/);
    expect(() => resolveSettings({ rootDir }, { KAFKA_BROKERS: 'k:9092', DATABASE_URL: 'mysql://db/x' })).toThrow(/postgresql:\/\//);
  });
});
