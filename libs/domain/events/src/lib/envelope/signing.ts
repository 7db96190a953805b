import { toBase64Url } from '../encoding/bytes';
import { EventValidationError } from '../validation/validation';
import type { VerificationResult } from '../validation/verification';
import { OK, fail } from '../validation/verification';
import type { EventEnvelope, SingleSignedEnvelope, UnsignedEnvelope } from './envelope';
import { envelopeSigningInput, validateEnvelope, validateUnsignedEnvelope } from './envelope';
import { envelopeSignatureClaim } from './signature-claim';
import type { SigningKey } from './keys';
import { deriveKeyId, ed25519Sign, ed25519Verify, signingKeyFromPrivateKey } from './keys';

export class SigningError extends Error {
  readonly code: 'KEY_ID_MISMATCH' | 'SUBMITTER_MISMATCH' | 'DUPLICATE_EVENT' | 'EMPTY_BATCH' | 'BATCH_TOO_LARGE';
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
export function signEnvelope(envelope: UnsignedEnvelope, key: Uint8Array | SigningKey): SingleSignedEnvelope {
  const checked = validateUnsignedEnvelope(envelope);
  if (!checked.ok) throw new EventValidationError(checked.issues, 'envelope');
  const signingKey = asKey(key);
  if (signingKey.keyId !== checked.value.keyId) {
    throw new SigningError('KEY_ID_MISMATCH', `envelope names key ${checked.value.keyId} but the private key is ${signingKey.keyId}`);
  }
  const signature = ed25519Sign(envelopeSigningInput(checked.value), signingKey.privateKey);
  return { ...checked.value, signature: toBase64Url(signature) };
}

/** Verifies structure, key id and signature (alone or batch). Never throws. */
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
  const claim = envelopeSignatureClaim(checked.value);
  if (!claim.ok) return fail('bad-signature', claim.reason);
  if (!ed25519Verify(claim.signature, claim.message, publicKey)) return fail('bad-signature', 'signature does not verify');
  return OK;
}
