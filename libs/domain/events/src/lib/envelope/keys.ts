import { ed25519 } from '@noble/curves/ed25519';
import { sha256 } from '../crypto/hash';
import { randomBytes } from '../crypto/random';
import { toBase64Url } from '../encoding/bytes';

export interface SigningKey {
  /** 32-byte Ed25519 secret key (RFC 8032 seed). Keep it in the node's key store only. */
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly keyId: string;
}

export const KEY_ID_PREFIX = 'ed25519:';
/** 128 bits of SHA-256: collisions need ~2^64 keys, and ids stay short in logs and URLs. */
const KEY_ID_HASH_BYTES = 16;

/** Key id = "ed25519:" + base64url(first 16 bytes of SHA-256(raw 32-byte public key)). */
export function deriveKeyId(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new RangeError('Ed25519 public keys are 32 bytes');
  return KEY_ID_PREFIX + toBase64Url(sha256(publicKey).subarray(0, KEY_ID_HASH_BYTES));
}

export function signingKeyFromPrivateKey(privateKey: Uint8Array): SigningKey {
  if (privateKey.length !== 32) throw new RangeError('Ed25519 private keys are 32 bytes');
  const publicKey = ed25519.getPublicKey(privateKey);
  return { privateKey: privateKey.slice(), publicKey, keyId: deriveKeyId(publicKey) };
}

export function generateSigningKey(): SigningKey {
  return signingKeyFromPrivateKey(randomBytes(32));
}

/** Raw signature primitives, strict RFC 8032 verification (no ZIP-215 leniency) so every validator accepts exactly the same signatures. */
export function ed25519Sign(message: Uint8Array, privateKey: Uint8Array): Uint8Array {
  return ed25519.sign(message, privateKey);
}

export function ed25519Verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}
