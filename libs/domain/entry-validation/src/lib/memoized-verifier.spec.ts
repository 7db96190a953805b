import { ed25519 } from '@noble/curves/ed25519';
import type { Ed25519Verifier } from './entry-validation';
import { SignatureMemory, createMemoizedVerifier } from './memoized-verifier';

const secret = new Uint8Array(32).fill(7);
const publicKey = ed25519.getPublicKey(secret);
const message = new TextEncoder().encode('batch statement');
const signature = ed25519.sign(message, secret);

function counting(): { verify: Ed25519Verifier; calls: () => number } {
  let calls = 0;
  return {
    verify: (k, m, s) => {
      calls++;
      return ed25519.verify(s, m, k);
    },
    calls: () => calls,
  };
}

describe('createMemoizedVerifier', () => {
  it('verifies a repeated check once', () => {
    const inner = counting();
    const verify = createMemoizedVerifier(inner.verify);
    for (let i = 0; i < 5; i++) expect(verify(publicKey, message, signature)).toBe(true);
    expect(inner.calls()).toBe(1);
  });

  it('never lets a remembered signature vouch for another message or key', () => {
    const inner = counting();
    const verify = createMemoizedVerifier(inner.verify);
    expect(verify(publicKey, message, signature)).toBe(true);
    expect(verify(publicKey, new TextEncoder().encode('batch statemenT'), signature)).toBe(false);
    expect(verify(ed25519.getPublicKey(new Uint8Array(32).fill(8)), message, signature)).toBe(false);
    expect(inner.calls()).toBe(3);
  });

  it('does not remember failures, and forgets the oldest pass beyond its capacity', () => {
    const inner = counting();
    const verify = createMemoizedVerifier(inner.verify, 1);
    const bad = signature.slice();
    bad[0] ^= 1;
    expect(verify(publicKey, message, bad)).toBe(false);
    expect(verify(publicKey, message, bad)).toBe(false);
    expect(inner.calls()).toBe(2);
    const other = new TextEncoder().encode('another statement');
    expect(verify(publicKey, message, signature)).toBe(true);
    expect(verify(publicKey, other, ed25519.sign(other, secret))).toBe(true);
    expect(verify(publicKey, message, signature)).toBe(true);
    expect(inner.calls()).toBe(5);
  });

  it('never lets a signature that shares a memory slot with a remembered one pass unverified', () => {
    const inner = counting();
    const verify = createMemoizedVerifier(inner.verify);
    expect(verify(publicKey, message, signature)).toBe(true);
    const lookalike = signature.slice();
    lookalike[63] ^= 1; // same first bytes, same slot
    expect(SignatureMemory.idOf({ publicKey, message, signature: lookalike })).toBe(SignatureMemory.idOf({ publicKey, message, signature }));
    expect(verify(publicKey, message, lookalike)).toBe(false);
    expect(inner.calls()).toBe(2);
  });
});
