// Kafka record → the two halves of a submission. Only the outer shape is checked here; the
// envelope and the opening are validated by @borderledger/entry-validation.
import type { ConsumedRecord } from '@borderledger/kafka';
import { type Rejection, reject } from '@borderledger/entry-validation';

export interface DecodedSubmission {
  readonly envelope: unknown;
  readonly opening: unknown;
}

export type DecodeResult = { readonly ok: true; readonly value: DecodedSubmission } | { readonly ok: false; readonly rejection: Rejection };

export function decodeSubmission(record: Pick<ConsumedRecord, 'value'>): DecodeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(record.value.toString('utf8'));
  } catch {
    return reject('malformed-submission', 'the message is not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return reject('malformed-submission', 'the message must be a JSON object { envelope, opening }');
  }
  const { envelope, opening } = parsed as Record<string, unknown>;
  if (envelope === undefined || opening === undefined) {
    return reject('malformed-submission', `the message lacks ${envelope === undefined ? 'envelope' : 'opening'}`);
  }
  return { ok: true, value: { envelope, opening } };
}
