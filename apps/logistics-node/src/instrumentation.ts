// Loaded first by main.ts: OpenTelemetry must patch http, express and Nest before they load.
import { startTelemetry } from '@borderledger/telemetry';

startTelemetry({ serviceName: 'logistics-node', otlpEndpoint: process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] || undefined });
