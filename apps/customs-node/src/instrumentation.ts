// Loaded first by main.ts: OpenTelemetry must patch http, express, pg and Prisma before they load.
import { startTelemetry } from '@borderledger/telemetry';

startTelemetry({ serviceName: 'customs-node', otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined });
