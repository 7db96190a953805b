import { commonVariables, databaseVariables, port, variable } from '@borderledger/config';
import { witnessVariables } from '@borderledger/witness';
import { z } from 'zod';

/**
 * The customs administration's node. For now it runs the customs witness only; the advance-data
 * feed (Kafka) and the risk engine arrive with their issues and bring their variables.
 */
export const customsNodeConfig = {
  LOG_LEVEL: commonVariables.LOG_LEVEL,
  OTEL_EXPORTER_OTLP_ENDPOINT: commonVariables.OTEL_EXPORTER_OTLP_ENDPOINT,
  ...databaseVariables,
  ...witnessVariables,
  PORT: variable(port(3104), 'HTTP port of the customs node'),
  HOST: variable(z.string().default('127.0.0.1'), 'interface the HTTP API listens on'),
};
