import { Test } from '@nestjs/testing';
import { applyMigrations, createTestSchema, databaseUrlWithSchema, dropTestSchema } from '../migrations';
import { requireDatabaseUrl, sql } from '../test-support/database';
import { Prisma } from '../generated/prisma/client';
import { isUniqueViolation } from './prisma-errors';
import { PrismaModule } from './prisma.module';
import { PrismaService } from './prisma.service';

const databaseUrl = requireDatabaseUrl();

function receipt(eventId: string) {
  return {
    eventId,
    topic: 'borderledger.submissions',
    partition: 3,
    offset: 9_007_199_254_740_993n, // beyond Number.MAX_SAFE_INTEGER: must survive as bigint
    messageKey: 'UCR-2026-0001',
    payload: { type: 'order.placed', lines: [{ hs: '850440', qty: 2 }] },
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  };
}

describe('PrismaService on a per-suite schema', () => {
  let schema: string;
  let prisma: PrismaService;
  beforeAll(async () => {
    schema = await createTestSchema({ databaseUrl, prefix: 'data_prisma' });
    await applyMigrations({ databaseUrl, schema });
    prisma = new PrismaService({ databaseUrl, schema });
    await prisma.onModuleInit();
  });
  afterAll(async () => {
    await prisma?.onModuleDestroy();
    await dropTestSchema({ databaseUrl, schema });
  });

  it('writes and reads a SubmissionReceipt', async () => {
    const eventId = '7d0f6c1e-3c5a-4d7e-9b1a-0c2f4e6a8b01';
    const before = Date.now();
    await prisma.submissionReceipt.create({ data: receipt(eventId) });
    const read = await prisma.submissionReceipt.findUniqueOrThrow({ where: { eventId } });
    expect(read).toMatchObject({ ...receipt(eventId) });
    expect(typeof read.offset).toBe('bigint');
    expect(read.receivedAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
    const nullable = await prisma.submissionReceipt.create({
      data: { ...receipt('7d0f6c1e-3c5a-4d7e-9b1a-0c2f4e6a8b02'), traceparent: null },
    });
    expect(nullable.traceparent).toBeNull();
  });

  it('rejects a second receipt with the same event id (the idempotency key)', async () => {
    const eventId = '7d0f6c1e-3c5a-4d7e-9b1a-0c2f4e6a8b03';
    await prisma.submissionReceipt.create({ data: receipt(eventId) });
    const duplicate = prisma.submissionReceipt.create({ data: receipt(eventId) });
    await expect(duplicate).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    const error = await prisma.submissionReceipt.create({ data: receipt(eventId) }).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    // createMany with skipDuplicates is how a consumer records a redelivered batch.
    const { count } = await prisma.submissionReceipt.createMany({ data: [receipt(eventId)], skipDuplicates: true });
    expect(count).toBe(0);
  });

  it('uses the suite schema for generated SQL and for raw SQL (search_path)', async () => {
    const [{ current_schema }] = await prisma.$queryRaw<{ current_schema: string }[]>`SELECT current_schema()`;
    expect(current_schema).toBe(schema);
    const rows = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM submission_receipts`;
    const direct = await sql<{ n: string }>(databaseUrl, `SELECT count(*) AS n FROM "${schema}".submission_receipts`);
    expect(String(rows[0].n)).toBe(direct[0].n);
    expect(Number(direct[0].n)).toBeGreaterThan(0);
  });

  it('takes the schema from ?schema= in the URL as well', async () => {
    const viaUrl = new PrismaService({ databaseUrl: databaseUrlWithSchema(databaseUrl, schema) });
    try {
      await viaUrl.onModuleInit();
      expect(await viaUrl.submissionReceipt.count()).toBe(await prisma.submissionReceipt.count());
    } finally {
      await viaUrl.onModuleDestroy();
    }
  });

  it('connects and disconnects with the Nest module lifecycle', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [PrismaModule.forRoot({ databaseUrl, schema })] }).compile();
    const app = await moduleRef.init();
    const service = app.get(PrismaService);
    expect(await service.submissionReceipt.count()).toBeGreaterThan(0);
    await app.close();
  });
});
