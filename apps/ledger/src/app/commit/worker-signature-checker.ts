// Ed25519 checks on worker threads: signature verification is the largest single cost per event
// (~40 % of the ledger's main thread in the sustained benchmark), and it needs no shared state,
// so it is the part worth moving to the other cores. Each call splits the checks into one slice
// per worker; workers answer with one byte per check.
import { Worker } from 'node:worker_threads';
import type { SignatureCheck, SignatureChecker } from './signature-checks';

interface Pending {
  readonly resolve: (results: Uint8Array) => void;
  readonly reject: (error: Error) => void;
}

/** Below this many checks a round trip to a worker costs more than it saves. */
const MIN_PARALLEL = 64;

export class WorkerSignatureChecker implements SignatureChecker {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private closed = false;

  constructor(
    workerScript: string,
    size: number,
    private readonly inline: SignatureChecker,
  ) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(workerScript);
      worker.on('message', ({ id, results }: { id: number; results: Uint8Array }) => {
        const p = this.pending.get(id);
        this.pending.delete(id);
        p?.resolve(results);
      });
      worker.on('error', (error) => this.failAll(error));
      worker.on('exit', (code) => {
        if (!this.closed) this.failAll(new Error(`signature worker exited with code ${code}`));
      });
      worker.unref();
      return worker;
    });
  }

  async verifyAll(checks: readonly SignatureCheck[]): Promise<boolean[]> {
    if (checks.length < MIN_PARALLEL || this.workers.length === 0) return this.inline.verifyAll(checks);
    // The main thread takes a slice too: it would otherwise only wait.
    const parts = this.workers.length + 1;
    const per = Math.ceil(checks.length / parts);
    const slices = Array.from({ length: parts }, (_, i) => checks.slice(i * per, (i + 1) * per));
    const [own, ...remote] = slices;
    const remoteResults = remote.map((slice, i) => this.send(this.workers[i], slice));
    const ownResults = await this.inline.verifyAll(own);
    const out = [...ownResults];
    for (const r of await Promise.all(remoteResults)) for (const byte of r) out.push(byte === 1);
    return out;
  }

  private send(worker: Worker, checks: readonly SignatureCheck[]): Promise<Uint8Array> {
    if (checks.length === 0) return Promise.resolve(new Uint8Array(0));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, checks });
    });
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
