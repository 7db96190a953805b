// The node's Submission rows: its status API and its transactional outbox. PostgreSQL through
// Prisma in the nodes; the in-memory twin serves unit tests only.
import { Prisma, PrismaService } from '@borderledger/data';
import type { EventEnvelope, PayloadOpening } from '@borderledger/events';
import { inSpan } from '@borderledger/telemetry';
import { Injectable } from '@nestjs/common';

export type SubmissionState = 'accepted' | 'committed' | 'rejected';

export interface NewSubmission {
  readonly eventId: string;
  readonly submitter: string;
  readonly eventType: string;
  readonly consignmentRef: string | null;
  readonly envelope: EventEnvelope;
  readonly opening: PayloadOpening;
}

export interface StoredSubmission extends NewSubmission {
  readonly state: SubmissionState;
  readonly publishedAt: Date | null;
  readonly ledgerIndex: bigint | null;
  readonly rejectionReason: string | null;
  readonly acceptedAt: Date;
  readonly updatedAt: Date;
}

export interface CommittedUpdate {
  readonly eventId: string;
  readonly ledgerIndex: bigint;
}

export interface RejectedUpdate {
  readonly eventId: string;
  readonly reason: string;
}

export abstract class SubmissionStore {
  /** Inserts the rows whose event id is new; returns the ids it inserted (the others existed). */
  abstract insertNew(rows: readonly NewSubmission[]): Promise<Set<string>>;
  abstract findByIds(eventIds: readonly string[]): Promise<StoredSubmission[]>;
  /** The row only if `submitter` submitted it: another participant's event is "not found". */
  abstract findOwned(eventId: string, submitter: string): Promise<StoredSubmission | undefined>;
  abstract markPublished(eventIds: readonly string[], at: Date): Promise<void>;
  /**
   * Outbox relay: locks up to `limit` rows unpublished since before `acceptedBefore` (skipping rows
   * another relay holds), hands them to `publish`, marks them published, commits. Returns the count.
   */
  abstract relayUnpublished(acceptedBefore: Date, limit: number, publish: (rows: readonly StoredSubmission[]) => Promise<void>): Promise<number>;
  /** accepted → committed; also counts as published. Returns the rows changed. */
  abstract markCommitted(updates: readonly CommittedUpdate[]): Promise<number>;
  /** accepted → rejected with the ledger's reason. Returns the rows changed. */
  abstract markRejected(updates: readonly RejectedUpdate[]): Promise<number>;
}

type Row = {
  eventId: string;
  submitter: string;
  eventType: string;
  consignmentRef: string | null;
  envelope: unknown;
  opening: unknown;
  state: string;
  publishedAt: Date | null;
  ledgerIndex: bigint | null;
  rejectionReason: string | null;
  acceptedAt: Date;
  updatedAt: Date;
};

function toStored(row: Row): StoredSubmission {
  return {
    ...row,
    envelope: row.envelope as EventEnvelope,
    opening: row.opening as PayloadOpening,
    state: row.state as SubmissionState,
  };
}

@Injectable()
export class PrismaSubmissionStore extends SubmissionStore {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  insertNew(rows: readonly NewSubmission[]): Promise<Set<string>> {
    if (rows.length === 0) return Promise.resolve(new Set());
    return inSpan('submissions.insertNew', async () => {
      const created = await this.prisma.submission.createManyAndReturn({
        data: rows.map((r) => ({ ...r, envelope: r.envelope as unknown as Prisma.InputJsonValue, opening: r.opening as unknown as Prisma.InputJsonValue })),
        skipDuplicates: true,
        select: { eventId: true },
      });
      return new Set(created.map((c) => c.eventId));
    }, { attributes: { 'borderledger.events': rows.length } });
  }

  async findByIds(eventIds: readonly string[]): Promise<StoredSubmission[]> {
    if (eventIds.length === 0) return [];
    return (await this.prisma.submission.findMany({ where: { eventId: { in: [...eventIds] } } })).map(toStored);
  }

  async findOwned(eventId: string, submitter: string): Promise<StoredSubmission | undefined> {
    const row = await this.prisma.submission.findFirst({ where: { eventId, submitter } });
    return row ? toStored(row) : undefined;
  }

  async markPublished(eventIds: readonly string[], at: Date): Promise<void> {
    if (eventIds.length === 0) return;
    await this.prisma.submission.updateMany({ where: { eventId: { in: [...eventIds] }, publishedAt: null }, data: { publishedAt: at } });
  }

  relayUnpublished(acceptedBefore: Date, limit: number, publish: (rows: readonly StoredSubmission[]) => Promise<void>): Promise<number> {
    return inSpan('submissions.relayUnpublished', () =>
      this.prisma.$transaction(
        async (tx) => {
          const rows = await tx.$queryRaw<Row[]>`
            SELECT event_id AS "eventId", submitter, event_type AS "eventType", consignment_ref AS "consignmentRef",
                   envelope, opening, state, published_at AS "publishedAt", ledger_index AS "ledgerIndex",
                   rejection_reason AS "rejectionReason", accepted_at AS "acceptedAt", updated_at AS "updatedAt"
              FROM submissions
             WHERE published_at IS NULL AND accepted_at < ${acceptedBefore}
             ORDER BY accepted_at
             LIMIT ${limit}
               FOR UPDATE SKIP LOCKED`;
          if (rows.length === 0) return 0;
          await publish(rows.map(toStored));
          await tx.submission.updateMany({ where: { eventId: { in: rows.map((r) => r.eventId) } }, data: { publishedAt: new Date() } });
          return rows.length;
        },
        // Publishing happens inside the transaction that holds the row locks.
        { timeout: 120_000, maxWait: 10_000 },
      ),
    );
  }

  async markCommitted(updates: readonly CommittedUpdate[]): Promise<number> {
    if (updates.length === 0) return 0;
    const ids = updates.map((u) => u.eventId);
    const indexes = updates.map((u) => u.ledgerIndex.toString());
    return this.prisma.$executeRaw`
      UPDATE submissions AS s
         SET state = 'committed', ledger_index = v.ledger_index, published_at = COALESCE(s.published_at, now()), updated_at = now()
        FROM (SELECT unnest(${ids}::uuid[]) AS event_id, unnest(${indexes}::bigint[]) AS ledger_index) AS v
       WHERE s.event_id = v.event_id AND s.state = 'accepted'`;
  }

  async markRejected(updates: readonly RejectedUpdate[]): Promise<number> {
    if (updates.length === 0) return 0;
    const ids = updates.map((u) => u.eventId);
    const reasons = updates.map((u) => u.reason);
    return this.prisma.$executeRaw`
      UPDATE submissions AS s
         SET state = 'rejected', rejection_reason = v.reason, published_at = COALESCE(s.published_at, now()), updated_at = now()
        FROM (SELECT unnest(${ids}::uuid[]) AS event_id, unnest(${reasons}::text[]) AS reason) AS v
       WHERE s.event_id = v.event_id AND s.state = 'accepted'`;
  }
}

/** The same contract in memory, for unit tests. */
export class InMemorySubmissionStore extends SubmissionStore {
  readonly rows = new Map<string, StoredSubmission>();

  async insertNew(rows: readonly NewSubmission[]): Promise<Set<string>> {
    const inserted = new Set<string>();
    const now = new Date();
    for (const r of rows) {
      if (this.rows.has(r.eventId)) continue;
      this.rows.set(r.eventId, { ...r, state: 'accepted', publishedAt: null, ledgerIndex: null, rejectionReason: null, acceptedAt: now, updatedAt: now });
      inserted.add(r.eventId);
    }
    return inserted;
  }

  async findByIds(eventIds: readonly string[]): Promise<StoredSubmission[]> {
    return eventIds.map((id) => this.rows.get(id)).filter((r): r is StoredSubmission => r !== undefined);
  }

  async findOwned(eventId: string, submitter: string): Promise<StoredSubmission | undefined> {
    const row = this.rows.get(eventId);
    return row && row.submitter === submitter ? row : undefined;
  }

  async markPublished(eventIds: readonly string[], at: Date): Promise<void> {
    for (const id of eventIds) this.update(id, (r) => (r.publishedAt ? r : { ...r, publishedAt: at }));
  }

  async relayUnpublished(acceptedBefore: Date, limit: number, publish: (rows: readonly StoredSubmission[]) => Promise<void>): Promise<number> {
    const due = [...this.rows.values()].filter((r) => r.publishedAt === null && r.acceptedAt < acceptedBefore).slice(0, limit);
    if (due.length === 0) return 0;
    await publish(due);
    await this.markPublished(due.map((r) => r.eventId), new Date());
    return due.length;
  }

  async markCommitted(updates: readonly CommittedUpdate[]): Promise<number> {
    let n = 0;
    for (const u of updates) {
      if (this.rows.get(u.eventId)?.state !== 'accepted') continue;
      this.update(u.eventId, (r) => ({ ...r, state: 'committed', ledgerIndex: u.ledgerIndex, publishedAt: r.publishedAt ?? new Date() }));
      n++;
    }
    return n;
  }

  async markRejected(updates: readonly RejectedUpdate[]): Promise<number> {
    let n = 0;
    for (const u of updates) {
      if (this.rows.get(u.eventId)?.state !== 'accepted') continue;
      this.update(u.eventId, (r) => ({ ...r, state: 'rejected', rejectionReason: u.reason, publishedAt: r.publishedAt ?? new Date() }));
      n++;
    }
    return n;
  }

  private update(id: string, change: (row: StoredSubmission) => StoredSubmission): void {
    const row = this.rows.get(id);
    if (row) this.rows.set(id, { ...change(row), updatedAt: new Date() });
  }
}
