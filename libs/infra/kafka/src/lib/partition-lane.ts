// One partition's batches in a pipelined consumer: handled one after the other, in offset order,
// while the consumer already fetches the next ones. A failed batch drops every batch queued
// behind it and rewinds the partition to its first offset, so nothing after it is committed
// before it is; batches fetched before the rewind took effect are refused until the partition
// is delivered again from that offset.

export interface LaneBatch {
  readonly firstOffset: string;
  /** Handles the batch and commits its offsets. */
  run(): Promise<void>;
}

export class PartitionLane {
  private tail: Promise<void> = Promise.resolve();
  private queued = 0;
  private readonly waitingForRoom: (() => void)[] = [];
  /** Bumped by a failure: batches queued under an older epoch are dropped. */
  private epoch = 0;
  /** After a failure: the offset the partition was rewound to. */
  private rewoundTo: bigint | undefined;
  private failuresInARow = 0;

  constructor(
    /** Batches queued or running at once: the fetch-ahead depth. */
    private readonly depth: number,
    /** Told about a failed batch; it rewinds the partition to `firstOffset` (consumer.seek). */
    private readonly onFailure: (firstOffset: string, error: Error) => void,
  ) {
    if (depth < 1) throw new RangeError('a partition lane needs a depth of at least 1');
  }

  /** Resolves once a batch may be queued (backpressure on the fetch loop). */
  async room(): Promise<void> {
    while (this.queued >= this.depth) await new Promise<void>((resolve) => this.waitingForRoom.push(resolve));
  }

  /**
   * Queues the batch if it belongs in the lane now, false if not: after a failure only the
   * redelivery from the rewound offset does (later batches were fetched before the rewind). Check
   * and queue are one synchronous step, so a failure that rewinds the lane cannot slip in between.
   */
  offer(batch: LaneBatch): boolean {
    if (this.rewoundTo !== undefined && BigInt(batch.firstOffset) > this.rewoundTo) return false;
    this.push(batch);
    return true;
  }

  /** How long to wait before queuing again after failures: 100 ms doubling to 5 s. */
  backoffMs(): number {
    return this.failuresInARow === 0 ? 0 : Math.min(5_000, 100 * 2 ** (this.failuresInARow - 1));
  }

  private push(batch: LaneBatch): void {
    this.rewoundTo = undefined;
    this.queued++;
    const epoch = this.epoch;
    this.tail = this.tail.then(async () => {
      try {
        if (epoch !== this.epoch) return; // an earlier batch failed: this one will be fetched again
        await batch.run();
        this.failuresInARow = 0;
      } catch (error) {
        this.epoch++;
        this.failuresInARow++;
        this.rewoundTo = BigInt(batch.firstOffset);
        // The lane's promise chain must never reject (every later batch hangs on it), so onFailure
        // reports its own trouble; what it throws anyway is dropped here.
        try {
          this.onFailure(batch.firstOffset, error as Error);
        } catch {
          // see above
        }
      } finally {
        this.queued--;
        this.waitingForRoom.shift()?.();
      }
    });
  }

  /** Resolves when every queued batch has been handled (or dropped). */
  idle(): Promise<void> {
    return this.tail;
  }
}
