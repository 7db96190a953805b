// One submission record → the ledger's verdict on it: decode, every validation rule, and the
// entry it would become (bytes and leaf hash). Pure and synchronous, so the main thread and a
// validation worker run the same function and reach the same verdict.
import { type EntryValidationOptions, type RegistrySnapshot, type Rejection, validateSubmission } from '@borderledger/entry-validation';
import { leafHash } from '@borderledger/merkle-log';
import type { AcceptedEvent } from './sequencer';
import { decodeSubmission } from './submission-decoder';

export type SubmissionVerdict = { readonly ok: true; readonly event: AcceptedEvent } | { readonly ok: false; readonly rejection: Rejection };

/**
 * The rules in their fixed order (entry-validation documents it), signature included, so a bad
 * signature is reported before anything wrong with the opening. Never throws on bad input.
 */
export function judgeSubmission(value: Buffer, registry: RegistrySnapshot, options: EntryValidationOptions): SubmissionVerdict {
  const decoded = decodeSubmission({ value });
  if (!decoded.ok) return decoded;
  const result = validateSubmission(decoded.value.envelope, decoded.value.opening, registry, options);
  if (!result.ok) return result;
  const { envelope, entryBytes, opening } = result.value;
  const { eventId, eventType, consignmentRef, submitter, keyId } = envelope;
  return { ok: true, event: { eventId, eventType, consignmentRef, submitter, keyId, entryBytes, leafHash: leafHash(entryBytes), openingJson: JSON.stringify(opening) } };
}
