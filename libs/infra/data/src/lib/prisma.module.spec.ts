import { PrismaModule, prismaOptionsFromEnv } from './prisma.module';
import { PRISMA_CONNECTION_OPTIONS, PrismaService } from './prisma.service';

describe('PrismaModule', () => {
  it('reads DATABASE_URL and says so when it is missing', () => {
    expect(prismaOptionsFromEnv({ DATABASE_URL: 'postgresql://u@h/db' })).toEqual({ databaseUrl: 'postgresql://u@h/db' });
    expect(() => prismaOptionsFromEnv({})).toThrow('DATABASE_URL is not set');
  });

  it('provides PrismaService globally from explicit options', () => {
    const mod = PrismaModule.forRoot({ databaseUrl: 'postgresql://u@h/db', schema: 'suite_x' });
    expect(mod.global).toBe(true);
    expect(mod.exports).toEqual([PrismaService]);
    expect(mod.providers).toContainEqual(expect.objectContaining({ provide: PRISMA_CONNECTION_OPTIONS }));
  });
});
