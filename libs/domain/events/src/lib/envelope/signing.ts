import { toBase64Url, tryFromBase64Url } from '../encoding/bytes';
import { EventValidationError } from '../validation/validation';
import type { VerificationResult } from '../validation/verification';
import { OK, fail } from '../validation/verification';
import type { EventEnvelope, UnsignedEnvelope } from './envelope';
import { envelopeSigningInput, validateEnvelope, validateUnsignedEnvelope } from './envelope';
import type { SigningKey } from './keys';
import { deriveKeyId, ed25519Sign, ed25519Verify, signingKeyFromPrivateKey } from './keys';

export class SigningError extends Error {
  readonly code: 'KEY_ID_MISMATCH' | 'SUBMITTER_MISMATCH' | 'DUPLICATE_EVENT' | 'EMPTY_BATCH';
  constructor(code: SigningError['code'], message: string) {
    super(message);
    this.name = 'SigningError';
    this.code = code;
  }
}

function asKey(key: Uint8Array | SigningKey): SigningKey {
  return key instanceof Uint8Array ? signingKeyFromPrivateKey(key) : key;
}

/**
 * Signs an envelope: Ed25519 over JCS(envelope without signature). Validates first, and refuses
 * a private key whose id differs from envelope.keyId (a mislabelled signature would only fail
 * later, at every verifier).
 */
export function signEnvelope(envelope: UnsignedEnvelope, key: Uint8Array | SigningKey): EventEnvelope {
  const checked = validateUnsignedEnvelope(envelope);
  if (!checked.ok) throw new EventValidationError(checked.issues, 'envelope');
  const signingKey = asKey(key);
  if (signingKey.keyId !== checked.value.keyId) {
    throw new SigningError('KEY_ID_MISMATCH', `envelope names key ${checked.value.keyId} but the private key is ${signingKey.keyId}`);
  }
  const signature = ed25519Sign(envelopeSigningInput(checked.value), signingKey.privateKey);
  return { ...checked.value, signature: toBase64Url(signature) };
}

/** Verifies structure, key id and signature. Never throws. */
export function verifyEnvelope(envelope: EventEnvelope | unknown, publicKey: Uint8Array): VerificationResult {
  const checked = validateEnvelope(envelope);
  if (!checked.ok) {
    return fail('malformed', checked.issues.map((i) => `${i.path} [${i.rule}] ${i.message}`).join('; '));
  }
  let expectedKeyId: string;
  try {
    expectedKeyId = deriveKeyId(publicKey);
  } catch {
    return fail('key-id-mismatch', 'public key is not 32 bytes');
  }
  if (checked.value.keyId !== expectedKeyId) return fail('key-id-mismatch', `envelope names ${checked.value.keyId}, key is ${expectedKeyId}`);
  const signature = tryFromBase64Url(checked.value.signature, 64);
  if (!signature) return fail('malformed', 'signature is not base64url of 64 bytes');
  if (!ed25519Verify(signature, envelopeSigningInput(checked.value), publicKey)) return fail('bad-signature', 'signature does not verify');
  return OK;
}
