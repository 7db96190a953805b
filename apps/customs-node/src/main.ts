import './instrumentation';
import { loadConfig } from '@borderledger/config';
import { bootstrapService } from '@borderledger/service-runtime';
import { createLogger } from '@borderledger/telemetry';
import { AppModule } from './app/app.module';
import { customsNodeConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig(customsNodeConfig);
  const logger = createLogger('customs-node', config.LOG_LEVEL);
  await bootstrapService(AppModule.forRoot(config, logger), {
    serviceName: 'customs-node',
    description: 'The customs administration’s node: its witness cosigns the ledger’s checkpoints (C2SP tlog-witness).',
    port: config.PORT,
    host: config.HOST,
  });
}

main().catch((error: Error) => {
  process.stderr.write(`customs-node failed to start: ${error.message}\n`);
  process.exit(1);
});
