import * as fc from 'fast-check';
import { FIXTURE_CONSIGNMENT_REF, buildFixtureEvent, fixtureSigningKey } from '../fixtures/fixtures';
import { fromBase64Url, toBase64Url, utf8 } from '../encoding/bytes';
import { validateEnvelope, withoutSignature, type BatchSignedEnvelope, type UnsignedEnvelope } from './envelope';
import { buildEnvelope } from './envelope';
import { signEnvelopeBatch } from './batch';
import { ENVELOPE_BATCH_KIND, batchStatementBytes, envelopeLeafHash, envelopeSignatureClaim, signedEnvelopeBytes, signedEnvelopeText } from './signature-claim';
import { InclusionPathMemo, rootFromInclusionPath } from '../merkle/merkle-tree';
import { canonicalBytes, canonicalJson } from '../encoding/canonical';
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

const flip = (b64: string, bit: number) => {
  const bytes = fromBase64Url(b64);
  bytes[(bit >> 3) % bytes.length] ^= 1 << (bit & 7);
  return toBase64Url(bytes);
};

describe('batch signing', () => {
  it('lets every envelope of any batch size verify on its own, all under one signed statement', () => {
    for (const n of [1, 2, 3, 7, 8, 9, 33]) {
      const signed = signEnvelopeBatch(envelopes(n), key);
      const claims = signed.map((e) => envelopeSignatureClaim(e));
      signed.forEach((e, i) => {
        expect(validateEnvelope(e).ok).toBe(true);
        expect(e.batchSignature).toMatchObject({ size: n, leafIndex: i });
        expect(verifyEnvelope(e, key.publicKey)).toEqual({ ok: true });
      });
      // One message and one signature for the whole batch: a verifier checks it once.
      const messages = new Set(claims.map((c) => (c.ok ? toBase64Url(c.message) : 'failed')));
      expect(messages.size).toBe(1);
      expect(JSON.parse(new TextDecoder().decode(claims[0].ok ? claims[0].message : new Uint8Array()))).toMatchObject({
        kind: 'borderledger/envelope-batch/v1',
        size: n,
        submitter: 'skyfreight',
        keyId: key.keyId,
      });
    }
  });

  it('hashes an envelope the same however it is signed', () => {
    const [e] = envelopes(1);
    expect(envelopeLeafHash(signEnvelope(e, key))).toEqual(envelopeLeafHash(e));
    expect(envelopeLeafHash(signEnvelopeBatch([e], key)[0])).toEqual(envelopeLeafHash(e));
  });

  it('fails on any tampering with the envelope, its path, index, size or the signature', () => {
    const signed = signEnvelopeBatch(envelopes(12), key);
    fc.assert(
      fc.property(fc.nat({ max: 11 }), fc.nat({ max: 4 }), fc.nat(), (i, what, bit) => {
        const e = signed[i];
        const b = e.batchSignature;
        let tampered: BatchSignedEnvelope = e;
        if (what === 0) tampered = { ...e, payloadCommitment: flip(e.payloadCommitment, bit) };
        if (what === 1) tampered = { ...e, batchSignature: { ...b, inclusionPath: b.inclusionPath.map((h, k) => (k === bit % b.inclusionPath.length ? flip(h, bit) : h)) } };
        if (what === 2) tampered = { ...e, batchSignature: { ...b, leafIndex: (b.leafIndex + 1 + (bit % 10)) % 12 } };
        if (what === 3) tampered = { ...e, batchSignature: { ...b, size: b.size + 1 + (bit % 5) } };
        if (what === 4) tampered = { ...e, batchSignature: { ...b, signature: flip(b.signature, bit) } };
        expect(verifyEnvelope(tampered, key.publicKey).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('names a path that cannot fit its leaf index and batch size', () => {
    const [e] = signEnvelopeBatch(envelopes(5), key);
    const short = { ...e, batchSignature: { ...e.batchSignature, inclusionPath: e.batchSignature.inclusionPath.slice(1) } };
    expect(envelopeSignatureClaim(short)).toEqual({ ok: false, reason: 'the inclusion path does not fit leaf 0 of a batch of 5' });
    expect(verifyEnvelope(short, key.publicKey)).toMatchObject({ ok: false, failure: 'bad-signature' });
  });

  it('claims exactly batchStatementBytes of the statement, with or without a memo, for every envelope', () => {
    const memo = new InclusionPathMemo();
    for (const n of [1, 2, 5, 33]) {
      for (const e of [...signEnvelopeBatch(envelopes(n), key), ...signEnvelopeBatch(envelopes(n), key)]) {
        const b = e.batchSignature;
        const root = rootFromInclusionPath(envelopeLeafHash(e), b.leafIndex, b.size, b.inclusionPath.map(fromBase64Url)) as Uint8Array;
        const expected = { ok: true, message: batchStatementBytes({ kind: ENVELOPE_BATCH_KIND, submitter: e.submitter, keyId: e.keyId, size: n, root: toBase64Url(root) }), signature: fromBase64Url(b.signature) };
        expect(envelopeSignatureClaim(e)).toEqual(expected);
        expect(envelopeSignatureClaim(e, memo)).toEqual(expected);
        expect(envelopeSignatureClaim(e, memo)).toEqual(expected);
      }
    }
  });

  it('names the first undecodable path hash, even past where the walk stops', () => {
    const [e] = signEnvelopeBatch(envelopes(5), key);
    const path = e.batchSignature.inclusionPath;
    const memo = new InclusionPathMemo();
    envelopeSignatureClaim(e, memo);
    for (const inclusionPath of [[...path, 'x!'], [path[0], 'Zg==', ...path.slice(1)], [...path.slice(0, 2), `${path[2].slice(0, 42)}B`]]) {
      const bad = { ...e, batchSignature: { ...e.batchSignature, inclusionPath } };
      const reason = (() => {
        try {
          inclusionPath.forEach((h) => fromBase64Url(h));
          return 'decodes';
        } catch (error) {
          return (error as Error).message;
        }
      })();
      expect(reason).toMatch(/^base64url: /);
      expect(envelopeSignatureClaim(bad)).toEqual({ ok: false, reason });
      expect(envelopeSignatureClaim(bad, memo)).toEqual({ ok: false, reason });
    }
  });

  it('rejects another key', () => {
    const [e] = signEnvelopeBatch(envelopes(3), key);
    expect(verifyEnvelope(e, fixtureSigningKey('other').publicKey)).toMatchObject({ failure: 'key-id-mismatch' });
  });

  it('refuses to sign empty, mixed or duplicate batches', () => {
    expect(() => signEnvelopeBatch([], key)).toThrow(SigningError);
    expect(() => signEnvelopeBatch([...envelopes(1), ...envelopes(1, 'hubline')], key)).toThrow(/submitter/);
    const [e] = envelopes(1);
    expect(() => signEnvelopeBatch([e, e], key)).toThrow(/twice/);
    expect(() => signEnvelopeBatch(envelopes(2), fixtureSigningKey('other'))).toThrow(/names key/);
  });

  it('requires exactly one of signature and batchSignature', () => {
    const [batched] = signEnvelopeBatch(envelopes(2), key);
    const single = signEnvelope(envelopes(1)[0], key);
    const both = validateEnvelope({ ...batched, signature: single.signature });
    expect(both).toMatchObject({ ok: false, issues: [{ path: 'batchSignature', rule: 'consistency' }] });
    const neither: Record<string, unknown> = { ...single };
    delete neither['signature'];
    expect(validateEnvelope(neither)).toMatchObject({ ok: false, issues: [{ path: 'signature', rule: 'consistency' }] });
    const outside = validateEnvelope({ ...batched, batchSignature: { ...batched.batchSignature, leafIndex: 2 } });
    expect(outside).toMatchObject({ ok: false, issues: [{ path: 'batchSignature.leafIndex', rule: 'consistency' }] });
  });

  it('keeps batch and envelope signatures apart (no cross-protocol replay)', () => {
    const envelope = withoutSignature(buildFixtureEvent('ship.consignment.picked-up').envelope);
    const [batched] = signEnvelopeBatch([envelope], key);
    // A batch signature presented as the envelope's own signature does not verify...
    const { batchSignature, ...rest } = batched;
    expect(verifyEnvelope({ ...rest, signature: batchSignature.signature }, key.publicKey).ok).toBe(false);
    // ...and an envelope signature does not sign a batch statement.
    const single = signEnvelope(envelope, key);
    expect(verifyEnvelope({ ...batched, batchSignature: { ...batchSignature, signature: single.signature } }, key.publicKey).ok).toBe(false);
  });
});

describe('signedEnvelopeText', () => {
  it('equals RFC 8785 of the whole envelope, signed alone or in a batch', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.string(), (n, text) => {
        const batch = envelopes(n);
        const all = [...signEnvelopeBatch(batch, key), ...batch.map((e) => signEnvelope(e, key))];
        for (const envelope of all) {
          const signingText = canonicalJson(withoutSignature(envelope));
          expect(signedEnvelopeText(envelope, signingText)).toBe(canonicalJson(envelope));
          expect(signedEnvelopeBytes(envelope, signingText, utf8(signingText))).toEqual(canonicalBytes(envelope));
        }
        // Whatever a string member holds, the splice lands on the member, not inside a value.
        const odd = { ...all[0], occurredAt: `,"submittedAt":${text}` } as (typeof all)[0];
        expect(signedEnvelopeText(odd, canonicalJson(withoutSignature(odd)))).toBe(canonicalJson(odd));
        const single = { ...all[all.length - 1], occurredAt: `,"submittedAt":${text}` } as (typeof all)[0];
        expect(signedEnvelopeText(single, canonicalJson(withoutSignature(single)))).toBe(canonicalJson(single));
      }),
      { numRuns: 50 },
    );
  });

  it('writes any batchSignature member as canonicalJson does, odd ones included', () => {
    const [e] = signEnvelopeBatch(envelopes(3), key);
    const signingText = canonicalJson(withoutSignature(e));
    const b = e.batchSignature;
    const withToJson = Object.assign(Object.create({ toJSON: () => 'x' }), b);
    const pathWithToJson = Object.assign([...b.inclusionPath], { toJSON: () => ['y'] });
    const odd: unknown[] = [
      { ...b, extra: 1 },
      { size: b.size, leafIndex: b.leafIndex, signature: b.signature },
      withToJson,
      { ...b, inclusionPath: pathWithToJson },
      { ...b, inclusionPath: ['a"\\\u2028\ud800', 'é'] },
      { ...b, leafIndex: -0, size: 1e21 },
      { ...b, leafIndex: '1' },
      { ...b, signature: 7 },
      { ...b, inclusionPath: [1, null] },
      { ...b, inclusionPath: 'AAAA' },
    ];
    for (const batchSignature of odd) {
      const envelope = { ...e, batchSignature } as BatchSignedEnvelope;
      expect(signedEnvelopeText(envelope, signingText)).toBe(canonicalJson(envelope));
    }
    const holes = { ...e, batchSignature: { ...b, inclusionPath: [b.inclusionPath[0], undefined] } } as unknown as BatchSignedEnvelope;
    expect(() => signedEnvelopeText(holes, signingText)).toThrow('undefined is not permitted in JSON');
  });
});
