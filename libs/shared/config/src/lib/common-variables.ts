import { z } from 'zod';
import { variable } from './config-variable';

const hostPort = /^[A-Za-z0-9.-]+:\d{1,5}$/;

/** Comma-separated `host:port` list, e.g. `127.0.0.1:59092,broker-2:9092`. */
export const brokerList = z
  .string({ error: 'is required: a comma-separated list of host:port' })
  .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean))
  .refine((list) => list.length > 0 && list.every((b) => hostPort.test(b)), {
    message: 'must be a comma-separated list of host:port',
  });

export const postgresUrl = z
  .string({ error: 'is required: a postgresql:// connection URL' })
  .refine((s) => /^postgres(ql)?:\/\//.test(s), { message: 'must start with postgresql://' })
  .refine((s) => URL.canParse(s), { message: 'must be a valid URL' });

export const port = (fallback: number) =>
  z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535).default(fallback);

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** Variables every Borderledger service reads. */
export const commonVariables = {
  LOG_LEVEL: variable(logLevel, 'pino log level'),
  KAFKA_BROKERS: variable(brokerList, 'Kafka bootstrap servers'),
  TOPIC_PREFIX: variable(
    z.string().regex(/^[a-z0-9.-]*$/, 'must be lowercase letters, digits, dots or dashes').default('borderledger'),
    'prefix of every Kafka topic; tests give each suite its own',
  ),
  OTEL_EXPORTER_OTLP_ENDPOINT: variable(
    z.url({ message: 'must be a URL such as http://collector:4318' }).optional(),
    'OTLP/HTTP endpoint for traces; unset means traces stay in-process',
  ),
};

export const databaseVariables = {
  DATABASE_URL: variable(postgresUrl, 'PostgreSQL connection URL (with ?schema= to use a schema other than public)', {
    sensitive: true,
  }),
};
