import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ProblemDetailsFilter } from './problem-details.filter';

export interface ServiceBootstrapOptions {
  readonly serviceName: string;
  readonly description: string;
  readonly port: number;
  readonly host?: string;
}

/**
 * The same start-up for every Borderledger service: pino as Nest's logger, problem+json errors,
 * OpenAPI at /docs, graceful shutdown on SIGTERM/SIGINT so consumers leave their group cleanly.
 */
export async function bootstrapService(rootModule: Parameters<typeof NestFactory.create>[0], options: ServiceBootstrapOptions): Promise<INestApplication> {
  const app = await NestFactory.create(rootModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle(`Borderledger ${options.serviceName}`)
    .setDescription(options.description)
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'docs/openapi.json' });
  await app.listen(options.port, options.host ?? '127.0.0.1');
  app.get(Logger).log(`${options.serviceName} listening on ${await app.getUrl()} (OpenAPI at /docs, metrics at /metrics)`);
  return app;
}
