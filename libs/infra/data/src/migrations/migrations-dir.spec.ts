import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assertMigrationName,
  findDestructiveStatements,
  MIGRATION_LOCK_TOML,
  migrationTimestamp,
  nextMigrationFolderName,
  readMigrationsList,
  writeMigration,
} from './migrations-dir';

describe('migration folder names', () => {
  it('formats UTC yyyymmddHHMMSS', () => {
    expect(migrationTimestamp(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('20260102030405');
  });

  it('names the folder <timestamp>_<name>', () => {
    expect(nextMigrationFolderName('added_x_to_y', [], new Date(Date.UTC(2026, 10, 28, 23, 59, 59)))).toBe(
      '20261128235959_added_x_to_y',
    );
  });

  it('sorts after the last folder even when the clock does not', () => {
    const existing = ['20261128120000_a', '20261128120005_b'];
    expect(nextMigrationFolderName('c', existing, new Date(Date.UTC(2026, 10, 28, 12, 0, 5)))).toBe('20261128120006_c');
    expect(nextMigrationFolderName('c', existing, new Date(Date.UTC(2025, 0, 1)))).toBe('20261128120006_c');
    expect(nextMigrationFolderName('c', ['20261231235959_z'], new Date(Date.UTC(2026, 0, 1)))).toBe(
      '20270101000000_c',
    );
  });

  it.each(['Added', 'added-x', 'added x', '_x', 'x__y', ''])('rejects the name %p', (name) => {
    expect(() => assertMigrationName(name)).toThrow('lower-case words');
  });
});

describe('findDestructiveStatements', () => {
  it('flags drops, truncates and column type changes, not DROP DEFAULT or DROP NOT NULL', () => {
    const sql = [
      '-- DropTable',
      'DROP TABLE "a";',
      '-- AlterTable',
      'ALTER TABLE "b" DROP COLUMN "c",',
      'ADD COLUMN "d" TEXT;',
      'ALTER TABLE "b" ALTER COLUMN "e" DROP DEFAULT;',
      'ALTER TABLE "b" ALTER COLUMN "f" DROP NOT NULL;',
      'ALTER TABLE "b" ALTER COLUMN "g" SET DATA TYPE INTEGER;',
      'TRUNCATE "h";',
      'CREATE TABLE "i" ("j" TEXT);',
    ].join('\n');
    expect(findDestructiveStatements(sql)).toEqual([
      'DROP TABLE "a"',
      'ALTER TABLE "b" DROP COLUMN "c", ADD COLUMN "d" TEXT',
      'ALTER TABLE "b" ALTER COLUMN "g" SET DATA TYPE INTEGER',
      'TRUNCATE "h"',
    ]);
  });
});

describe('reading and writing the migrations folder', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bl-migrations-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes Prisma’s layout and reads it back sorted, with the lock file', async () => {
    await writeMigration(dir, '20260102000000_b', 'SELECT 2;');
    await writeMigration(dir, '20260101000000_a', 'SELECT 1;\n');
    expect(await readFile(join(dir, 'migration_lock.toml'), 'utf8')).toBe(MIGRATION_LOCK_TOML);
    const list = await readMigrationsList(dir);
    expect(list.baseDir).toBe(dir);
    expect(list.lockfile).toEqual({ path: 'migration_lock.toml', content: MIGRATION_LOCK_TOML });
    expect(list.migrationDirectories).toEqual([
      { path: '20260101000000_a', migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: 'SELECT 1;\n' } } },
      { path: '20260102000000_b', migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: 'SELECT 2;\n' } } },
    ]);
  });

  it('never overwrites an existing migration', async () => {
    await writeMigration(dir, '20260101000000_a', 'SELECT 1;');
    await expect(writeMigration(dir, '20260101000000_a', 'SELECT 2;')).rejects.toThrow(/EEXIST/);
  });

  it('gives the engine the provider before the first migration exists', async () => {
    const list = await readMigrationsList(join(dir, 'missing'));
    expect(list.migrationDirectories).toEqual([]);
    expect(list.lockfile.content).toBe(MIGRATION_LOCK_TOML);
  });
});
