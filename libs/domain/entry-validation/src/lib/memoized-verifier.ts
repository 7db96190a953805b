// A batch-signed envelope asks for the same (key, message, signature) check as every other
// envelope of its batch. Remembering the checks that passed turns n verifications into one even
// when a batch arrives split across Kafka partitions, consumer batches or checkpoints.
import type { Ed25519Verifier } from './entry-validation';

export interface SignatureCheckInput {
  readonly publicKey: Uint8Array;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A bounded memory of signature checks that passed, found by the first bytes of the signature
 * and then compared byte for byte on signature, key and message, so no two different checks can
 * alias (two signatures sharing a slot only cost a verification). Only passes go in: a bad
 * signature costs a verification every time. The oldest pass is forgotten first.
 */
export class SignatureMemory {
  private readonly passed = new Map<number, SignatureCheckInput>();

  private readonly capacity: number;

  constructor(capacity = 4_096) {
    this.capacity = capacity;
  }

  /** 31 bits of the signature: a cheap exact map key (building a string from 64 bytes per check was measurable). */
  static idOf(check: SignatureCheckInput): number {
    const s = check.signature;
    return ((s[0] << 23) | (s[1] << 15) | (s[2] << 7) | (s[3] >>> 1)) >>> 0;
  }

  has(check: SignatureCheckInput, id = SignatureMemory.idOf(check)): boolean {
    const hit = this.passed.get(id);
    return hit !== undefined && sameBytes(hit.signature, check.signature) && sameBytes(hit.publicKey, check.publicKey) && sameBytes(hit.message, check.message);
  }

  remember(check: SignatureCheckInput, id = SignatureMemory.idOf(check)): void {
    if (!this.passed.has(id) && this.passed.size >= this.capacity) this.passed.delete(this.passed.keys().next().value as number);
    this.passed.set(id, { publicKey: check.publicKey, message: check.message, signature: check.signature });
  }
}

/** Wraps a verifier with a SignatureMemory. */
export function createMemoizedVerifier(verify: Ed25519Verifier, capacity = 4_096): Ed25519Verifier {
  const memory = new SignatureMemory(capacity);
  return (publicKey, message, signature) => {
    const check = { publicKey, message, signature };
    const id = SignatureMemory.idOf(check);
    if (memory.has(check, id)) return true;
    if (!verify(publicKey, message, signature)) return false;
    memory.remember(check, id);
    return true;
  };
}
