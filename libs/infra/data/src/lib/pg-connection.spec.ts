import { InvalidDatabaseUrlError, redactDatabaseUrl, resolvePgConnection, withDatabase } from './pg-connection';

const URL = 'postgresql://app:s%40cret@db.example:5433/ledger';

describe('resolvePgConnection', () => {
  it('parses the URL into fields, without a search_path when no schema is asked for', () => {
    const { poolConfig, schema } = resolvePgConnection({ databaseUrl: URL });
    expect(schema).toBeUndefined();
    expect(poolConfig).toMatchObject({ host: 'db.example', port: 5433, user: 'app', password: 's@cret', database: 'ledger' });
    expect(poolConfig.options).toBeUndefined();
    expect(poolConfig).not.toHaveProperty('connectionString');
  });

  it('takes ?schema= from the URL and sets search_path on every connection', () => {
    const { poolConfig, schema } = resolvePgConnection({ databaseUrl: `${URL}?schema=suite_a1` });
    expect(schema).toBe('suite_a1');
    expect(poolConfig.options).toBe('-c search_path=suite_a1');
    expect(poolConfig).not.toHaveProperty('schema');
  });

  it('lets an explicit schema win over the URL and keeps other startup options', () => {
    const databaseUrl = `${URL}?schema=other&options=-c%20statement_timeout%3D5000`;
    const { poolConfig, schema } = resolvePgConnection({ databaseUrl, schema: 'suite_b2' });
    expect(schema).toBe('suite_b2');
    expect(poolConfig.options).toBe('-c statement_timeout=5000 -c search_path=suite_b2');
  });

  it('leaves the server default alone for public', () => {
    expect(resolvePgConnection({ databaseUrl: `${URL}?schema=public` }).poolConfig.options).toBeUndefined();
  });

  it.each(['Mixed', '1abc', 'a-b', 'a;drop', 'x'.repeat(64)])('refuses the schema name %p', (name) => {
    expect(() => resolvePgConnection({ databaseUrl: URL, schema: name })).toThrow(InvalidDatabaseUrlError);
  });

  it('refuses an empty or non-PostgreSQL URL with a clear message', () => {
    expect(() => resolvePgConnection({ databaseUrl: '' })).toThrow('DATABASE_URL is empty');
    expect(() => resolvePgConnection({ databaseUrl: 'mysql://x@y/z' })).toThrow('postgresql://');
  });

  it('switches the database by field, so nothing can put it back', () => {
    const { poolConfig } = resolvePgConnection({ databaseUrl: URL });
    expect(withDatabase(poolConfig, 'shadow')).toMatchObject({ database: 'shadow', host: 'db.example' });
    expect(poolConfig.database).toBe('ledger');
  });
});

describe('redactDatabaseUrl', () => {
  it('hides the password', () => {
    expect(redactDatabaseUrl(URL)).toBe('postgresql://app:***@db.example:5433/ledger');
    expect(redactDatabaseUrl('postgresql://app@h/db')).toBe('postgresql://app@h/db');
  });
});
