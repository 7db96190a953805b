// POST /v1/events as a use case: a command that checks the request's outer shape, and SubmitEvents
// which validates every event, answers replays with their original result, signs the new custodial
// ones as one batch, persists the new ones (the outbox row comes first) and publishes them. Good
// events proceed when others in the batch are refused; each refusal is reported by index.
import type { Ed25519Verifier } from '@borderledger/entry-validation';
import { createMemoizedVerifier } from '@borderledger/entry-validation';
import type { PathSegment } from '@borderledger/events';
import { EventValidationError } from '@borderledger/events';
import type { Participant } from '@borderledger/participants';
import type { FieldViolation } from '@borderledger/service-runtime';
import { metrics } from '@opentelemetry/api';
import type { IngestionProblemCode, ItemProblem } from './ingestion-problems';
import { INGESTION_PROBLEMS, itemProblem, violation } from './ingestion-problems';
import { signCustodialEnvelopes } from './custodial-signing';
import type { ItemContext, PreparedEvent, SigningKeyLookup, SubmissionMode, ValidItem } from './event-item';
import { fingerprintOf, prepareItem } from './event-item';
import type { NewSubmission, StoredSubmission, SubmissionState } from './submission.store';
import type { OutgoingSubmission } from './submission-sink';

/** A failure of the request as a whole (not of one event). */
export class IngestionRequestError extends Error {
  readonly code: IngestionProblemCode;
  readonly errors: readonly FieldViolation[];
  constructor(code: IngestionProblemCode, message: string, errors: readonly FieldViolation[] = []) {
    super(message);
    this.name = 'IngestionRequestError';
    this.code = code;
    this.errors = errors;
  }
}

export class SubmitEventsCommand {
  private constructor(
    readonly participant: Participant,
    readonly items: readonly unknown[],
    /** `{ events: [...] }` (paths start with events[i]) or one event (paths start at its root). */
    readonly batch: boolean,
  ) {}

  static create(participant: Participant, body: unknown, maxBatchSize: number): SubmitEventsCommand {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new IngestionRequestError('invalid-request', 'the body must be one event object or { "events": [ ... ] }', [violation([], 'type', 'must be a JSON object')]);
    }
    if (!('events' in body)) return new SubmitEventsCommand(participant, [body], false);
    const { events, ...rest } = body as { events: unknown };
    const unknown = Object.keys(rest);
    if (unknown.length > 0) {
      throw new IngestionRequestError('invalid-request', 'a batch has one member, "events"', unknown.map((k) => violation([k], 'unknown-field', 'is not a field of a batch')));
    }
    if (!Array.isArray(events) || events.length === 0) {
      throw new IngestionRequestError('invalid-request', '"events" must be a non-empty array', [violation(['events'], Array.isArray(events) ? 'minItems' : 'type', 'must be an array of 1 or more events')]);
    }
    if (events.length > maxBatchSize) {
      throw new IngestionRequestError('batch-too-large', `a batch holds at most ${maxBatchSize} events; this one has ${events.length}`, [
        violation(['events'], 'maxItems', `must have at most ${maxBatchSize} items`),
      ]);
    }
    return new SubmitEventsCommand(participant, events, true);
  }
}

export type ItemResult =
  | {
      readonly index: number;
      readonly eventId: string;
      readonly status: SubmissionState;
      readonly statusUrl: string;
      /** How this node received it; absent on a replay. */
      readonly mode?: SubmissionMode;
      /** True when the event id was already known: this is the original result, nothing was published. */
      readonly replayed?: true;
      readonly ledgerIndex?: number;
      readonly rejectionReason?: string;
    }
  | { readonly index: number; readonly eventId?: string; readonly status: 'refused'; readonly problem: ItemProblem };

export interface SubmitEventsResult {
  readonly accepted: number;
  readonly refused: number;
  readonly results: readonly ItemResult[];
}

export interface SubmitEventsPorts {
  readonly registry: ItemContext['registry'];
  readonly custodialKey: (participantId: string, at: Date) => SigningKeyLookup;
  /** Ed25519 for client signatures (node:crypto in the nodes); each request wraps it in a memory of passes. */
  readonly verifySignature: Ed25519Verifier;
  readonly store: {
    insertNew(rows: readonly NewSubmission[]): Promise<Set<string>>;
    findByIds(ids: readonly string[]): Promise<StoredSubmission[]>;
    markPublished(ids: readonly string[], at: Date): Promise<void>;
  };
  readonly sink: { publish(submissions: readonly OutgoingSubmission[]): Promise<void> };
  readonly now: () => Date;
  /** Reports a publish that failed or outlived publishTimeoutMs (the outbox relay retries it). */
  readonly onPublishDeferred: (eventIds: readonly string[], error: Error | undefined) => void;
}

export interface SubmitEventsOptions {
  readonly nodeName: string;
  /** The answer waits this long for Kafka; after that the outbox relay owns the publication. */
  readonly publishTimeoutMs: number;
}

export const statusUrl = (eventId: string) => `/v1/events/${eventId}`;

const meter = metrics.getMeter('borderledger');
const eventsCounter = meter.createCounter('borderledger_ingestion_events', { description: 'Events received by an ingestion node, by outcome' });

export class SubmitEvents {
  constructor(
    private readonly ports: SubmitEventsPorts,
    private readonly options: SubmitEventsOptions,
  ) {}

  async execute(command: SubmitEventsCommand): Promise<SubmitEventsResult> {
    const now = this.ports.now();
    const { participant } = command;
    const results: ItemResult[] = new Array(command.items.length);
    const valid: { index: number; item: ValidItem }[] = [];
    const firstIndexOf = new Map<string, number>();
    // Per request: the envelopes of one client batch share a statement, so its signature is checked once.
    const verifySignature = createMemoizedVerifier(this.ports.verifySignature, Math.min(command.items.length, 4_096));

    command.items.forEach((raw, index) => {
      const prefix: PathSegment[] = command.batch ? ['events', index] : [];
      const outcome = prepareItem(raw, { participant, registry: this.ports.registry, custodialKey: this.ports.custodialKey, now, prefix, verifySignature });
      if (!outcome.ok) {
        results[index] = { index, ...(outcome.eventId ? { eventId: outcome.eventId } : {}), status: 'refused', problem: outcome.problem };
        return;
      }
      const earlier = firstIndexOf.get(outcome.item.eventId);
      if (earlier !== undefined) {
        results[index] = refused(index, outcome.item, 'invalid-event', `event id repeats events[${earlier}] of this batch`, 'unique');
        return;
      }
      firstIndexOf.set(outcome.item.eventId, index);
      valid.push({ index, item: outcome.item });
    });

    // A known event id answers with its stored row: it is never signed again.
    const known = new Map((await this.ports.store.findByIds(valid.map((v) => v.item.eventId))).map((row) => [row.eventId, row]));
    const prepared: { index: number; item: ValidItem; event: PreparedEvent }[] = [];
    for (const { index, item } of valid) {
      const existing = known.get(item.eventId);
      if (existing) {
        results[index] = replayOrConflict(index, item, existing, participant.id);
        continue;
      }
      try {
        prepared.push({ index, item, event: item.build() });
      } catch (error) {
        // Validation ran before; a failure here is a catalogue inconsistency, reported on this item only.
        const issues = error instanceof EventValidationError ? error.issues : [];
        results[index] = {
          index,
          eventId: item.eventId,
          status: 'refused',
          problem: itemProblem('invalid-event', (error as Error).message, issues.map((i) => ({ path: i.path, rule: i.rule, message: i.message }))),
        };
      }
    }
    const submissions = signPrepared(prepared.map((p) => p.event));
    const fresh = prepared.map(({ index, item }, i) => ({ index, item, submission: submissions[i] }));

    const inserted = await this.ports.store.insertNew(
      fresh.map(({ item, submission }) => ({
        eventId: item.eventId,
        submitter: participant.id,
        eventType: item.eventType,
        consignmentRef: item.consignmentRef,
        envelope: submission.envelope,
        opening: submission.opening,
      })),
    );
    // Lost a race with a concurrent request for the same id: answer as for any replay, from the
    // stored row. The envelope signed here is dropped; its batch-mates still verify on their own.
    const raced = fresh.filter((f) => !inserted.has(f.item.eventId));
    if (raced.length > 0) {
      const rows = new Map((await this.ports.store.findByIds(raced.map((f) => f.item.eventId))).map((r) => [r.eventId, r]));
      for (const { index, item } of raced) {
        const row = rows.get(item.eventId);
        results[index] = row ? replayOrConflict(index, item, row, participant.id) : refused(index, item, 'event-id-conflict', 'the event id is taken', 'unique');
      }
    }
    const toPublish = fresh.filter((f) => inserted.has(f.item.eventId));
    for (const { index, item } of toPublish) {
      results[index] = { index, eventId: item.eventId, status: 'accepted', statusUrl: statusUrl(item.eventId), mode: item.mode };
    }
    await this.publish(toPublish.map((f) => f.submission));

    const accepted = results.filter((r) => r.status !== 'refused').length;
    this.count(results);
    return { accepted, refused: results.length - accepted, results };
  }

  /**
   * Publishes and marks published. The rows are already durable, so a slow or failed publish
   * does not fail the request: the outbox relay publishes whatever stays unmarked.
   */
  private async publish(submissions: readonly OutgoingSubmission[]): Promise<void> {
    if (submissions.length === 0) return;
    const ids = submissions.map((s) => s.envelope.eventId);
    const publishing = this.ports.sink.publish(submissions).then(() => this.ports.store.markPublished(ids, this.ports.now()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.publishTimeoutMs);
    });
    try {
      const outcome = await Promise.race([publishing.then(() => 'published' as const), timeout]);
      if (outcome === 'timeout') {
        this.ports.onPublishDeferred(ids, undefined);
        publishing.catch((error: Error) => this.ports.onPublishDeferred(ids, error));
      }
    } catch (error) {
      this.ports.onPublishDeferred(ids, error as Error);
    } finally {
      clearTimeout(timer);
    }
  }

  private count(results: readonly ItemResult[]): void {
    const tally = new Map<string, number>();
    for (const r of results) {
      const key = r.status === 'refused' ? `refused:${r.problem.type.split('/').pop()}` : r.replayed ? 'replayed' : `accepted:${r.mode}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
    }
    for (const [key, n] of tally) {
      const [outcome, detail] = key.split(':');
      eventsCounter.add(n, { node: this.options.nodeName, outcome, ...(detail ? { detail } : {}) });
    }
  }
}

/**
 * Signs the request's new custodial events (one batch per key) and keeps client-signed ones as
 * they came, in the order given. Every envelope was validated and built for the key it is signed
 * with, and duplicates were refused, so a throw here is a bug and fails the request.
 */
function signPrepared(events: readonly PreparedEvent[]): OutgoingSubmission[] {
  const envelopes = signCustodialEnvelopes(events.flatMap((e) => (e.kind === 'to-sign' ? [{ envelope: e.envelope, key: e.key }] : [])));
  let next = 0;
  return events.map((e) => (e.kind === 'signed' ? e.event : { envelope: envelopes[next++], opening: e.opening }));
}

function refused(index: number, item: ValidItem, code: IngestionProblemCode, detail: string, rule: string): ItemResult {
  const message = rule === 'unique' ? 'must be unique: it is already used by another event' : detail;
  return { index, eventId: item.eventId, status: 'refused', problem: itemProblem(code, detail, [violation(item.eventIdPath, rule, message)]) };
}

/** Same submitter and same content: the original result. Anything else: a conflict that reveals no owner. */
function replayOrConflict(index: number, item: ValidItem, row: StoredSubmission, participantId: string): ItemResult {
  const same =
    row.submitter === participantId &&
    fingerprintOf({ ...row.envelope, payload: row.opening.payload }) === item.fingerprint;
  if (!same) return refused(index, item, 'event-id-conflict', 'this event id was already used for a different event', 'unique');
  return {
    index,
    eventId: row.eventId,
    status: row.state,
    statusUrl: statusUrl(row.eventId),
    replayed: true,
    ...(row.ledgerIndex !== null ? { ledgerIndex: Number(row.ledgerIndex) } : {}),
    ...(row.rejectionReason !== null ? { rejectionReason: row.rejectionReason } : {}),
  };
}

/** HTTP status of a request where nothing was accepted: 403 when only permissions failed. */
export function statusWhenNothingAccepted(results: readonly ItemResult[]): 403 | 422 {
  const statuses = results.map((r) => (r.status === 'refused' ? r.problem.status : 202));
  return statuses.every((s) => s === INGESTION_PROBLEMS['event-type-not-permitted'].status) ? 403 : 422;
}
