// Validation on worker threads (validation-worker.ts, bundled beside main.js). Each batch is cut
// into one contiguous slice per worker; a worker is sent the registry again only when it changed.
// A worker that dies fails the batches it held (Kafka redelivers them) and is started again.
import { Worker } from 'node:worker_threads';
import type { RegistryContents, RegistrySnapshot } from '@borderledger/entry-validation';
import type { SubmissionVerdict } from './submission-verdicts';
import type { JudgeSettings, SubmissionValidator } from './submission-validator';
import { type JudgeRequest, type JudgeResponse, packValues, unpackVerdicts } from './validation-worker-protocol';

class ValidationThread {
  private worker: Worker;
  private readonly pending = new Map<number, { resolve: (verdicts: SubmissionVerdict[]) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private registryVersion = -1;
  private closed = false;

  constructor(
    private readonly script: string,
    private readonly settings: JudgeSettings,
  ) {
    this.worker = this.spawn();
  }

  judge(values: readonly Buffer[], contents: RegistryContents, version: number, now: Date): Promise<SubmissionVerdict[]> {
    const id = this.nextId++;
    const { blob, ends } = packValues(values);
    const request: JudgeRequest = {
      id,
      now: now.getTime(),
      blob,
      ends,
      ...(version !== this.registryVersion ? { registry: { version, contents } } : {}),
    };
    this.registryVersion = version;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(request, [blob.buffer as ArrayBuffer, ends.buffer as ArrayBuffer]);
    });
  }

  private spawn(): Worker {
    const worker = new Worker(this.script, { workerData: this.settings });
    worker.on('message', (response: JudgeResponse) => {
      const waiting = this.pending.get(response.id);
      this.pending.delete(response.id);
      if (!waiting) return;
      if ('error' in response) waiting.reject(new Error(`validation worker: ${response.error}`));
      else waiting.resolve(unpackVerdicts(response));
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => {
      if (this.closed) return;
      this.failAll(new Error(`validation worker exited with code ${code}`));
      // A new worker knows no registry yet.
      this.registryVersion = -1;
      this.worker = this.spawn();
    });
    // Kafka and HTTP keep the process alive; an idle worker must not.
    worker.unref();
    return worker;
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
  }
}

export class WorkerSubmissionValidator implements SubmissionValidator {
  private readonly threads: ValidationThread[];
  private readonly versions = new WeakMap<RegistryContents, number>();
  private nextVersion = 0;

  constructor(
    workerScript: string,
    size: number,
    settings: JudgeSettings,
    /** For a registry that is not plain lists (it cannot be sent to a worker). */
    private readonly inline: SubmissionValidator,
  ) {
    if (size < 1) throw new RangeError('WorkerSubmissionValidator needs at least one worker');
    this.threads = Array.from({ length: size }, () => new ValidationThread(workerScript, settings));
  }

  async judgeAll(values: readonly Buffer[], registry: RegistrySnapshot, now: Date): Promise<SubmissionVerdict[]> {
    const contents = registry.contents;
    if (!contents || values.length === 0) return this.inline.judgeAll(values, registry, now);
    let version = this.versions.get(contents);
    if (version === undefined) {
      version = this.nextVersion++;
      this.versions.set(contents, version);
    }
    const per = Math.ceil(values.length / this.threads.length);
    const slices = this.threads.map((thread, i) => ({ thread, values: values.slice(i * per, (i + 1) * per) })).filter((s) => s.values.length > 0);
    const verdicts = await Promise.all(slices.map((s) => s.thread.judge(s.values, contents, version, now)));
    return verdicts.flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
  }
}
