import { commonVariables, databaseVariables, port, variable } from '@borderledger/config';
import { z } from 'zod';

export const registryConfig = {
  LOG_LEVEL: commonVariables.LOG_LEVEL,
  OTEL_EXPORTER_OTLP_ENDPOINT: commonVariables.OTEL_EXPORTER_OTLP_ENDPOINT,
  ...databaseVariables,
  PORT: variable(port(3105), 'HTTP port of the registry admin API'),
  HOST: variable(z.string().default('127.0.0.1'), 'interface the HTTP API listens on'),
  REGISTRY_ADMIN_TOKEN: variable(
    z.string({ error: 'is required' }).min(32, 'must be at least 32 characters'),
    'bearer token of the network operator for the admin API',
    { sensitive: true },
  ),
};
