import { type ConfigOf } from '@borderledger/config';
import { TelemetryModule } from '@borderledger/telemetry';
import { WitnessModule, witnessSettingsFromConfig } from '@borderledger/witness';
import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { customsNodeConfig } from '../config';

type Config = ConfigOf<typeof customsNodeConfig>;

@Module({})
export class AppModule {
  static forRoot(config: Config, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        TelemetryModule.forRoot(logger),
        WitnessModule.forRoot({ settings: witnessSettingsFromConfig(config), databaseUrl: config.DATABASE_URL, logger }),
      ],
    };
  }
}
