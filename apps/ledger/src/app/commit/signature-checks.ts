// Signature checks apart from the rest of validation, so they can run on other cores. The use
// case validates with a verifier that records each (key, message, signature) and says yes, then
// settles the recorded checks in one call; a failed one turns the verdict into `bad-signature`,
// whatever later rule the event may also have broken, so verdicts equal sequential validation.
import { type Ed25519Verifier, SignatureMemory } from '@borderledger/entry-validation';
import { bytesEqual } from '@borderledger/merkle-log';

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

/**
 * Settles each distinct check once: a batch-signed submission repeats its batch's (key,
 * statement, signature) check for every envelope, within a consumer batch and across them
 * (a signed batch is spread over partitions by consignment). Passed checks are remembered.
 */
export class DistinctSignatureChecker implements SignatureChecker {
  private readonly memory: SignatureMemory;

  constructor(
    private readonly inner: SignatureChecker,
    capacity = 4_096,
  ) {
    this.memory = new SignatureMemory(capacity);
  }

  async verifyAll(checks: readonly SignatureCheck[]): Promise<boolean[]> {
    const results: boolean[] = new Array(checks.length).fill(true);
    // Checks not yet remembered, grouped by signature: the first one of a group is verified,
    // the others share its result only when key and message are byte-equal (the memory decides).
    const pending = new Map<string, { check: SignatureCheck; at: number[] }[]>();
    checks.forEach((check, i) => {
      const id = SignatureMemory.idOf(check);
      if (this.memory.has(check, id)) return;
      const group = pending.get(id) ?? [];
      const same = group.find((g) => bytesEqual(g.check.message, check.message) && bytesEqual(g.check.publicKey, check.publicKey));
      if (same) same.at.push(i);
      else group.push({ check, at: [i] });
      pending.set(id, group);
    });
    const distinct = [...pending.values()].flat();
    if (distinct.length === 0) return results;
    const verdicts = await this.inner.verifyAll(distinct.map((d) => d.check));
    distinct.forEach((d, k) => {
      if (verdicts[k]) this.memory.remember(d.check);
      for (const i of d.at) results[i] = verdicts[k];
    });
    return results;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A verifier for validation that defers: it records the check and answers "valid" for now. */
export function recordingVerifier(into: SignatureCheck[]): Ed25519Verifier {
  return (publicKey, message, signature) => {
    into.push({ publicKey, message, signature });
    return true;
  };
}
