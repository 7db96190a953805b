import './instrumentation';
import { loadConfig } from '@borderledger/config';
import { bootstrapService } from '@borderledger/service-runtime';
import { createLogger } from '@borderledger/telemetry';
import { AppModule } from './app/app.module';
import { registryConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig(registryConfig);
  const logger = createLogger('registry', config.LOG_LEVEL);
  await bootstrapService(AppModule.forRoot(config, logger), {
    serviceName: 'registry',
    description: 'Admin API of the participant registry: organisations, roles, signing keys and API credentials. Operator token required.',
    port: config.PORT,
    host: config.HOST,
  });
}

main().catch((error: Error) => {
  process.stderr.write(`registry failed to start: ${error.message}\n`);
  process.exit(1);
});
