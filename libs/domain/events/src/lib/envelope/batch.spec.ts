import * as fc from 'fast-check';
import { FIXTURE_CONSIGNMENT_REF, buildFixtureEvent, fixtureSigningKey } from '../fixtures/fixtures';
import { fromBase64Url, toBase64Url } from '../encoding/bytes';
import type { UnsignedEnvelope } from './envelope';
import { buildEnvelope } from './envelope';
import { envelopeLeafHash, signEnvelopeBatch, verifyEnvelopeBatch, verifyEnvelopeInBatch, verifyEnvelopeInclusion } from './batch';
import { SigningError, signEnvelope, verifyEnvelope } from './signing';

const key = fixtureSigningKey('skyfreight');

function envelopes(n: number, submitter = 'skyfreight'): UnsignedEnvelope[] {
  return Array.from({ length: n }, (_, i) =>
    buildEnvelope({
      eventType: 'ship.consignment.picked-up',
      consignmentRef: `${FIXTURE_CONSIGNMENT_REF}-${i}`,
      submitter,
      keyId: key.keyId,
      occurredAt: '2026-11-20T09:15:00Z',
      submittedAt: '2026-11-20T09:15:02Z',
      payloadCommitment: toBase64Url(new Uint8Array(32).fill(i)),
    }),
  );
}

describe('batch signing', () => {
  it('lets every envelope of any batch size verify through its proof with one signature', () => {
    for (const n of [1, 2, 3, 7, 8, 9, 33]) {
      const batch = envelopes(n);
      const { batch: signed, proofs } = signEnvelopeBatch(batch, key);
      expect(signed.statement).toMatchObject({ kind: 'borderledger/envelope-batch/v1', size: n, submitter: 'skyfreight', keyId: key.keyId });
      expect(verifyEnvelopeBatch(signed, key.publicKey)).toEqual({ ok: true });
      batch.forEach((e, i) => {
        expect(verifyEnvelopeInclusion(e, proofs[i])).toEqual({ ok: true });
        expect(verifyEnvelopeInBatch(e, proofs[i], key.publicKey)).toEqual({ ok: true });
        if (n > 1) expect(verifyEnvelopeInclusion(e, proofs[(i + 1) % n]).ok).toBe(false);
      });
    }
  });

  it('hashes an envelope the same with or without its own signature', () => {
    const [e] = envelopes(1);
    expect(envelopeLeafHash(signEnvelope(e, key))).toEqual(envelopeLeafHash(e));
  });

  it('fails on any tampering with envelope, path, root, size or signature', () => {
    const batch = envelopes(12);
    const { proofs } = signEnvelopeBatch(batch, key);
    fc.assert(
      fc.property(fc.nat({ max: 11 }), fc.nat({ max: 4 }), fc.nat(), (i, what, bit) => {
        const proof = proofs[i];
        const flip = (b64: string) => {
          const bytes = fromBase64Url(b64);
          bytes[(bit >> 3) % bytes.length] ^= 1 << (bit & 7);
          return toBase64Url(bytes);
        };
        let envelope: UnsignedEnvelope = batch[i];
        let p = proof;
        if (what === 0) envelope = { ...envelope, payloadCommitment: flip(envelope.payloadCommitment) };
        if (what === 1) p = { ...proof, inclusionPath: proof.inclusionPath.map((h, k) => (k === bit % proof.inclusionPath.length ? flip(h) : h)) };
        if (what === 2) p = { ...proof, batch: { ...proof.batch, statement: { ...proof.batch.statement, root: flip(proof.batch.statement.root) } } };
        if (what === 3) p = { ...proof, batch: { ...proof.batch, statement: { ...proof.batch.statement, size: proof.batch.statement.size + 1 + (bit % 5) } } };
        if (what === 4) p = { ...proof, batch: { ...proof.batch, signature: flip(proof.batch.signature) } };
        expect(verifyEnvelopeInBatch(envelope, p, key.publicKey).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects another key, and an envelope of another submitter', () => {
    const batch = envelopes(3);
    const { proofs } = signEnvelopeBatch(batch, key);
    expect(verifyEnvelopeInBatch(batch[0], proofs[0], fixtureSigningKey('other').publicKey)).toMatchObject({ failure: 'key-id-mismatch' });
    expect(verifyEnvelopeInclusion({ ...batch[0], submitter: 'hubline' }, proofs[0])).toMatchObject({ failure: 'batch-mismatch' });
  });

  it('refuses to sign empty, mixed or duplicate batches', () => {
    expect(() => signEnvelopeBatch([], key)).toThrow(SigningError);
    expect(() => signEnvelopeBatch([...envelopes(1), ...envelopes(1, 'hubline')], key)).toThrow(/submitter/);
    const [e] = envelopes(1);
    expect(() => signEnvelopeBatch([e, e], key)).toThrow(/twice/);
    expect(() => signEnvelopeBatch(envelopes(2), fixtureSigningKey('other'))).toThrow(/names key/);
  });

  it('keeps batch and envelope signatures apart (no cross-protocol replay)', () => {
    const { envelope } = buildFixtureEvent('ship.consignment.picked-up');
    const { batch } = signEnvelopeBatch([envelope], key);
    // A batch signature presented as the envelope's own signature does not verify...
    expect(verifyEnvelope({ ...envelope, signature: batch.signature }, key.publicKey).ok).toBe(false);
    // ...and an envelope signature does not sign a batch statement.
    expect(verifyEnvelopeBatch({ ...batch, signature: envelope.signature }, key.publicKey).ok).toBe(false);
    expect(verifyEnvelopeBatch({ statement: { ...batch.statement, extra: 1 }, signature: batch.signature }, key.publicKey)).toMatchObject({
      failure: 'malformed',
    });
  });
});
