import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * A built Borderledger service run as its own process, as in production: telemetry
 * instrumentation only works when the service loads its modules through Node itself.
 * Self-contained (node: imports only) so plain-node scripts can use it too.
 */
export interface ServiceProcess {
  readonly name: string;
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything the service printed, for assertions and for failure messages. */
  output(): string;
  stop(): Promise<number | null>;
}

export interface ServiceProcessOptions {
  readonly name: string;
  /** Path to the bundle, e.g. dist/apps/ledger/main.js. */
  readonly main: string;
  readonly env: Record<string, string>;
  /** Flags for node itself, before the bundle (V8 flags NODE_OPTIONS does not accept). */
  readonly nodeFlags?: readonly string[];
  readonly port?: number;
  /** Path answering 200 once the service is ready. */
  readonly readyPath?: string;
  readonly readyTimeoutMs?: number;
  readonly onOutput?: (line: string) => void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--enable-source-maps', options.main], {
    env: { ...process.env, ...options.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    if (options.onOutput) for (const line of text.split('\n').filter(Boolean)) options.onOutput(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const service: ServiceProcess = {
    name: options.name,
    url,
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  const readyPath = options.readyPath ?? '/metrics';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${options.name} exited with code ${child.exitCode} before it was ready:\n${output}`);
    }
    try {
      const response = await fetch(`${url}${readyPath}`);
      if (response.ok) return service;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await service.stop();
  throw new Error(`${options.name} was not ready at ${url}${readyPath} in time:\n${output}`);
}
