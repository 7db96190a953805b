import { commonVariables, port, variable } from '@borderledger/config';
import { z } from 'zod';

export const platformNodeConfig = {
  ...commonVariables,
  PORT: variable(port(3101), 'HTTP port of the platform node API'),
  HOST: variable(z.string().default('127.0.0.1'), 'interface the HTTP API listens on'),
  NODE_API_TOKEN: variable(
    z.string({ error: 'is required' }).min(32, 'must be at least 32 characters'),
    'bearer token clients present until per-participant credentials arrive (issue 3)',
    { sensitive: true },
  ),
};
