import './instrumentation';
import { loadConfig } from '@borderledger/config';
import { bootstrapService } from '@borderledger/service-runtime';
import { createLogger } from '@borderledger/telemetry';
import { AppModule } from './app/app.module';
import { platformNodeConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig(platformNodeConfig);
  const logger = createLogger('platform-node', config.LOG_LEVEL);
  await bootstrapService(AppModule.forRoot(config, logger), {
    serviceName: 'platform-node',
    description: 'Ingestion node of an e-commerce platform: submissions into the Borderledger network.',
    port: config.PORT,
    host: config.HOST,
  });
}

main().catch((error: Error) => {
  process.stderr.write(`platform-node failed to start: ${error.message}\n`);
  process.exit(1);
});
