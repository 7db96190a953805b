import * as fc from 'fast-check';
import { ed25519 } from '@noble/curves/ed25519';
import { EVENT_TYPES } from '../catalogue/catalogue';
import { canonicalJson } from '../encoding/canonical';
import { fromBase64Url, toBase64Url } from '../encoding/bytes';
import { FIXTURE_CONSIGNMENT_REF, buildFixtureEvent, fixtureSigningKey } from '../fixtures/fixtures';
import { EventValidationError } from '../validation/validation';
import type { EventEnvelope, UnsignedEnvelope } from './envelope';
import { buildEnvelope, envelopeSigningInput, newEventId, uuidV7Timestamp, validateEnvelope } from './envelope';
import { deriveKeyId, generateSigningKey, signingKeyFromPrivateKey } from './keys';
import { SigningError, signEnvelope, verifyEnvelope } from './signing';

const key = fixtureSigningKey('shopwave');
const commitment = toBase64Url(new Uint8Array(32).fill(7));

function unsigned(overrides: Partial<UnsignedEnvelope> = {}): UnsignedEnvelope {
  return buildEnvelope({
    eventType: 'buy.order.placed',
    consignmentRef: FIXTURE_CONSIGNMENT_REF,
    submitter: 'shopwave',
    keyId: key.keyId,
    occurredAt: '2026-11-20T09:15:00Z',
    submittedAt: '2026-11-20T09:15:02Z',
    payloadCommitment: commitment,
    ...overrides,
  });
}

describe('keys', () => {
  it('derives "ed25519:" + base64url(SHA-256(pk)[0..16]) key ids', () => {
    expect(key.keyId).toMatch(/^ed25519:[A-Za-z0-9_-]{22}$/);
    expect(deriveKeyId(key.publicKey)).toBe(key.keyId);
    expect(signingKeyFromPrivateKey(key.privateKey)).toEqual(key);
    expect(generateSigningKey().keyId).not.toBe(generateSigningKey().keyId);
    expect(() => deriveKeyId(new Uint8Array(31))).toThrow(RangeError);
  });
});

describe('envelope', () => {
  it('builds a valid envelope with a fresh UUIDv7 and the latest schema version', () => {
    const e = unsigned();
    expect(e.envelopeVersion).toBe(1);
    expect(e.schemaVersion).toBe(1);
    expect(e.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Math.abs((uuidV7Timestamp(e.eventId) as number) - Date.now())).toBeLessThan(60_000);
  });

  it('generates time-ordered, unique event ids', () => {
    const ids = Array.from({ length: 500 }, () => newEventId());
    expect(new Set(ids).size).toBe(500);
    expect([...ids].sort()).toEqual(ids);
    expect(uuidV7Timestamp(newEventId(1_700_000_000_000))).toBe(1_700_000_000_000);
    expect(uuidV7Timestamp('not-a-uuid')).toBeUndefined();
  });

  it('enforces scope, schema version, clock order and formats', () => {
    const rules = (f: () => unknown) => {
      try {
        f();
        return [];
      } catch (e) {
        return (e as EventValidationError).issues.map((i) => [i.path, i.rule]);
      }
    };
    expect(rules(() => unsigned({ consignmentRef: null }))).toEqual([['consignmentRef', 'required']]);
    expect(rules(() => unsigned({ eventType: 'governance.quorum.changed' }))).toEqual([['consignmentRef', 'consistency']]);
    expect(rules(() => unsigned({ schemaVersion: 3 }))).toEqual([['schemaVersion', 'unsupported-schema-version']]);
    expect(rules(() => unsigned({ occurredAt: '2026-11-20T10:15:00Z' }))).toEqual([['occurredAt', 'consistency']]);
    expect(rules(() => unsigned({ occurredAt: '2026-11-20T09:19:00Z' }))).toEqual([]); // within clock skew
    expect(rules(() => unsigned({ eventId: '018f3c1e-8a2b-4c3d-9e4f-0123456789ab' }))).toEqual([['eventId', 'pattern']]);
    expect(rules(() => unsigned({ eventType: 'buy.order.shipped' as never }))).toEqual([['eventType', 'enum']]);
    expect(rules(() => unsigned({ consignmentRef: 'lower-case' }))).toEqual([['consignmentRef', 'pattern']]);
    expect(rules(() => unsigned({ submittedAt: '2026-11-20' }))).toEqual([['submittedAt', 'format']]);
    expect(validateEnvelope({ ...unsigned(), signature: 'x', extra: 1 })).toMatchObject({
      ok: false,
      issues: [expect.objectContaining({ path: 'signature', rule: 'pattern' }), expect.objectContaining({ path: 'extra', rule: 'unknown-field' })],
    });
  });

  it('signs JCS of the envelope without the signature member', () => {
    const signed = signEnvelope(unsigned(), key);
    const { signature, ...rest } = signed;
    expect(new TextDecoder().decode(envelopeSigningInput(signed))).toBe(canonicalJson(rest));
    expect(ed25519.verify(fromBase64Url(signature), new TextEncoder().encode(canonicalJson(rest)), key.publicKey)).toBe(true);
  });

  it.each(EVENT_TYPES)('%s: build → sign → verify', (type) => {
    const { envelope, signingKey } = buildFixtureEvent(type);
    expect(verifyEnvelope(envelope, signingKey.publicKey)).toEqual({ ok: true });
  });

  it('verifies regardless of member order (canonical bytes)', () => {
    const signed = signEnvelope(unsigned(), key);
    const reversed = Object.fromEntries(Object.entries(signed).reverse()) as unknown as EventEnvelope;
    expect(verifyEnvelope(reversed, key.publicKey)).toEqual({ ok: true });
  });

  it('refuses to sign with a key other than the one the envelope names', () => {
    expect(() => signEnvelope(unsigned(), fixtureSigningKey('someone-else'))).toThrow(SigningError);
    expect(() => signEnvelope({ ...unsigned(), submitter: 'Bad Id' }, key)).toThrow(EventValidationError);
  });

  it('fails verification with another key', () => {
    const signed = signEnvelope(unsigned(), key);
    expect(verifyEnvelope(signed, fixtureSigningKey('someone-else').publicKey)).toMatchObject({ ok: false, failure: 'key-id-mismatch' });
    expect(verifyEnvelope(signed, new Uint8Array(3))).toMatchObject({ ok: false, failure: 'key-id-mismatch' });
    const impostor = signingKeyFromPrivateKey(new Uint8Array(32).fill(9));
    const relabelled = { ...signEnvelope(unsigned({ keyId: impostor.keyId }), impostor), keyId: key.keyId };
    expect(verifyEnvelope(relabelled, key.publicKey)).toMatchObject({ ok: false, failure: 'bad-signature' });
  });

  it('fails when any character of any envelope member changes', () => {
    const signed = signEnvelope(unsigned(), key);
    const members = Object.keys(signed).filter((k) => k !== 'signature') as Array<keyof EventEnvelope>;
    fc.assert(
      fc.property(fc.constantFrom(...members), fc.nat(), fc.integer({ min: 0x20, max: 0x7e }), (member, pos, code) => {
        const value = signed[member];
        let changed: unknown;
        if (typeof value === 'number') changed = value + 1 + (pos % 3);
        else if (value === null) changed = FIXTURE_CONSIGNMENT_REF;
        else {
          const s = String(value);
          const p = pos % s.length;
          const c = String.fromCharCode(code) === s[p] ? (s[p] === '0' ? '1' : '0') : String.fromCharCode(code);
          changed = s.slice(0, p) + c + s.slice(p + 1);
        }
        const result = verifyEnvelope({ ...signed, [member]: changed }, key.publicKey);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('fails when any bit of the signature flips, and rejects non-canonical S (strict RFC 8032)', () => {
    const signed = signEnvelope(unsigned(), key);
    fc.assert(
      fc.property(fc.nat({ max: 511 }), (bit) => {
        const sig = fromBase64Url(signed.signature);
        sig[bit >> 3] ^= 1 << (bit & 7);
        expect(verifyEnvelope({ ...signed, signature: toBase64Url(sig) }, key.publicKey).ok).toBe(false);
      }),
    );
    // S + L is the same signature mathematically; accepting it would make signatures malleable.
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    const sig = fromBase64Url(signed.signature);
    let s = 0n;
    for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(sig[32 + i]);
    let t = s + L;
    for (let i = 0; i < 32; i++) {
      sig[32 + i] = Number(t & 0xffn);
      t >>= 8n;
    }
    expect(verifyEnvelope({ ...signed, signature: toBase64Url(sig) }, key.publicKey)).toMatchObject({ ok: false, failure: 'bad-signature' });
  });

  it('never throws on garbage', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(verifyEnvelope(value, key.publicKey).ok).toBe(false);
      }),
    );
  });
});
