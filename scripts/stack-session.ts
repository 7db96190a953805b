// The local stack as `npm test` and `npm start` use it: start it (or reuse it) through the stack
// CLI, and stop it afterwards only if this session started it. Kept to node: imports so both
// plain node (scripts/test.ts) and tsx (scripts/start.ts) load it.
import { spawnSync } from 'node:child_process';

export interface StackSession {
  readonly databaseUrl: string;
  readonly kafkaBrokers: string[];
  /** Stops the stack if this session started it; a reused or external stack is left running. */
  stop(): void;
}

/** The environment for the stack CLI: without KAFKA_BROKERS/DATABASE_URL it manages its own servers. */
function cliEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { KAFKA_BROKERS: _brokers, DATABASE_URL: _database, ...rest } = env;
  return rest;
}

/**
 * Uses KAFKA_BROKERS and DATABASE_URL when both are set (external servers), else brings the
 * local stack up detached. Progress goes to stderr; throws when the stack does not start.
 */
export function openStackSession(root: string, env: NodeJS.ProcessEnv): StackSession {
  if (env['KAFKA_BROKERS'] && env['DATABASE_URL']) {
    return { databaseUrl: env['DATABASE_URL'], kafkaBrokers: env['KAFKA_BROKERS'].split(','), stop: () => undefined };
  }
  const up = spawnSync(process.execPath, ['scripts/stack.ts', 'up', '--detach', '--json'], {
    cwd: root,
    env: cliEnv(env),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (up.status !== 0) throw new Error('the local stack did not start (see above)');
  const stack = JSON.parse(up.stdout.toString()) as { databaseUrl: string; kafkaBrokers: string[]; reused?: boolean };
  let started = !stack.reused;
  return {
    databaseUrl: stack.databaseUrl,
    kafkaBrokers: stack.kafkaBrokers,
    stop: () => {
      if (!started || env['BORDERLEDGER_KEEP_STACK']) return;
      started = false;
      process.stderr.write('\u001b[1;34m==>\u001b[0m Stopping the local stack\n');
      spawnSync(process.execPath, ['scripts/stack.ts', 'down'], { cwd: root, env: cliEnv(env), stdio: 'inherit' });
    },
  };
}
