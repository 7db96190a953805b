// Signature checks apart from the rest of validation, so they can run on other cores. The use
// case validates with a verifier that records each (key, message, signature) and says yes, then
// settles the recorded checks in one call; a failed one turns the verdict into `bad-signature`,
// whatever later rule the event may also have broken, so verdicts equal sequential validation.
import type { Ed25519Verifier } from '@borderledger/entry-validation';

export interface SignatureCheck {
  readonly publicKey: Uint8Array;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
}

/** Verifies many signatures; implementations may spread them over worker threads. */
export interface SignatureChecker {
  verifyAll(checks: readonly SignatureCheck[]): Promise<boolean[]>;
  close(): Promise<void>;
}

/** Same thread, one after the other (unit tests, a one-core machine). */
export class InlineSignatureChecker implements SignatureChecker {
  constructor(private readonly verify: Ed25519Verifier) {}

  async verifyAll(checks: readonly SignatureCheck[]): Promise<boolean[]> {
    return checks.map((c) => this.verify(c.publicKey, c.message, c.signature));
  }

  async close(): Promise<void> {
    return undefined;
  }
}

/** A verifier for validation that defers: it records the check and answers "valid" for now. */
export function recordingVerifier(into: SignatureCheck[]): Ed25519Verifier {
  return (publicKey, message, signature) => {
    into.push({ publicKey, message, signature });
    return true;
  };
}
