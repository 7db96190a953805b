import { loadConfig } from '@borderledger/config';
import { bootstrapService } from '@borderledger/service-runtime';
import { TelemetryModule, createLogger } from '@borderledger/telemetry';
import { WitnessModule, witnessSettingsFromConfig, witnessVariables } from '@borderledger/witness';
import { Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { IngestionModule } from './ingestion.module';
import { ingestionNodeConfig } from './ingestion-config';
import { loadKeystore } from './keystore/node-keystore';

export interface IngestionNodeOptions {
  readonly nodeName: string;
  readonly defaultPort: number;
  readonly description: string;
  readonly env?: NodeJS.ProcessEnv;
}

@Module({})
class IngestionNodeModule {}

/** The whole main() of an ingestion node: configuration, keystore, modules, HTTP. */
export async function runIngestionNode(options: IngestionNodeOptions): Promise<INestApplication> {
  const config = loadConfig(ingestionNodeConfig(options.defaultPort), options.env ?? process.env);
  const logger = createLogger(options.nodeName, config.LOG_LEVEL);
  const keystore = config.NODE_KEYSTORE_DIR ? await loadKeystore(config.NODE_KEYSTORE_DIR) : undefined;
  // Participant ids only: key material never reaches a log line.
  logger.info({ custodialKeys: keystore?.size ?? 0, custodialParticipants: keystore?.participants() ?? [] }, 'custodial keystore loaded');
  // Every node witnesses the ledger (C2SP tlog-witness) when it is given a witness identity.
  const env = options.env ?? process.env;
  const witness = env['WITNESS_NAME']
    ? [WitnessModule.forRoot({ settings: witnessSettingsFromConfig(loadConfig(witnessVariables, env)), databaseUrl: config.DATABASE_URL, logger })]
    : [];
  const root: DynamicModule = {
    module: IngestionNodeModule,
    imports: [TelemetryModule.forRoot(logger), IngestionModule.forRoot({ nodeName: options.nodeName, config, logger, keystore }), ...witness],
  };
  return bootstrapService(root, {
    serviceName: options.nodeName,
    description: `${options.description} API guide: docs/api/ingestion.md.`,
    port: config.PORT,
    host: config.HOST,
    jsonBodyLimit: config.INGESTION_BODY_LIMIT,
  });
}
