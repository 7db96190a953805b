import { createHash } from 'node:crypto';
import * as path from 'node:path';

/**
 * Where everything lives. One state folder per checkout, so two checkouts on one
 * machine never share data (they must still use different ports).
 */
export interface StackLayout {
  stateDir: string;
  sharedDir: string;
  /** Present while the stack must outlive test sessions (`stack up`). */
  keepRunningFile: string;
  /** mkdir-based lock serialising start/stop between processes (parallel Jest projects). */
  lockDir: string;
  /** One file per live startLocalStack() caller; the last one out stops the stack. */
  leasesDir: string;
  postgres: {
    /** Owned by the postgres user when we run as root. */
    dir: string;
    dataDir: string;
    logFile: string;
  };
  kafka: {
    dir: string;
    dataDir: string;
    logFile: string;
    pidFile: string;
    propertiesFile: string;
    log4jFile: string;
  };
}

export function stackLayout(stateDir: string, sharedDir: string): StackLayout {
  const postgresDir = path.join(stateDir, 'postgres');
  const kafkaDir = path.join(stateDir, 'kafka');
  return {
    stateDir,
    sharedDir,
    keepRunningFile: path.join(stateDir, 'keep-running'),
    lockDir: path.join(stateDir, '.lock'),
    leasesDir: path.join(stateDir, 'leases'),
    postgres: {
      dir: postgresDir,
      dataDir: path.join(postgresDir, 'data'),
      logFile: path.join(postgresDir, 'postgres.log'),
    },
    kafka: {
      dir: kafkaDir,
      dataDir: path.join(kafkaDir, 'data'),
      logFile: path.join(kafkaDir, 'kafka.log'),
      pidFile: path.join(kafkaDir, 'kafka.pid'),
      propertiesFile: path.join(kafkaDir, 'server.properties'),
      log4jFile: path.join(kafkaDir, 'log4j2.properties'),
    },
  };
}

/** Short, stable id of a checkout path (after resolving symlinks, done by the caller). */
export function checkoutHash(realRootDir: string): string {
  return createHash('sha256').update(realRootDir).digest('hex').slice(0, 12);
}

/**
 * The two places a checkout's state may live: inside the checkout (preferred, removed
 * with it) or, when the postgres user cannot traverse the checkout (a private home
 * folder, a CI workspace we do not choose), in the shared folder keyed by its path.
 */
export function stateDirCandidates(realRootDir: string, sharedDir: string): { inCheckout: string; shared: string } {
  return {
    inCheckout: path.join(realRootDir, '.local', 'stack'),
    shared: path.join(sharedDir, `state-${checkoutHash(realRootDir)}`),
  };
}
