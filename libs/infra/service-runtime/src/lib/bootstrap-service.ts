import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { useNativeHashing } from '@borderledger/node-crypto';
import { ProblemDetailsFilter } from './problem-details.filter';

export interface ServiceBootstrapOptions {
  readonly serviceName: string;
  readonly description: string;
  readonly port: number;
  readonly host?: string;
  /** Largest JSON request body (body-parser syntax, e.g. '8mb'); Express's default is '100kb'. */
  readonly jsonBodyLimit?: string;
}

/**
 * The same start-up for every Borderledger service: pino as Nest's logger, problem+json errors,
 * OpenAPI at /docs, graceful shutdown on SIGTERM/SIGINT so consumers leave their group cleanly.
 */
export async function bootstrapService(rootModule: Parameters<typeof NestFactory.create>[0], options: ServiceBootstrapOptions): Promise<INestApplication> {
  useNativeHashing();
  const app = await NestFactory.create<NestExpressApplication>(rootModule, { bufferLogs: true });
  // Registered before init, so Nest's default JSON parser (100 kB) is not added after it.
  if (options.jsonBodyLimit) app.useBodyParser('json', { limit: options.jsonBodyLimit });
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
