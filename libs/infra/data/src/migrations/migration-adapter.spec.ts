import { ColumnTypeEnum, type SqlDriverAdapter, type SqlQuery } from '@prisma/driver-adapter-utils';
import {
  declareCharColumns,
  isStaleShadowDatabase,
  MigrationAdapter,
  PG_CHAR_OID,
  presentCharColumnsAsText,
  shadowDatabaseName,
} from './migration-adapter';

describe('fix 1: PostgreSQL "char" columns', () => {
  it('presents OID 18 as text to adapter-pg, then declares those columns Character', () => {
    const rows = [['public', 'n']];
    const pgResult = { fields: [{ dataTypeID: 25 }, { dataTypeID: PG_CHAR_OID }], rows };
    presentCharColumnsAsText(pgResult);
    expect(pgResult.fields.map((f) => f.dataTypeID)).toEqual([25, 25]);
    const resultSet = { columnNames: ['a', 'b'], columnTypes: [ColumnTypeEnum.Text, ColumnTypeEnum.Text], rows };
    expect(declareCharColumns(resultSet).columnTypes).toEqual([ColumnTypeEnum.Text, ColumnTypeEnum.Character]);
  });

  it('handles multi-statement results and leaves other result sets untouched', () => {
    const first = { fields: [{ dataTypeID: PG_CHAR_OID }], rows: [['r']] };
    presentCharColumnsAsText([first, { fields: [], rows: [] }]);
    expect(first.fields[0].dataTypeID).toBe(25);
    const other = { columnNames: ['x'], columnTypes: [ColumnTypeEnum.Text], rows: [['x']] };
    expect(declareCharColumns(other)).toBe(other);
  });
});

describe('fix 2: executeScript', () => {
  function fakeInner() {
    const calls: SqlQuery[] = [];
    const inner = {
      provider: 'postgres',
      adapterName: 'fake',
      executeRaw: async (q: SqlQuery) => {
        calls.push(q);
        return 0;
      },
      dispose: jest.fn(async () => undefined),
    } as unknown as SqlDriverAdapter;
    return { inner, calls };
  }

  it('sends the whole script as one parameterless query, so PostgreSQL runs it as one transaction', async () => {
    const { inner, calls } = fakeInner();
    const script = 'CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RETURN NULL; END; $$ LANGUAGE plpgsql;\nSELECT 1;';
    await new MigrationAdapter(inner).executeScript(script);
    expect(calls).toEqual([{ sql: script, args: [], argTypes: [] }]);
  });

  it('disposes once, then runs the clean-up', async () => {
    const { inner } = fakeInner();
    const afterDispose = jest.fn(async () => undefined);
    const adapter = new MigrationAdapter(inner, afterDispose);
    await Promise.all([adapter.dispose(), adapter.dispose()]);
    expect(inner.dispose).toHaveBeenCalledTimes(1);
    expect(afterDispose).toHaveBeenCalledTimes(1);
  });
});

describe('fix 3: shadow database names', () => {
  it('carries its creation time, so one left by a killed process is dropped an hour later', () => {
    const created = new Date(Date.UTC(2026, 10, 28, 12, 0, 0));
    const name = shadowDatabaseName(created);
    expect(name).toMatch(/^bl_migrate_shadow_\d+_[0-9a-f]{16}$/);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(isStaleShadowDatabase(name, new Date(created.getTime() + 59 * 60_000))).toBe(false);
    expect(isStaleShadowDatabase(name, new Date(created.getTime() + 61 * 60_000))).toBe(true);
    expect(isStaleShadowDatabase('prisma_migrate_shadow_db_x', new Date())).toBe(false);
  });
});

describe('MigrationAdapter.dispose when closing the pool fails', () => {
  it('still runs the clean-up and reports the failure', async () => {
    const inner = { dispose: jest.fn(async () => Promise.reject(new Error('pool end failed'))) } as unknown as SqlDriverAdapter;
    const afterDispose = jest.fn(async () => undefined);
    await expect(new MigrationAdapter(inner, afterDispose).dispose()).rejects.toThrow('pool end failed');
    expect(afterDispose).toHaveBeenCalledTimes(1);
  });
});
