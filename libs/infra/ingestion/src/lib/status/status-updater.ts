// The ledger reports each outcome back on Kafka: `<prefix>.committed` (with the ledger index) and
// `<prefix>.submissions.dead-letter` (with the rejection code and reason in headers). The status
// updater moves the node's Submission rows accordingly. A record it cannot read is logged with
// its coordinates and skipped — never silently.
import type { ConsumedRecord, TopicNames } from '@borderledger/kafka';
import type { CommittedUpdate, RejectedUpdate } from '../submission/submission.store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type StatusRecord =
  | { readonly kind: 'committed'; readonly update: CommittedUpdate }
  | { readonly kind: 'rejected'; readonly update: RejectedUpdate }
  | { readonly kind: 'undecodable'; readonly why: string };

function json(value: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(value.toString('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function ledgerIndex(value: unknown): bigint | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && /^(0|[1-9][0-9]{0,18})$/.test(value)) return BigInt(value);
  return undefined;
}

/** Longest rejection reason kept on a row. */
const MAX_REASON = 1000;

export function decodeStatusRecord(record: Pick<ConsumedRecord, 'topic' | 'value' | 'headers'>, topics: Pick<TopicNames, 'committed' | 'deadLetter'>): StatusRecord {
  if (record.topic === topics.committed) {
    const body = json(record.value);
    const eventId = body?.['eventId'];
    const index = ledgerIndex(body?.['index']);
    if (typeof eventId !== 'string' || !UUID.test(eventId)) return { kind: 'undecodable', why: 'committed record without a valid eventId' };
    if (index === undefined) return { kind: 'undecodable', why: `committed record ${eventId} without a valid index` };
    return { kind: 'committed', update: { eventId, ledgerIndex: index } };
  }
  if (record.topic === topics.deadLetter) {
    const envelope = json(record.value)?.['envelope'] as Record<string, unknown> | undefined;
    const eventId = record.headers['bl-event-id'] ?? envelope?.['eventId'];
    if (typeof eventId !== 'string' || !UUID.test(eventId)) return { kind: 'undecodable', why: 'dead letter without an event id' };
    const code = record.headers['bl-rejection-code'] ?? 'rejected';
    const reason = record.headers['bl-rejection-reason'] ?? 'rejected by the ledger';
    return { kind: 'rejected', update: { eventId, reason: `${code}: ${reason}`.slice(0, MAX_REASON) } };
  }
  return { kind: 'undecodable', why: `unexpected topic ${record.topic}` };
}
