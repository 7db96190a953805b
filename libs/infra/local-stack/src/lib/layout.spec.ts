import { checkoutHash, stackLayout, stateDirCandidates } from './layout';
import { parsePostmasterPid } from './postgres';

describe('stackLayout', () => {
  it('keeps each service in its own folder under the state folder', () => {
    const layout = stackLayout('/s', '/shared');
    expect(layout.postgres).toEqual({ dir: '/s/postgres', dataDir: '/s/postgres/data', logFile: '/s/postgres/postgres.log' });
    expect(layout.kafka).toEqual({
      dir: '/s/kafka',
      dataDir: '/s/kafka/data',
      logFile: '/s/kafka/kafka.log',
      pidFile: '/s/kafka/kafka.pid',
      propertiesFile: '/s/kafka/server.properties',
      log4jFile: '/s/kafka/log4j2.properties',
    });
    expect([layout.lockDir, layout.leasesDir, layout.keepRunningFile]).toEqual(['/s/.lock', '/s/leases', '/s/keep-running']);
  });
});

describe('stateDirCandidates', () => {
  it('prefers the checkout, with a per-checkout fallback in the shared folder', () => {
    expect(stateDirCandidates('/home/dev/borderledger', '/var/tmp/borderledger')).toEqual({
      inCheckout: '/home/dev/borderledger/.local/stack',
      shared: `/var/tmp/borderledger/state-${checkoutHash('/home/dev/borderledger')}`,
    });
  });

  it('gives different checkouts different folders', () => {
    expect(checkoutHash('/a')).toMatch(/^[0-9a-f]{12}$/);
    expect(checkoutHash('/a')).not.toBe(checkoutHash('/b'));
    expect(checkoutHash('/a')).toBe(checkoutHash('/a'));
  });
});

describe('parsePostmasterPid', () => {
  it('reads the pid and port lines', () => {
    expect(parsePostmasterPid('4242\n/data\n1795911580\n55432\n\n127.0.0.1\n  10053571         9\nready   \n')).toEqual({ pid: 4242, port: 55432 });
  });

  it('ignores a truncated file', () => {
    expect(parsePostmasterPid('')).toBeUndefined();
  });
});
