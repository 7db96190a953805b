import { commonVariables, databaseVariables, port, variable } from '@borderledger/config';
import { z } from 'zod';

export const ledgerConfig = {
  ...commonVariables,
  ...databaseVariables,
  PORT: variable(port(3100), 'HTTP port of the ledger API'),
  HOST: variable(z.string().default('127.0.0.1'), 'interface the HTTP API listens on'),
};
