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
 * A bounded memory of signature checks that passed, found by signature and then compared byte
 * for byte on key and message, so no two different checks can alias. Only passes go in: a bad
 * signature costs a verification every time. The oldest pass is forgotten first.
 */
export class SignatureMemory {
  private readonly passed = new Map<string, SignatureCheckInput>();

  private readonly capacity: number;

  constructor(capacity = 4_096) {
    this.capacity = capacity;
  }

  /** 64 bytes as a 64-character string: a cheap exact map key (no Buffer in a browser library). */
  static idOf(check: SignatureCheckInput): string {
    return String.fromCharCode(...check.signature);
  }

  has(check: SignatureCheckInput, id = SignatureMemory.idOf(check)): boolean {
    const hit = this.passed.get(id);
    return hit !== undefined && sameBytes(hit.publicKey, check.publicKey) && sameBytes(hit.message, check.message);
  }

  remember(check: SignatureCheckInput, id = SignatureMemory.idOf(check)): void {
    if (this.passed.size >= this.capacity) this.passed.delete(this.passed.keys().next().value as string);
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
