import { type DynamicModule, type FactoryProvider, Module, type ModuleMetadata, type Provider } from '@nestjs/common';
import type { PrismaConnectionOptions } from './prisma-adapter';
import { PRISMA_CONNECTION_OPTIONS, PrismaService } from './prisma.service';

export interface PrismaModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  useFactory: (...args: never[]) => PrismaConnectionOptions | Promise<PrismaConnectionOptions>;
  inject?: FactoryProvider['inject'];
}

/** DATABASE_URL from the environment, checked once: a missing URL stops the boot with a clear message. */
export function prismaOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): PrismaConnectionOptions {
  const databaseUrl = env['DATABASE_URL'];
  if (!databaseUrl) {
    throw new Error('DATABASE_URL is not set (postgresql://user:password@host:port/db[?schema=name])');
  }
  return { databaseUrl };
}

/**
 * Global module providing PrismaService. `forRoot()` reads DATABASE_URL; `forRootAsync()` takes
 * the options from the service's validated configuration.
 */
@Module({})
export class PrismaModule {
  static forRoot(options?: PrismaConnectionOptions): DynamicModule {
    return PrismaModule.build([{ provide: PRISMA_CONNECTION_OPTIONS, useFactory: () => options ?? prismaOptionsFromEnv() }]);
  }

  static forRootAsync(options: PrismaModuleAsyncOptions): DynamicModule {
    return {
      ...PrismaModule.build([
        { provide: PRISMA_CONNECTION_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
      ]),
      imports: options.imports ?? [],
    };
  }

  private static build(providers: Provider[]): DynamicModule {
    return {
      module: PrismaModule,
      global: true,
      providers: [...providers, PrismaService],
      exports: [PrismaService],
    };
  }
}
