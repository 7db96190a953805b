import { Controller, Get, Module, Res, type DynamicModule } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { LoggerModule } from 'nestjs-pino';
import { currentTelemetry } from './start-telemetry';

@Controller()
export class MetricsController {
  /** Prometheus scrape endpoint. Unauthenticated by design: it carries counters, never data. */
  @Get('metrics')
  metrics(@Res() response: Response): void {
    const telemetry = currentTelemetry();
    if (!telemetry) {
      response.status(503).type('text/plain').send('telemetry not started\n');
      return;
    }
    telemetry.prometheus.getMetricsRequestHandler(response.req, response);
  }
}

/** Wires the pino logger into NestJS (with per-request logs) and serves /metrics. */
@Module({})
export class TelemetryModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: TelemetryModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: { logger, autoLogging: { ignore: (req) => req.url === '/metrics' } },
        }),
      ],
      controllers: [MetricsController],
    };
  }
}
