import { Inject, Injectable, Logger } from '@nestjs/common';
import { SubmissionSink } from '../submission/submission-sink';
import { SubmissionStore } from '../submission/submission.store';

export interface OutboxRelayOptions {
  /** How often unpublished rows are looked for (also once at start). */
  readonly intervalMs: number;
  /** A row is the relay's only after this long unpublished: the request that wrote it may still be publishing. */
  readonly graceMs: number;
  readonly batchSize: number;
}

export const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');

/**
 * Transactional outbox: publishes Submission rows that were written but not marked published —
 * after a crash between the insert and the publish, or a broker outage. Rows are locked with
 * SKIP LOCKED, so nodes sharing a database never relay the same row at once; a duplicate on the
 * topic after a crash is dropped by the ledger on its event id.
 */
@Injectable()
export class OutboxRelayService {
  private readonly logger = new Logger(OutboxRelayService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly store: SubmissionStore,
    private readonly sink: SubmissionSink,
    @Inject(OUTBOX_RELAY_OPTIONS) private readonly options: OutboxRelayOptions,
  ) {}

  /** Relays what is due now, then every intervalMs. */
  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Relays until nothing is due; returns how many rows it published. One run at a time. */
  relayDue(): Promise<number> {
    this.running ??= (async () => {
      try {
        let total = 0;
        for (;;) {
          const n = await this.store.relayUnpublished(new Date(Date.now() - this.options.graceMs), this.options.batchSize, (rows) => this.sink.publish(rows));
          total += n;
          if (n < this.options.batchSize) return total;
        }
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async tick(): Promise<void> {
    try {
      const n = await this.relayDue();
      if (n > 0) this.logger.warn(`outbox relay published ${n} submission(s) that had not been published`);
    } catch (error) {
      this.logger.error(`outbox relay failed, will retry: ${(error as Error).message}`);
    }
  }
}
