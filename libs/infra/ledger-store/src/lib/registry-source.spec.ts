import { createRegistrySnapshot } from '@borderledger/entry-validation';
import { CachedRegistry } from './registry-source';

describe('CachedRegistry', () => {
  it('reuses a snapshot for its TTL, reloads after, and rate-limits early refreshes', async () => {
    let now = 0;
    let loads = 0;
    const registry = new CachedRegistry({ load: async () => (loads++, createRegistrySnapshot({ participants: [], keys: [] })) }, 5_000, 1_000, () => now);
    await registry.current();
    await registry.current();
    expect(loads).toBe(1);
    expect(await registry.refresh()).toBe(false);
    now = 1_000;
    expect(await registry.refresh()).toBe(true);
    expect(loads).toBe(2);
    now = 5_999;
    await registry.current();
    expect(loads).toBe(2);
    now = 6_000;
    await registry.current();
    expect(loads).toBe(3);
  });
});
