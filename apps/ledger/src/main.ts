import './instrumentation';
import { loadConfig } from '@borderledger/config';
import { bootstrapService } from '@borderledger/service-runtime';
import { createLogger } from '@borderledger/telemetry';
import { AppModule } from './app/app.module';
import { ledgerConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig(ledgerConfig);
  const logger = createLogger('ledger', config.LOG_LEVEL);
  await bootstrapService(AppModule.forRoot(config, logger), {
    serviceName: 'ledger',
    description:
      'The Borderledger ledger: validates and sequences signed submissions into an RFC 9162 Merkle log, signs C2SP checkpoints, collects witness cosignatures, and serves envelopes, proofs, checkpoints and tlog-tiles (never payloads).',
    port: config.PORT,
    host: config.HOST,
  });
}

main().catch((error: Error) => {
  process.stderr.write(`ledger failed to start: ${error.message}\n`);
  process.exit(1);
});
