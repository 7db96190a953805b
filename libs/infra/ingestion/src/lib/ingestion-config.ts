import { commonVariables, databaseVariables, port, variable, type ConfigOf } from '@borderledger/config';
import { z } from 'zod';

const int = (min: number, max: number, fallback: number) => z.coerce.number({ error: 'must be a number' }).int().min(min).max(max).default(fallback);

/** The environment of an ingestion node (platform-node, carrier-node, logistics-node). */
export function ingestionNodeConfig(defaultPort: number) {
  return {
    ...commonVariables,
    ...databaseVariables,
    PORT: variable(port(defaultPort), 'HTTP port of the ingestion API'),
    HOST: variable(z.string().default('127.0.0.1'), 'interface the HTTP API listens on'),
    NODE_KEYSTORE_DIR: variable(
      z.string().min(1).optional(),
      'directory of custodial signing keys (one JSON file per key, mode 0600); unset: only client-signed envelopes are accepted',
    ),
    INGESTION_MAX_BATCH: variable(int(1, 5000, 500), 'most events in one POST /v1/events'),
    INGESTION_BODY_LIMIT: variable(z.string().regex(/^\d+(kb|mb)$/, 'must look like 8mb or 512kb').default('8mb'), 'largest request body'),
    RATE_LIMIT_REQUESTS: variable(int(1, 1_000_000, 600), 'requests a participant may make per RATE_LIMIT_WINDOW_MS on this node'),
    RATE_LIMIT_WINDOW_MS: variable(int(100, 3_600_000, 60_000), 'rate-limit window in milliseconds'),
    REGISTRY_REFRESH_MS: variable(int(100, 600_000, 2_000), 'registry reload interval: the longest a revocation or suspension takes to apply'),
    OUTBOX_RELAY_INTERVAL_MS: variable(int(100, 600_000, 5_000), 'how often unpublished submissions are looked for'),
    OUTBOX_GRACE_MS: variable(int(0, 600_000, 10_000), 'age after which an unpublished submission is the outbox relay’s to publish'),
    PUBLISH_TIMEOUT_MS: variable(int(100, 120_000, 5_000), 'longest a POST waits for Kafka before answering (the outbox publishes later)'),
  };
}

export type IngestionNodeConfig = ConfigOf<ReturnType<typeof ingestionNodeConfig>>;
