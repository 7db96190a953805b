// The ledger's one write operation: a batch of submissions from Kafka becomes committed entries
// and one new signed checkpoint, in one database transaction. Steps, in order:
//   decode → validate (registry, signature, right to the type, payload opening) → drop
//   duplicates by event id (inside the batch and against the database) → sequence → commit with
//   compare-and-swap → advance the head → publish committed events, the checkpoint, rejections.
// The caller (the Kafka consumer) commits offsets only after execute() resolves, so a crash at
// any point redelivers the batch; event ids make the replay commit nothing twice, and events
// found already committed are published again (publishing is at-least-once, keyed by event id).
import { type Rejection, reject } from '@borderledger/entry-validation';
import type { ConsumedRecord } from '@borderledger/kafka';
import { CheckpointConflictError, type CachedRegistry, type CheckpointSigner, type LedgerEntryRecord, type LedgerWriter, type NewLedgerEntry } from '@borderledger/ledger-store';
import { bytesEqual } from '@borderledger/merkle-log';
import type { LedgerHead } from './ledger-head';
import type { CommittedEvent, LedgerEventsPublisher, RejectedSubmission } from './ledger-events';
import { type AcceptedEvent, sequenceBatch } from './sequencer';
import type { SubmissionValidator } from './submission-validator';
import type { SubmissionVerdict } from './submission-verdicts';

export interface SubmissionInput {
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
}

/** A batch as consumed from the submissions topic. */
export class CommitSubmissionsCommand {
  private constructor(readonly records: readonly SubmissionInput[]) {}

  static fromRecords(records: readonly Pick<ConsumedRecord, 'key' | 'value' | 'headers'>[]): CommitSubmissionsCommand {
    return new CommitSubmissionsCommand(records);
  }
}

export interface CommitOutcome {
  readonly committed: number;
  /** Already committed (a redelivery or a resubmission): dropped, their committed message re-sent. */
  readonly duplicates: number;
  readonly rejected: number;
  readonly treeSize: number;
  /** The new signed checkpoint, when this batch committed anything. */
  readonly checkpointNote?: string;
  /** Milliseconds spent validating, waiting for and inside the single-writer section, publishing. */
  readonly timings: { readonly validateMs: number; readonly commitMs: number; readonly publishMs: number };
}

export interface CommitSubmissionsOptions {
  readonly origin: string;
  readonly sign: CheckpointSigner;
  /** Where submissions are judged: worker threads in the service, inline in unit tests. */
  readonly validator: SubmissionValidator;
  readonly clock?: () => Date;
  /** Fault injection for the crash tests: runs right after the database commit. */
  readonly afterDatabaseCommit?: () => void;
  /** Told about every batch of entries once it is in the database (governance events). */
  readonly onCommitted?: (entries: readonly NewLedgerEntry[]) => void;
  /** Told about every new checkpoint (witness cosigning). */
  readonly onCheckpoint?: (note: string, treeSize: number) => void;
}

const RETRY_AFTER_REFRESH = new Set<Rejection['code']>(['unknown-submitter', 'unknown-key', 'key-not-valid', 'participant-inactive', 'event-type-not-permitted']);

export class CommitSubmissionsUseCase {
  constructor(
    private readonly store: LedgerWriter,
    private readonly registry: CachedRegistry,
    private readonly head: LedgerHead,
    private readonly events: LedgerEventsPublisher,
    private readonly options: CommitSubmissionsOptions,
  ) {
    this.announcedSize = head.size;
  }

  /** The checkpoint of a commit whose outcome is unknown (the connection failed around COMMIT). */
  private uncertain: { readonly size: number; readonly rootHash: Uint8Array } | undefined;
  /** Largest checkpoint published; the head's checkpoint is announced by the boot sequence. */
  private announcedSize: number;

  async execute(command: CommitSubmissionsCommand): Promise<CommitOutcome> {
    // Validation is the CPU-heavy part and needs no lock: batches of other partitions validate
    // while this one waits for the database.
    const started = performance.now();
    const verdicts = await this.validate(command);
    const validated = performance.now();

    // Idempotency inside the batch: the first valid copy of an event id wins; an identical copy
    // is a retry and is dropped, a different envelope under the same id is refused.
    const accepted = new Map<string, { event: AcceptedEvent; input: SubmissionInput }>();
    const rejections: RejectedSubmission[] = [];
    let duplicates = 0;
    verdicts.forEach((verdict, i) => {
      const input = command.records[i];
      if (!verdict.ok) {
        rejections.push({ ...input, rejection: verdict.rejection });
        return;
      }
      const { event } = verdict;
      const first = accepted.get(event.eventId);
      if (!first) {
        accepted.set(event.eventId, { event, input });
      } else if (bytesEqual(first.event.entryBytes, event.entryBytes)) {
        duplicates++;
      } else {
        rejections.push({ ...input, rejection: conflict(event.eventId) });
      }
    });

    // Idempotency against the database, before the lock: a redelivered batch finds its events
    // committed. An event can only be in flight in one batch at a time (submissions are keyed
    // by consignment, so its copies share a partition); if a producer broke that, the second
    // insert hits the unique event id, the batch fails and Kafka redelivers it to be found here.
    const already = await this.store.findByEventIds([...accepted.keys()]);
    const republish: LedgerEntryRecord[] = [];
    for (const [eventId, record] of already) {
      const candidate = accepted.get(eventId) as { event: AcceptedEvent; input: SubmissionInput };
      accepted.delete(eventId);
      if (bytesEqual(record.envelope, candidate.event.entryBytes)) {
        duplicates++;
        republish.push(record);
      } else {
        rejections.push({ ...candidate.input, rejection: conflict(eventId) });
      }
    }
    const fresh = [...accepted.values()].map((a) => a.event);

    // The single-writer section, kept to the database transaction: one batch at a time extends the log.
    const { batch, checkpointNote } = await this.exclusive(async () => {
      if (this.uncertain) await this.reconcile(this.uncertain);
      const batch = fresh.length > 0 ? sequenceBatch(this.options.origin, this.head.state, fresh) : undefined;
      let checkpointNote: string | undefined;
      if (batch) {
        try {
          checkpointNote = await this.store.commitBatch(batch, this.options.sign);
        } catch (error) {
          if (error instanceof CheckpointConflictError) throw error;
          // A connection lost around COMMIT leaves the outcome unknown: settle it before the next batch.
          this.uncertain = { size: batch.checkpoint.size, rootHash: batch.checkpoint.rootHash };
          throw new Error(`database commit of ${fresh.length} entries at size ${batch.previousSize} failed: ${(error as Error).message}`, { cause: error });
        }
        this.head.advance(batch.checkpoint.treeState, checkpointNote);
        this.options.afterDatabaseCommit?.();
        this.options.onCommitted?.(batch.entries);
      }
      return { batch, checkpointNote };
    });
    // Checkpoints go out in size order, outside the lock; this also catches up a checkpoint whose
    // announcement failed in an earlier attempt.
    await this.announceInOrder();

    const committedAt = performance.now();
    const treeSize = this.head.size;
    const committed: CommittedEvent[] = [
      ...republish.map((r) => ({ eventId: r.eventId, index: r.index, entry: r.envelope, key: r.consignmentRef ?? r.submitter, checkpointSize: treeSize })),
      ...(batch?.entries ?? []).map((e) => ({ eventId: e.eventId, index: e.index, entry: e.envelope, key: e.consignmentRef ?? e.submitter, checkpointSize: treeSize })),
    ];
    if (committed.length > 0) await this.events.publishCommitted(committed);
    if (rejections.length > 0) await this.events.publishRejections(rejections);
    const timings = { validateMs: validated - started, commitMs: committedAt - validated, publishMs: performance.now() - committedAt };
    return { committed: batch?.entries.length ?? 0, duplicates, rejected: rejections.length, treeSize, ...(checkpointNote ? { checkpointNote } : {}), timings };
  }

  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `work` after every earlier exclusive section has settled (a promise-chain mutex). */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * After a failed commit: did it land after all? The database either still holds our head (it
   * did not), or exactly the checkpoint we tried (it did: adopt it and publish it, as the
   * publish step never ran), or anything else — another writer, which is a fork attempt.
   */
  private async reconcile(attempted: { readonly size: number; readonly rootHash: Uint8Array }): Promise<void> {
    const latest = await this.store.latestCheckpoint();
    const latestSize = latest?.size ?? 0;
    if (latestSize === this.head.size) {
      this.uncertain = undefined;
      return;
    }
    if (latest && latest.size === attempted.size && bytesEqual(latest.rootHash, attempted.rootHash)) {
      this.head.advance(latest.treeState, latest.note);
      this.uncertain = undefined;
      await this.announceInOrder();
      return;
    }
    throw new CheckpointConflictError(this.head.size, latestSize);
  }

  private announcements: Promise<unknown> = Promise.resolve();

  /** Announces the head after every earlier announcement settled (the head only grows). */
  private announceInOrder(): Promise<void> {
    const run = this.announcements.then(
      () => this.announceHead(),
      () => this.announceHead(),
    );
    this.announcements = run.catch(() => undefined);
    return run;
  }

  private async announceHead(): Promise<void> {
    // Note and size read together, before any await: the head moves on while this publishes
    // (a pipelined batch commits meanwhile), and a note offered with another size's number
    // makes every witness refuse the consistency proof.
    const { note, size } = this.head;
    if (!note || size <= this.announcedSize) return;
    await this.events.publishCheckpoint(note, size);
    this.announcedSize = size;
    this.options.onCheckpoint?.(note, size);
  }

  private async validate(command: CommitSubmissionsCommand): Promise<SubmissionVerdict[]> {
    const now = (this.options.clock ?? (() => new Date()))();
    const values = command.records.map((r) => r.value);
    const verdicts = await this.options.validator.judgeAll(values, await this.registry.current(), now);
    // A participant admitted or a key rotated a moment ago: look again with a fresh registry
    // before refusing (rate-limited inside CachedRegistry).
    const retry = verdicts.flatMap((v, i) => (!v.ok && RETRY_AFTER_REFRESH.has(v.rejection.code) ? [i] : []));
    if (retry.length > 0 && (await this.registry.refresh())) {
      const again = await this.options.validator.judgeAll(
        retry.map((i) => values[i]),
        await this.registry.current(),
        now,
      );
      retry.forEach((i, k) => (verdicts[i] = again[k]));
    }
    return verdicts;
  }
}

function conflict(eventId: string): Rejection {
  return reject('event-id-conflict', `event id ${eventId} is already committed with a different envelope`).rejection;
}
