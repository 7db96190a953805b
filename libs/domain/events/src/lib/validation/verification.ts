// Shared result type for every verify* function: verification never throws on bad input,
// it says what failed.
export const VERIFICATION_FAILURES = [
  'malformed',
  'unknown-event-type',
  'type-mismatch',
  'key-id-mismatch',
  'bad-signature',
  'invalid-payload',
  'commitment-mismatch',
  'invalid-field',
  'invalid-proof',
  'batch-mismatch',
] as const;
export type VerificationFailure = (typeof VERIFICATION_FAILURES)[number];

export type VerificationResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly failure: VerificationFailure; readonly message: string };

export function fail(failure: VerificationFailure, message: string): { ok: false; failure: VerificationFailure; message: string } {
  return { ok: false, failure, message };
}

export const OK: { readonly ok: true } = Object.freeze({ ok: true as const });
