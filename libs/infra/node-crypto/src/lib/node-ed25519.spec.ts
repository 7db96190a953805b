import { ed25519 } from '@noble/curves/ed25519';
import { createNodeEd25519Verifier, isCanonicalPointEncoding } from './node-ed25519';

const strict = (pk: Uint8Array, msg: Uint8Array, sig: Uint8Array) => {
  try {
    return ed25519.verify(sig, msg, pk, { zip215: false });
  } catch {
    return false;
  }
};
const L = 2n ** 252n + 27742317777372353535851937790883648493n;
const le = (n: bigint) => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
const fromLe = (b: Uint8Array) => b.reduceRight((acc, byte) => (acc << 8n) | BigInt(byte), 0n);

describe('createNodeEd25519Verifier', () => {
  const verify = createNodeEd25519Verifier();
  const sk = ed25519.utils.randomSecretKey();
  const pk = ed25519.getPublicKey(sk);
  const msg = new TextEncoder().encode('borderledger envelope');
  const sig = ed25519.sign(msg, sk);

  it('agrees with strict RFC 8032 verification on valid and tampered signatures', () => {
    for (let i = 0; i < 50; i++) {
      const k = ed25519.utils.randomSecretKey();
      const p = ed25519.getPublicKey(k);
      const m = Uint8Array.of(i, 1, 2, 3);
      const s = ed25519.sign(m, k);
      expect(verify(p, m, s)).toBe(true);
      const bad = s.slice();
      bad[i % 64] ^= 1;
      expect(verify(p, m, bad)).toBe(strict(p, m, bad));
      expect(verify(p, Uint8Array.of(i, 1, 2, 4), s)).toBe(false);
    }
  });

  it('refuses a malleated S (S + L), as the strict verifier does', () => {
    const s = fromLe(sig.subarray(32)) + L;
    const malleated = new Uint8Array([...sig.subarray(0, 32), ...le(s)]);
    expect(strict(pk, msg, malleated)).toBe(false);
    expect(verify(pk, msg, malleated)).toBe(false);
  });

  it('refuses small-order and non-canonical public keys and R values', () => {
    const identity = le(1n);
    expect(verify(identity, msg, sig)).toBe(false);
    const nonCanonical = le(2n ** 255n - 19n + 1n); // y = p + 1
    expect(isCanonicalPointEncoding(nonCanonical)).toBe(false);
    expect(verify(nonCanonical, msg, sig)).toBe(false);
    const negZero = le(1n);
    negZero[31] |= 0x80; // x = 0 with the sign bit set
    expect(isCanonicalPointEncoding(negZero)).toBe(false);
    const badR = new Uint8Array([...negZero, ...sig.subarray(32)]);
    expect(verify(pk, msg, badR)).toBe(false);
    expect(verify(pk, msg, sig.subarray(0, 63))).toBe(false);
    expect(verify(pk.subarray(0, 31), msg, sig)).toBe(false);
  });
});
