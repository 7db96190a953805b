/**
 * Errors for input the verifier cannot even read (a bundle that is not a bundle, a key that is
 * not a key). Verification outcomes are never thrown: they are checks in a report.
 */
export type VerifierErrorCode = 'malformed-bundle' | 'malformed-trust' | 'malformed-key' | 'invalid-argument';

export class VerifierError extends Error {
  override readonly name = 'VerifierError';

  constructor(
    readonly code: VerifierErrorCode,
    message: string,
    /** Field-level detail, e.g. `entries[2].inclusionProof[0]: not base64`. */
    readonly issues: readonly string[] = [],
  ) {
    super(issues.length > 0 ? `${message}: ${issues.join('; ')}` : message);
  }
}
