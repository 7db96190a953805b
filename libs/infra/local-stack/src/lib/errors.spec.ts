import {
  javaMissingError,
  javaTooOldError,
  LocalStackError,
  mavenMissingError,
  portInUseError,
  postgresStartFailedError,
  stateDirUnreachableError,
} from './errors';

describe('error messages', () => {
  it('say what to install when Java is missing, and offer external mode', () => {
    const error = javaMissingError('java');
    expect(error).toBeInstanceOf(LocalStackError);
    expect(error.code).toBe('JAVA_MISSING');
    expect(error.message).toMatch(/Java 17\+/);
    expect(error.message).toContain('JAVA_HOME');
    expect(error.message).toContain('KAFKA_BROKERS and DATABASE_URL');
  });

  it('name the Java found when it is too old, with java -version output', () => {
    const error = javaTooOldError('/usr/bin/java', 11, 'openjdk version "11.0.2"');
    expect(error.code).toBe('JAVA_TOO_OLD');
    expect(error.message).toContain('is Java 11');
    expect(error.message).toContain('| openjdk version "11.0.2"');
  });

  it('say where to put the jars when Maven is missing', () => {
    const error = mavenMissingError('4.4.0', '/var/tmp/borderledger/kafka-4.4.0-abc/libs');
    expect(error.code).toBe('MAVEN_MISSING');
    expect(error.message).toContain('apt-get install maven');
    expect(error.message).toContain('/var/tmp/borderledger/kafka-4.4.0-abc/libs');
    expect(error.message).toContain('org.apache.kafka:kafka_2.13:4.4.0');
  });

  it('name the variable that moves a port', () => {
    expect(portInUseError('Kafka', 59092, 'KAFKA_PORT').message).toContain('KAFKA_PORT=<port>');
  });

  it('carry the end of the server log when PostgreSQL exits early', () => {
    const error = postgresStartFailedError('pg_ctl: could not start server', '/s/postgres.log', 'FATAL:  could not create lock file');
    expect(error.code).toBe('POSTGRES_START_FAILED');
    expect(error.message).toContain('/s/postgres.log');
    expect(error.message).toContain('| FATAL:  could not create lock file');
  });

  it('explain why the postgres user matters for the state folder', () => {
    expect(stateDirUnreachableError('/root/x').message).toMatch(/chmod o\+x.*LOCAL_STACK_DIR/);
  });
});
