import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalStackError, stateDirUnreachableError } from './errors';
import { stackLayout, stateDirCandidates } from './layout';
import type { StackLayout } from './layout';
import type { ResolvedSettings } from './options';
import { canTraverse, isAlive, postgresRunAs, processStartTime, sleep } from './processes';

/**
 * Finds (and with create: true, makes) this checkout's state folder. Read-only callers
 * (status, down) pass create: false and get the folder a previous start would have used.
 */
export function locateState(settings: ResolvedSettings, options: { create: boolean }): StackLayout {
  const runAs = postgresRunAs();
  if (settings.stateDir) {
    if (options.create) {
      fs.mkdirSync(settings.stateDir, { recursive: true, mode: 0o755 });
      if (!canTraverse(settings.stateDir, runAs)) throw stateDirUnreachableError(settings.stateDir);
    }
    return stackLayout(settings.stateDir, settings.sharedDir);
  }

  const realRoot = fs.realpathSync(settings.rootDir);
  const { inCheckout, shared } = stateDirCandidates(realRoot, settings.sharedDir);
  if (!options.create) {
    if (fs.existsSync(inCheckout) && canTraverse(inCheckout, runAs)) return stackLayout(inCheckout, settings.sharedDir);
    return stackLayout(fs.existsSync(shared) ? shared : inCheckout, settings.sharedDir);
  }

  const createdLocal = !fs.existsSync(path.dirname(inCheckout));
  fs.mkdirSync(inCheckout, { recursive: true, mode: 0o755 });
  if (canTraverse(inCheckout, runAs)) return stackLayout(inCheckout, settings.sharedDir);

  // The postgres user cannot reach the checkout: keep state in the shared folder instead.
  if (createdLocal) fs.rmSync(path.dirname(inCheckout), { recursive: true, force: true });
  ensureSharedDir(settings.sharedDir);
  fs.mkdirSync(shared, { recursive: true, mode: 0o755 });
  if (!canTraverse(shared, runAs)) throw stateDirUnreachableError(shared);
  return stackLayout(shared, settings.sharedDir);
}

/**
 * The shared folder is machine-wide: sticky and world-writable like /tmp, so each user
 * can add their own caches and state folders to it without touching anyone else's.
 */
export function ensureSharedDir(sharedDir: string): void {
  if (fs.existsSync(sharedDir)) return;
  fs.mkdirSync(sharedDir, { recursive: true });
  try {
    fs.chmodSync(sharedDir, 0o1777);
  } catch {
    // Someone else created it between our calls; their mode stands.
  }
}

const LOCK_TIMEOUT_MS = 15 * 60_000;

/**
 * Serialises start/stop across processes (parallel Jest projects share one stack).
 * mkdir is atomic; the owner file lets a later process break the lock of a dead one.
 */
export async function withStateLock<T>(layout: StackLayout, settings: ResolvedSettings, fn: () => Promise<T>): Promise<T> {
  const ownerFile = path.join(layout.lockDir, 'owner');
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  let reported = false;
  for (;;) {
    try {
      fs.mkdirSync(layout.lockDir);
      fs.writeFileSync(ownerFile, `${process.pid} ${processStartTime(process.pid)}\n`);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (lockIsStale(layout.lockDir, ownerFile)) {
      fs.rmSync(layout.lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new LocalStackError(
        'LOCK_TIMEOUT',
        `Another process has held ${layout.lockDir} for more than ${LOCK_TIMEOUT_MS / 60_000} minutes.`,
        `If no stack command is running, delete that folder.`,
      );
    }
    if (!reported) {
      settings.log(`waiting for another start or stop of this stack to finish (lock ${layout.lockDir})`);
      reported = true;
    }
    await sleep(200, settings.signal);
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(layout.lockDir, { recursive: true, force: true });
  }
}

function lockIsStale(lockDir: string, ownerFile: string): boolean {
  let owner: string;
  try {
    owner = fs.readFileSync(ownerFile, 'utf8');
  } catch {
    // Created but owner not written yet — or its writer died in between.
    try {
      return Date.now() - fs.statSync(lockDir).mtimeMs > 10_000;
    } catch {
      return false;
    }
  }
  const [pidText, startTime] = owner.trim().split(' ');
  const pid = Number(pidText);
  return !isAlive(pid) || (startTime !== undefined && startTime !== '' && processStartTime(pid) !== startTime);
}

/** Registers this process as a user of the stack. Returns the lease file. */
export function addLease(layout: StackLayout): string {
  fs.mkdirSync(layout.leasesDir, { recursive: true });
  const file = path.join(layout.leasesDir, `${process.pid}-${randomBytes(4).toString('hex')}.lease`);
  fs.writeFileSync(file, `${process.pid} ${processStartTime(process.pid)}\n`);
  return file;
}

/** Counts leases whose process still lives, deleting the rest (crashed test runs). */
export function liveLeaseCount(layout: StackLayout): number {
  let files: string[];
  try {
    files = fs.readdirSync(layout.leasesDir).filter((f) => f.endsWith('.lease'));
  } catch {
    return 0;
  }
  let live = 0;
  for (const name of files) {
    const file = path.join(layout.leasesDir, name);
    let content = '';
    try {
      content = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const [pidText, startTime] = content.trim().split(' ');
    const pid = Number(pidText);
    if (isAlive(pid) && (!startTime || processStartTime(pid) === startTime)) live += 1;
    else fs.rmSync(file, { force: true });
  }
  return live;
}

export function clearLeases(layout: StackLayout): void {
  fs.rmSync(layout.leasesDir, { recursive: true, force: true });
}

export function setKeepRunning(layout: StackLayout, keep: boolean): void {
  if (keep) fs.writeFileSync(layout.keepRunningFile, `${new Date().toISOString()}\n`);
  else fs.rmSync(layout.keepRunningFile, { force: true });
}

export function isKeepRunning(layout: StackLayout): boolean {
  return fs.existsSync(layout.keepRunningFile);
}
