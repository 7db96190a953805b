import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { copyCommittedMigrations, requireDatabaseUrl, sql } from '../test-support/database';
import {
  applyMigrations,
  checkDrift,
  createMigration,
  createTestSchema,
  diffDatabaseToSchema,
  diffMigrationsToSchema,
  dropTestSchema,
  markMigrationRolledBack,
  MigrationError,
  migrationStatus,
  resetDatabase,
} from './index';
import { findPrismaPaths, writeMigration } from './migrations-dir';

const databaseUrl = requireDatabaseUrl();
const committed = findPrismaPaths();

async function committedFolders(): Promise<string[]> {
  return (await readdir(committed.migrationsDir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Every table schema.prisma maps a model to, plus Prisma's own: what the migrations must create. */
async function tablesOfSchemaPrisma(): Promise<string[]> {
  const text = await readFile(findPrismaPaths().schemaPath, 'utf8');
  const mapped = [...text.matchAll(/@@map\("([a-z0-9_]+)"\)/g)].map((m) => m[1]);
  return ['_prisma_migrations', ...mapped].sort();
}

async function tablesIn(schema: string): Promise<string[]> {
  const rows = await sql<{ table_name: string }>(
    databaseUrl,
    'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
    [schema],
  );
  return rows.map((r) => r.table_name);
}

describe('migrations on a fresh per-suite schema', () => {
  let schema: string;
  beforeAll(async () => {
    schema = await createTestSchema({ databaseUrl, prefix: 'data_migrations' });
  });
  afterAll(() => dropTestSchema({ databaseUrl, schema }));

  it('applies every committed migration once; a second run applies nothing', async () => {
    const first = await applyMigrations({ databaseUrl, schema });
    expect(first.applied).toEqual(await committedFolders());
    expect(first.applied).toContainEqual(expect.stringMatching(/^\d{14}_added_submission_receipts$/));
    expect(await tablesIn(schema)).toEqual(await tablesOfSchemaPrisma());

    const second = await applyMigrations({ databaseUrl, schema });
    expect(second.applied).toEqual([]);
    const recorded = await sql(databaseUrl, `SELECT migration_name, finished_at FROM "${schema}"._prisma_migrations`);
    expect(recorded).toHaveLength(first.applied.length);
    expect(recorded.every((r) => r['finished_at'] !== null)).toBe(true);
  });

  it('has no drift: committed migrations, schema.prisma and the migrated schema agree', async () => {
    expect(await diffMigrationsToSchema({ databaseUrl, schema })).toBe('');
    expect(await diffDatabaseToSchema({ databaseUrl, schema })).toBe('');
    const report = await checkDrift({ databaseUrl, schema });
    expect(report).toMatchObject({ drifted: false, status: { unapplied: [], edited: [], failed: [] } });
  });

  it('reports a hand-made change to the database as drift', async () => {
    await sql(databaseUrl, `ALTER TABLE "${schema}".submission_receipts ADD COLUMN hand_made TEXT`);
    try {
      expect(await diffDatabaseToSchema({ databaseUrl, schema })).toMatch(/DROP COLUMN "hand_made"/);
      expect((await checkDrift({ databaseUrl, schema })).drifted).toBe(true);
    } finally {
      await sql(databaseUrl, `ALTER TABLE "${schema}".submission_receipts DROP COLUMN hand_made`);
    }
  });

  it('reset drops the data and re-applies the migrations', async () => {
    await sql(
      databaseUrl,
      `INSERT INTO "${schema}".submission_receipts (event_id, topic, partition, "offset", message_key, payload)
       VALUES (gen_random_uuid(), 't', 0, 1, 'k', '{}')`,
    );
    const { applied } = await resetDatabase({ databaseUrl, schema });
    expect(applied).toEqual(await committedFolders());
    expect(await sql(databaseUrl, `SELECT * FROM "${schema}".submission_receipts`)).toEqual([]);
  });
});

describe('hand-written migration SQL', () => {
  let schema: string;
  let copy: Awaited<ReturnType<typeof copyCommittedMigrations>>;
  beforeEach(async () => {
    schema = await createTestSchema({ databaseUrl, prefix: 'data_handwritten' });
    copy = await copyCommittedMigrations();
  });
  afterEach(async () => {
    await dropTestSchema({ databaseUrl, schema });
    await copy.cleanup();
  });

  it('applies a trigger whose $$ body contains semicolons (append-only table)', async () => {
    await writeMigration(
      copy.migrationsDir,
      '29990101000000_made_submission_receipts_append_only',
      `CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'append-only: % on % refused', TG_OP, TG_TABLE_NAME;
  RETURN NULL;
END;
$$;
CREATE TRIGGER submission_receipts_append_only
  BEFORE UPDATE OR DELETE ON submission_receipts
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
`,
    );
    const { applied } = await applyMigrations({ databaseUrl, schema, migrationsDir: copy.migrationsDir });
    expect(applied.at(-1)).toBe('29990101000000_made_submission_receipts_append_only');

    const table = `"${schema}".submission_receipts`;
    await sql(
      databaseUrl,
      `INSERT INTO ${table} (event_id, topic, partition, "offset", message_key, payload)
       VALUES ('00000000-0000-4000-8000-000000000001', 't', 0, 1, 'k', '{}')`,
    );
    await expect(sql(databaseUrl, `UPDATE ${table} SET topic = 'x'`)).rejects.toThrow(
      'append-only: UPDATE on submission_receipts refused',
    );
    await expect(sql(databaseUrl, `DELETE FROM ${table}`)).rejects.toThrow('append-only: DELETE');
    // Triggers are invisible to Prisma's schema reader: they do not count as drift.
    expect(await diffDatabaseToSchema({ databaseUrl, schema })).toBe('');
  });

  it('rolls a failing migration back completely and records it as failed', async () => {
    const broken = '29990101000000_broken';
    await writeMigration(
      copy.migrationsDir,
      broken,
      `CREATE TABLE half_done (id INT);
INSERT INTO half_done VALUES (1);
ALTER TABLE submission_receipts ADD COLUMN also_half_done TEXT;
SELECT 1 / 0;
`,
    );
    await expect(applyMigrations({ databaseUrl, schema, migrationsDir: copy.migrationsDir })).rejects.toThrow(
      MigrationError,
    );
    expect(await tablesIn(schema)).toEqual(await tablesOfSchemaPrisma());
    const columns = await sql(
      databaseUrl,
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND column_name = 'also_half_done'`,
      [schema],
    );
    expect(columns).toEqual([]);

    const status = await migrationStatus({ databaseUrl, schema, migrationsDir: copy.migrationsDir });
    expect(status.failed).toEqual([broken]);
    // Until it is resolved, nothing else is applied.
    await expect(applyMigrations({ databaseUrl, schema, migrationsDir: copy.migrationsDir })).rejects.toThrow(broken);

    await writeFile(join(copy.migrationsDir, broken, 'migration.sql'), 'CREATE TABLE half_done (id INT);\n');
    await markMigrationRolledBack({ databaseUrl, schema, migrationsDir: copy.migrationsDir, migrationName: broken });
    const fixed = await applyMigrations({ databaseUrl, schema, migrationsDir: copy.migrationsDir });
    expect(fixed.applied).toEqual([broken]);
    expect(await tablesIn(schema)).toContain('half_done');
  });

  it('notices an applied migration that was edited afterwards', async () => {
    const [first] = await committedFolders();
    await applyMigrations({ databaseUrl, schema, migrationsDir: copy.migrationsDir });
    const file = join(copy.migrationsDir, first, 'migration.sql');
    await writeFile(file, `${await readFile(file, 'utf8')}\n-- edited\n`);
    const status = await migrationStatus({ databaseUrl, schema, migrationsDir: copy.migrationsDir });
    expect(status.edited).toEqual([first]);
    expect((await checkDrift({ databaseUrl, schema, migrationsDir: copy.migrationsDir })).drifted).toBe(true);
  });
});

describe('creating migrations from schema.prisma', () => {
  let copy: Awaited<ReturnType<typeof copyCommittedMigrations>>;
  let schemaPath: string;
  const now = new Date(Date.UTC(2999, 0, 1, 12, 0, 0));
  beforeEach(async () => {
    copy = await copyCommittedMigrations();
    schemaPath = join(copy.dir, 'schema.prisma');
    await writeFile(schemaPath, await readFile(committed.schemaPath, 'utf8'));
  });
  afterEach(() => copy.cleanup());

  it('says "no changes" when schema.prisma matches, unless an empty one is asked for', async () => {
    const options = { databaseUrl, schemaPath, migrationsDir: copy.migrationsDir, name: 'added_nothing', now };
    expect(await createMigration(options)).toEqual({ folder: undefined, file: undefined, sql: '', destructive: [] });
    const empty = await createMigration({ ...options, allowEmpty: true });
    expect(empty.folder).toBe('29990101120000_added_nothing');
    expect(await readFile(empty.file ?? '', 'utf8')).toBe('-- This is an empty migration.\n');
  });

  it('writes the next migration for a new model, then warns when one is dropped', async () => {
    const original = await readFile(schemaPath, 'utf8');
    await writeFile(schemaPath, `${original}\nmodel Probe {\n  id Int @id\n  @@map("probes")\n}\n`);
    const added = await createMigration({ databaseUrl, schemaPath, migrationsDir: copy.migrationsDir, name: 'added_probes', now });
    expect(added.folder).toBe('29990101120000_added_probes');
    expect(added.sql).toContain('CREATE TABLE "probes"');
    expect(added.destructive).toEqual([]);
    expect(await readFile(join(copy.migrationsDir, added.folder ?? '', 'migration.sql'), 'utf8')).toBe(added.sql);

    await writeFile(schemaPath, original);
    const dropped = await createMigration({ databaseUrl, schemaPath, migrationsDir: copy.migrationsDir, name: 'dropped_probes', now });
    expect(dropped.folder).toBe('29990101120001_dropped_probes');
    expect(dropped.destructive).toEqual(['DROP TABLE "probes"']);
    expect(await diffMigrationsToSchema({ databaseUrl, schemaPath, migrationsDir: copy.migrationsDir })).toBe('');
  });

  it('leaves no shadow database behind', async () => {
    const shadows = await sql(databaseUrl, `SELECT datname FROM pg_database WHERE datname LIKE 'bl_migrate_shadow_%'`);
    expect(shadows).toEqual([]);
  });
});
