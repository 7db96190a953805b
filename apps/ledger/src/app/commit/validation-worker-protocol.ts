// The messages between the ledger's main thread and its validation workers. Record values travel
// as one transferred blob (a kafkajs value is a view into a whole fetch response, which structured
// cloning would copy entire), and verdicts come back with every entry's bytes and leaf hash packed
// the same way, so a batch costs two transfers and a clone of small objects.
import type { RegistryContents, Rejection } from '@borderledger/entry-validation';
import type { SubmissionVerdict } from './submission-verdicts';

export interface JudgeRequest {
  readonly id: number;
  /** The validator's clock, ms since the epoch. */
  readonly now: number;
  readonly blob: Uint8Array;
  /** End offset of each value in `blob`. */
  readonly ends: Uint32Array;
  /** Sent when the worker has not seen this registry version yet. */
  readonly registry?: { readonly version: number; readonly contents: RegistryContents };
}

type PackedVerdict =
  | {
      readonly ok: true;
      readonly eventId: string;
      readonly eventType: string;
      readonly consignmentRef: string | null;
      readonly submitter: string;
      readonly keyId: string;
      readonly openingJson: string;
      /** End offset of the entry bytes in `entries`; the leaf hash is the next 32 bytes of `hashes`. */
      readonly end: number;
    }
  | { readonly ok: false; readonly rejection: Rejection };

export type JudgeResponse =
  | { readonly id: number; readonly verdicts: readonly PackedVerdict[]; readonly entries: Uint8Array; readonly hashes: Uint8Array }
  | { readonly id: number; readonly error: string };

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  // A fresh ArrayBuffer of exactly this size: it is transferred, so it must not be a shared pool.
  const out = new Uint8Array(new ArrayBuffer(total));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function packValues(values: readonly Uint8Array[]): { blob: Uint8Array; ends: Uint32Array } {
  const ends = new Uint32Array(values.length);
  let total = 0;
  values.forEach((v, i) => (ends[i] = total += v.length));
  return { blob: concat(values, total), ends };
}

export function unpackValues(blob: Uint8Array, ends: Uint32Array): Buffer[] {
  const out: Buffer[] = new Array(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    out[i] = Buffer.from(blob.buffer, blob.byteOffset + start, ends[i] - start);
    start = ends[i];
  }
  return out;
}

export function packVerdicts(verdicts: readonly SubmissionVerdict[]): { verdicts: PackedVerdict[]; entries: Uint8Array; hashes: Uint8Array } {
  const accepted = verdicts.flatMap((v) => (v.ok ? [v.event] : []));
  let total = 0;
  const packed = verdicts.map((v): PackedVerdict => {
    if (!v.ok) return v;
    const { eventId, eventType, consignmentRef, submitter, keyId, openingJson, entryBytes } = v.event;
    return { ok: true, eventId, eventType, consignmentRef, submitter, keyId, openingJson, end: (total += entryBytes.length) };
  });
  return { verdicts: packed, entries: concat(accepted.map((e) => e.entryBytes), total), hashes: concat(accepted.map((e) => e.leafHash), accepted.length * 32) };
}

export function unpackVerdicts(response: Extract<JudgeResponse, { verdicts: unknown }>): SubmissionVerdict[] {
  let start = 0;
  let k = 0;
  return response.verdicts.map((v): SubmissionVerdict => {
    if (!v.ok) return v;
    const { eventId, eventType, consignmentRef, submitter, keyId, openingJson, end } = v;
    const entryBytes = response.entries.subarray(start, end);
    const event = { eventId, eventType, consignmentRef, submitter, keyId, openingJson, entryBytes, leafHash: response.hashes.subarray(k * 32, k * 32 + 32) };
    start = end;
    k++;
    return { ok: true, event };
  });
}
