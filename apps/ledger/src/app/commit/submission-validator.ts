// Where the ledger judges submissions. Validation is the largest CPU cost per event and needs no
// shared state but the registry, so a service runs it on worker threads and keeps the main thread
// for Kafka, the database and publishing; tests and one-core machines judge inline.
import { type Ed25519Verifier, type EntryValidationOptions, type RegistrySnapshot, createMemoizedVerifier } from '@borderledger/entry-validation';
import { InclusionPathMemo } from '@borderledger/events';
import { type SubmissionVerdict, judgeSubmission } from './submission-verdicts';

export interface SubmissionValidator {
  /** One verdict per record value, in order. */
  judgeAll(values: readonly Buffer[], registry: RegistrySnapshot, now: Date): Promise<SubmissionVerdict[]>;
  close(): Promise<void>;
}

/** The validation settings a judge needs besides the clock: plain data, so a worker can take them. */
export interface JudgeSettings {
  readonly maxFutureSkewMs?: number;
  readonly maxSubmissionAgeMs?: number;
}

/**
 * The options of one long-lived judge: a verifier that remembers passed signatures (a signed
 * batch asks for the same check once per envelope) and one memo of batch inclusion walks.
 */
export function judgeOptions(settings: JudgeSettings, verify: Ed25519Verifier): Omit<EntryValidationOptions, 'now'> {
  return { ...settings, verifySignature: createMemoizedVerifier(verify), batchPaths: new InclusionPathMemo() };
}

/** Same thread, one record after the other. */
export class InlineSubmissionValidator implements SubmissionValidator {
  constructor(private readonly options: Omit<EntryValidationOptions, 'now'>) {}

  async judgeAll(values: readonly Buffer[], registry: RegistrySnapshot, now: Date): Promise<SubmissionVerdict[]> {
    const options = { ...this.options, now };
    return values.map((value) => judgeSubmission(value, registry, options));
  }

  async close(): Promise<void> {
    return undefined;
  }
}
