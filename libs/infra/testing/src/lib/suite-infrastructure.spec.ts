import { databaseUrlForSchema, eventually, stackEnvironment, suiteNamespace } from './suite-infrastructure';

describe('suite infrastructure helpers', () => {
  it('gives each suite a distinct namespace that is a valid PostgreSQL identifier and topic prefix', () => {
    const a = suiteNamespace('Ledger: crash safety');
    const b = suiteNamespace('Ledger: crash safety');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^t_ledger_crash_safety_[0-9a-f]{8}$/);
  });

  it('points a database URL at a schema without losing credentials or other parameters', () => {
    const url = databaseUrlForSchema('postgresql://bl:pw@127.0.0.1:55432/borderledger?sslmode=disable', 't_x');
    const parsed = new URL(url);
    expect(parsed.searchParams.get('schema')).toBe('t_x');
    expect(parsed.searchParams.get('sslmode')).toBe('disable');
    expect(parsed.username).toBe('bl');
    expect(parsed.password).toBe('pw');
  });

  it('fails loudly when the stack environment is missing', () => {
    const saved = { ...process.env };
    delete process.env['KAFKA_BROKERS'];
    try {
      expect(() => stackEnvironment()).toThrow(/need KAFKA_BROKERS and DATABASE_URL/);
    } finally {
      process.env = saved;
    }
  });

  it('eventually returns the first defined value and times out naming what it waited for', async () => {
    let calls = 0;
    await expect(eventually('third call', async () => (++calls === 3 ? calls : undefined))).resolves.toBe(3);
    await expect(eventually('never', async () => undefined, 300)).rejects.toThrow(/waiting for never/);
  });
});
