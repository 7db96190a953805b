import { ed25519 } from '@noble/curves/ed25519';
import { DistinctSignatureChecker, InlineSignatureChecker, type SignatureCheck } from './signature-checks';

const secret = new Uint8Array(32).fill(3);
const publicKey = ed25519.getPublicKey(secret);
const check = (text: string): SignatureCheck => {
  const message = new TextEncoder().encode(text);
  return { publicKey, message, signature: ed25519.sign(message, secret) };
};

function counted() {
  const seen: number[] = [];
  const inner = new InlineSignatureChecker((k, m, s) => ed25519.verify(s, m, k));
  return {
    seen,
    checker: {
      verifyAll: (checks: readonly SignatureCheck[]) => {
        seen.push(checks.length);
        return inner.verifyAll(checks);
      },
      close: () => inner.close(),
    },
  };
}

describe('DistinctSignatureChecker', () => {
  it('verifies a batch statement once for all its envelopes, and remembers it for the next call', async () => {
    const { seen, checker } = counted();
    const distinct = new DistinctSignatureChecker(checker);
    const batch = check('statement of batch 1');
    const alone = check('an envelope signed alone');
    expect(await distinct.verifyAll([batch, batch, alone, batch, { ...batch }])).toEqual([true, true, true, true, true]);
    expect(seen).toEqual([2]);
    expect(await distinct.verifyAll([batch, batch])).toEqual([true, true]);
    expect(seen).toEqual([2]);
  });

  it('never lets a passing check vouch for another message under the same signature', async () => {
    const { seen, checker } = counted();
    const distinct = new DistinctSignatureChecker(checker);
    const good = check('statement');
    const forged = { ...good, message: new TextEncoder().encode('statemenT') };
    expect(await distinct.verifyAll([good, forged, good])).toEqual([true, false, true]);
    expect(seen).toEqual([2]);
    // A failure is not remembered: asked again, it is verified again (and fails again).
    expect(await distinct.verifyAll([forged])).toEqual([false]);
    expect(seen).toEqual([2, 1]);
  });
});
