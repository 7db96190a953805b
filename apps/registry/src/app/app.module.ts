import { type ConfigOf } from '@borderledger/config';
import { PrismaModule } from '@borderledger/data';
import { RegistryModule } from '@borderledger/registry';
import { TelemetryModule } from '@borderledger/telemetry';
import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import type { registryConfig } from '../config';
import { ADMIN_TOKEN, AdminTokenGuard } from './participants/admin-token.guard';
import { ParticipantsController } from './participants/participants.controller';

type Config = ConfigOf<typeof registryConfig>;

@Module({})
export class AppModule {
  static forRoot(config: Config, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [TelemetryModule.forRoot(logger), PrismaModule.forRoot({ databaseUrl: config.DATABASE_URL }), RegistryModule.forRoot({ view: false })],
      controllers: [ParticipantsController],
      providers: [{ provide: ADMIN_TOKEN, useValue: config.REGISTRY_ADMIN_TOKEN }, AdminTokenGuard],
    };
  }
}
