// Pushes checkpoints to the witnesses with the C2SP tlog-witness add-checkpoint protocol and
// stores the cosignatures they return (after verifying them). Works in rounds: every witness is
// offered the same checkpoint, so the quorum can form on one size; a round ends when every
// witness answered or timed out, then the next round offers the newest checkpoint. A witness
// that was down catches up in a later round with a consistency proof from the size it last
// cosigned. Nothing here blocks the commit path.
import type { CosignatureStore, LedgerReader } from '@borderledger/ledger-store';
import { formatAddCheckpointRequest, generateConsistencyProof, peekCheckpoint } from '@borderledger/merkle-log';
import { type WitnessEndpoint, verifyCosignatureLine } from './witness-quorum';

export interface CosigningLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export type PushOutcome =
  | { readonly kind: 'cosigned'; readonly size: number }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'failed'; readonly status?: number; readonly reason: string };

export interface WitnessCosigningOptions {
  readonly requestTimeoutMs?: number;
  /** How many times a 409 "your old size is stale" is followed within one push. */
  readonly maxConflictRetries?: number;
  readonly fetch?: typeof fetch;
  /** After a round where some witness failed, offer the latest checkpoint again after this delay. */
  readonly retryDelayMs?: number;
}

export class WitnessCosigning {
  private latest: { note: string; size: number } | undefined;
  private readonly cosigned = new Map<string, number>();
  private running: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly endpoints: readonly WitnessEndpoint[],
    private readonly store: Pick<CosignatureStore, 'addCosignature' | 'latestCosignedSizes'> & Pick<LedgerReader, 'readNodes'>,
    private readonly log: CosigningLog,
    private readonly options: WitnessCosigningOptions = {},
    /** Told after every stored cosignature (finality is recomputed from the database). */
    private readonly onCosigned: (size: number) => void = () => undefined,
  ) {}

  /** Loads, per witness, the size it last cosigned. */
  async init(): Promise<void> {
    for (const [witness, size] of await this.store.latestCosignedSizes()) this.cosigned.set(witness, size);
  }

  lastCosigned(witness: string): number {
    return this.cosigned.get(witness) ?? 0;
  }

  /** A new checkpoint: start a round unless one runs (it will pick this one up when it ends). */
  offer(note: string, size: number): void {
    if (this.endpoints.length === 0 || this.stopped) return;
    if (this.latest && this.latest.size >= size) return;
    this.latest = { note, size };
    this.start(0);
  }

  private start(alreadyOffered: number): void {
    if (this.running || this.stopped) return;
    this.running = this.rounds(alreadyOffered).finally(() => (this.running = undefined));
  }

  /** Resolves when no round is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    return this.idle();
  }

  private async rounds(alreadyOffered: number): Promise<void> {
    let offered = alreadyOffered;
    let failed = false;
    while (!this.stopped && this.latest && this.latest.size > offered) {
      const target = this.latest;
      offered = target.size;
      const outcomes = await Promise.all(this.endpoints.map((w) => this.push(w, target.note, target.size)));
      failed = outcomes.some((o) => o.kind === 'failed');
    }
    if (failed && !this.stopped) {
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => this.start(0), this.options.retryDelayMs ?? 5_000);
      this.retryTimer.unref();
    }
  }

  /** One add-checkpoint exchange with one witness (plus conflict retries). Never throws. */
  async push(witness: WitnessEndpoint, note: string, size: number): Promise<PushOutcome> {
    const text = peekCheckpoint(note).text;
    let oldSize = this.lastCosigned(witness.name);
    for (let attempt = 0; attempt <= (this.options.maxConflictRetries ?? 2); attempt++) {
      if (oldSize >= size) return { kind: 'skipped', reason: `witness already cosigned size ${oldSize}` };
      let response: Response;
      try {
        const proof = oldSize > 0 ? await generateConsistencyProof(this.store, oldSize, size) : [];
        response = await (this.options.fetch ?? fetch)(`${witness.url}/add-checkpoint`, {
          method: 'POST',
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          body: formatAddCheckpointRequest({ oldSize, proof, checkpointNote: note }),
          signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000),
        });
      } catch (error) {
        this.log.warn({ witness: witness.name, size, err: (error as Error).message }, 'witness unreachable; it catches up in a later round');
        return { kind: 'failed', reason: (error as Error).message };
      }
      const body = await response.text().catch(() => '');
      if (response.status === 200) return this.accept(witness, text, size, body);
      if (response.status === 409 && (response.headers.get('content-type') ?? '').startsWith('text/x.tlog.size')) {
        // The witness's latest cosigned size differs from ours: resend with its size.
        const theirs = Number(body.trim());
        if (!Number.isSafeInteger(theirs) || theirs < 0) return { kind: 'failed', status: 409, reason: 'unreadable size in conflict response' };
        if (theirs > size) return { kind: 'skipped', reason: `witness is at size ${theirs}, beyond ${size}` };
        if (theirs === size) {
          // Either it cosigned this very checkpoint before (and we lost the answer) or it holds
          // another checkpoint of this size: equivocation. It cannot tell us which here.
          this.log.warn({ witness: witness.name, size }, 'witness already holds a checkpoint of this size (cosigned earlier, or EQUIVOCATION)');
          return { kind: 'skipped', reason: `witness already holds a checkpoint of size ${size}` };
        }
        oldSize = theirs;
        continue;
      }
      const reason = `${response.status}: ${body.slice(0, 300)}`;
      if (response.status === 409) this.log.error({ witness: witness.name, size, response: body.slice(0, 2000) }, 'witness reports EQUIVOCATION: it holds another checkpoint of this size');
      else this.log.error({ witness: witness.name, size, status: response.status, response: body.slice(0, 300) }, 'witness refused the checkpoint');
      return { kind: 'failed', status: response.status, reason };
    }
    return { kind: 'failed', status: 409, reason: 'old size kept conflicting' };
  }

  private async accept(witness: WitnessEndpoint, text: string, size: number, body: string): Promise<PushOutcome> {
    const lines = body.split('\n').filter((l) => l.length > 0);
    // A witness may return several lines (e.g. more than one key); keep the one that is its key.
    const verdicts = lines.map((line) => verifyCosignatureLine(line, text, witness.verifier));
    const good = verdicts.find((v): v is Extract<typeof v, { ok: true }> => v.ok);
    if (!good) {
      const reasons = verdicts.map((v) => (v.ok ? 'ok' : v.reason)).join('; ') || 'empty response';
      this.log.error({ witness: witness.name, size, reasons }, 'witness returned no valid cosignature; nothing stored');
      return { kind: 'failed', status: 200, reason: reasons };
    }
    try {
      await this.store.addCosignature({ treeSize: size, witness: witness.name, signatureLine: good.line, timestamp: good.timestamp });
    } catch (error) {
      this.log.warn({ witness: witness.name, size, err: (error as Error).message }, 'could not store a cosignature; the witness is asked again later');
      return { kind: 'failed', reason: (error as Error).message };
    }
    this.cosigned.set(witness.name, Math.max(this.lastCosigned(witness.name), size));
    this.onCosigned(size);
    return { kind: 'cosigned', size };
  }
}
