import { FIXTURE_CONSIGNMENT_REF, buildEnvelope, fixtureSigningKey, toBase64Url, verifyEnvelope, type SigningKey } from '@borderledger/events';
import { signCustodialEnvelopes } from './custodial-signing';

const shopwave = fixtureSigningKey('shopwave');
const brightmart = fixtureSigningKey('brightmart');

function toSign(key: SigningKey, submitter: string, i: number) {
  return {
    key,
    envelope: buildEnvelope({
      eventType: 'buy.order.placed',
      consignmentRef: FIXTURE_CONSIGNMENT_REF,
      submitter,
      keyId: key.keyId,
      occurredAt: '2026-11-20T09:15:00Z',
      submittedAt: '2026-11-20T09:15:02Z',
      payloadCommitment: toBase64Url(new Uint8Array(32).fill(i)),
    }),
  };
}

describe('signCustodialEnvelopes', () => {
  it('signs one batch per key in the order given, and a key’s lone envelope alone', () => {
    const items = [toSign(shopwave, 'shopwave', 0), toSign(brightmart, 'brightmart', 1), toSign(shopwave, 'shopwave', 2), toSign(shopwave, 'shopwave', 3)];
    const signed = signCustodialEnvelopes(items);
    expect(signed.map((e) => e.eventId)).toEqual(items.map((i) => i.envelope.eventId));
    expect([0, 2, 3].map((i) => signed[i].batchSignature)).toEqual([
      expect.objectContaining({ size: 3, leafIndex: 0 }),
      expect.objectContaining({ size: 3, leafIndex: 1 }),
      expect.objectContaining({ size: 3, leafIndex: 2 }),
    ]);
    expect(new Set([0, 2, 3].map((i) => signed[i].batchSignature?.signature)).size).toBe(1);
    expect(signed[1].batchSignature).toBeUndefined();
    expect(signed[1].signature).toEqual(expect.any(String));
    signed.forEach((envelope, i) => expect(verifyEnvelope(envelope, items[i].key.publicKey)).toEqual({ ok: true }));
  });

  it('signs nothing for no envelope', () => {
    expect(signCustodialEnvelopes([])).toEqual([]);
  });
});
