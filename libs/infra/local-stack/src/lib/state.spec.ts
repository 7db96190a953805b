import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stackLayout } from './layout';
import { resolveSettings } from './options';
import { addLease, liveLeaseCount, withStateLock } from './state';

describe('sessions (leases) and the state lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-stack-state-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('counts live sessions and forgets those of dead processes', () => {
    const layout = stackLayout(dir, dir);
    addLease(layout);
    // A pid above the kernel's pid_max cannot be alive: a crashed test run's session.
    fs.writeFileSync(path.join(layout.leasesDir, '99999999-dead.lease'), '99999999 1\n');
    expect(liveLeaseCount(layout)).toBe(1);
    expect(fs.readdirSync(layout.leasesDir)).toHaveLength(1);
  });

  it('breaks a lock left by a dead process', async () => {
    const layout = stackLayout(dir, dir);
    fs.mkdirSync(layout.lockDir);
    fs.writeFileSync(path.join(layout.lockDir, 'owner'), '99999999 1\n');
    const settings = resolveSettings({ rootDir: dir }, {});
    await expect(withStateLock(layout, settings, async () => 'got it')).resolves.toBe('got it');
    expect(fs.existsSync(layout.lockDir)).toBe(false);
  });

  it('serialises callers in one process too', async () => {
    const layout = stackLayout(dir, dir);
    const settings = resolveSettings({ rootDir: dir }, {});
    const order: string[] = [];
    const slow = withStateLock(layout, settings, async () => {
      order.push('a-start');
      await new Promise((r) => setTimeout(r, 300));
      order.push('a-end');
    });
    const fast = withStateLock(layout, settings, async () => {
      order.push('b');
    });
    await Promise.all([slow, fast]);
    expect(order).toEqual(['a-start', 'a-end', 'b']);
  });
});
