import * as fc from 'fast-check';
import { bytesToHex } from '@noble/hashes/utils';
import type { EventType } from '../catalogue/catalogue';
import { EVENT_TYPES } from '../catalogue/catalogue';
import { sha256 } from '@noble/hashes/sha2';
import { concatBytes, fromBase64Url, toBase64Url, u32be } from '../encoding/bytes';
import { canonicalBytes } from '../encoding/canonical';
import { fixturePayload, fixtureRandomBytes } from '../fixtures/fixtures';
import { hashLeaf, merkleRoot } from '../merkle/merkle-tree';
import { validPayloadArbitrary } from '../testing/arbitraries.test-util';
import { EventValidationError } from '../validation/validation';
import type { CommitmentTarget, PayloadDisclosure, PayloadOpening } from './commitment';
import {
  DisclosureError,
  SALT_BYTES,
  commitPayload,
  computeCommitment,
  createDisclosure,
  encodeLeafData,
  openingSalts,
  toPartialPayload,
  verifyDisclosure,
  verifyPayloadOpening,
} from './commitment';
import { getPayloadLayout, readSlot } from './layout';

function target(type: EventType, commitment: string): CommitmentTarget {
  return { eventType: type, schemaVersion: 1, payloadCommitment: commitment };
}

function flipBit(b64: string, bit: number): string {
  const bytes = fromBase64Url(b64);
  bytes[(bit >> 3) % bytes.length] ^= 1 << (bit & 7);
  return toBase64Url(bytes);
}

/** Deep copy with every object's keys reversed. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).reverse().map(([k, v]) => [k, reverseKeys(v)]));
  }
  return value;
}

describe('payload commitment', () => {
  it.each(EVENT_TYPES)('%s: commit → open → verify round trip', (type) => {
    const { commitment, opening } = commitPayload(type, fixturePayload(type));
    expect(commitment).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(verifyPayloadOpening(opening, target(type, commitment))).toEqual({ ok: true });
    expect(computeCommitment(opening)).toEqual({ ok: true, value: commitment });
  });

  it('is a known-answer vector with fixed salts (for other implementations)', () => {
    const { commitment, opening } = commitPayload('buy.order.cancelled', fixturePayload('buy.order.cancelled'), {
      randomBytes: fixtureRandomBytes('kat'),
    });
    expect(opening.salts).toBe(toBase64Url(fixtureRandomBytes('kat')(3 * SALT_BYTES)));
    const salt = new Uint8Array(16).map((_, i) => i);
    expect(bytesToHex(encodeLeafData('orderId', salt, 'SW-1'))).toBe(
      // "borderledger/payload-field/v1" || salt || u32be(7) || "orderId" || 0x01 || u32be(6) || "\"SW-1\""
      '626f726465726c65646765722f7061796c6f61642d6669656c642f7631' +
        '000102030405060708090a0b0c0d0e0f' +
        '000000076f726465724964' +
        '01' +
        '00000006225357 2d3122'.replace(/ /g, ''),
    );
    expect(bytesToHex(encodeLeafData('reasonText', salt, undefined)).endsWith('0000000a726561736f6e5465787400')).toBe(true);
    expect(commitment).toBe(KAT_COMMITMENT);
  });

  it('rejects invalid payloads with structured issues', () => {
    const payload = fixturePayload('buy.order.placed') as Record<string, unknown>;
    payload['orderId'] = '';
    expect(() => commitPayload('buy.order.placed', payload)).toThrow(EventValidationError);
    try {
      commitPayload('buy.order.placed', payload);
    } catch (e) {
      expect((e as EventValidationError).issues[0]).toMatchObject({ path: 'orderId', rule: 'pattern' });
    }
  });

  it('uses a fresh, unique 16-byte salt for every slot, absent ones included', () => {
    const type = 'buy.order.placed';
    const a = commitPayload(type, fixturePayload(type));
    const b = commitPayload(type, fixturePayload(type));
    const salts = [...openingSalts(a.opening), ...openingSalts(b.opening)];
    const slots = getPayloadLayout(type, 1)?.slots.length as number;
    expect(salts).toHaveLength(2 * slots);
    for (const s of salts) expect(s.length).toBeGreaterThanOrEqual(16);
    expect(new Set(salts.map(bytesToHex)).size).toBe(salts.length);
    expect(a.commitment).not.toBe(b.commitment);
  });

  it('does not depend on key order (canonical paths and JCS values)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...EVENT_TYPES), fc.string(), (type, seed) => {
        const a = commitPayload(type, fixturePayload(type), { randomBytes: fixtureRandomBytes(seed) });
        const b = commitPayload(type, reverseKeys(fixturePayload(type)), { randomBytes: fixtureRandomBytes(seed) });
        expect(b.commitment).toBe(a.commitment);
      }),
      { numRuns: 50 },
    );
  });

  it('detects any change of a payload value or salt in an opening', () => {
    const type = 'ship.consignment.booked';
    const { commitment, opening } = commitPayload(type, fixturePayload(type));
    const changed = { ...opening, payload: { ...opening.payload, totalGrossMass: 3.3 } } as PayloadOpening;
    expect(verifyPayloadOpening(changed, target(type, commitment))).toMatchObject({ ok: false, failure: 'commitment-mismatch' });
    fc.assert(
      fc.property(fc.nat(), (bit) => {
        const bad = { ...opening, salts: flipBit(opening.salts, bit) };
        expect(verifyPayloadOpening(bad, target(type, commitment))).toMatchObject({ ok: false, failure: 'commitment-mismatch' });
      }),
    );
    expect(verifyPayloadOpening({ ...opening, salts: opening.salts.slice(4) }, target(type, commitment))).toMatchObject({
      ok: false,
      failure: 'invalid-payload',
    });
    expect(verifyPayloadOpening(opening, { ...target(type, commitment), schemaVersion: 2 })).toMatchObject({ failure: 'type-mismatch' });
  });
});

describe('leaf encoding (reference transcription of the format in commitment.ts)', () => {
  const text = (value: string) => new TextEncoder().encode(value);
  const referenceLeafData = (path: string, salt: Uint8Array, value: unknown) =>
    concatBytes(
      text('borderledger/payload-field/v1'),
      salt,
      u32be(text(path).length),
      text(path),
      ...(value === undefined ? [new Uint8Array([0])] : [new Uint8Array([1]), u32be(canonicalBytes(value).length), canonicalBytes(value)]),
    );

  /** Commitment of an opening from the format alone: pure-JS SHA-256, no shared buffers. */
  function referenceCommitment(opening: PayloadOpening): string {
    const layout = getPayloadLayout(opening.eventType, opening.schemaVersion);
    if (!layout) throw new Error('no layout');
    const salts = fromBase64Url(opening.salts);
    const leaves = layout.slots.map((slot) => {
      const data = referenceLeafData(slot.path, salts.slice(slot.index * SALT_BYTES, (slot.index + 1) * SALT_BYTES), readSlot(opening.payload, slot.segments));
      return sha256(concatBytes(new Uint8Array([0]), data));
    });
    return toBase64Url(merkleRoot(leaves));
  }

  it('encodes any scalar value as the format says (escapes, non-ASCII, numbers, booleans, long text)', () => {
    const scalar = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.constantFrom('"', '\\', '\u0000', '\u001f', '\u007f', 'é', '\u2028', '\ud800', 'a') }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.boolean(),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.option(scalar, { nil: undefined }), (path, salt, value) => {
        expect(bytesToHex(encodeLeafData(path, salt, value))).toBe(bytesToHex(referenceLeafData(path, salt, value)));
      }),
      { numRuns: 1000 },
    );
    // A value longer than the shared buffer, then short ones again.
    const salt = new Uint8Array(16).fill(9);
    for (const value of ['x'.repeat(5000), 'é'.repeat(3000), 'short', 7, undefined]) {
      expect(bytesToHex(encodeLeafData('goods[0].description', salt, value))).toBe(bytesToHex(referenceLeafData('goods[0].description', salt, value)));
    }
  });

  it('commits to random valid payloads of every type exactly as the reference does', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EVENT_TYPES).chain((t) => fc.tuple(fc.constant(t), validPayloadArbitrary(t, 1, { maxArrayLength: 3 }))),
        fc.string(),
        ([t, payload], seed) => {
          const { commitment, opening } = commitPayload(t, payload, { randomBytes: fixtureRandomBytes(seed) });
          expect(commitment).toBe(referenceCommitment(opening));
          expect(verifyPayloadOpening(opening, target(t, commitment))).toEqual({ ok: true });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('compares the commitment text exactly: another spelling of the root is a mismatch', () => {
    const type = 'ship.consignment.picked-up';
    const { commitment, opening } = commitPayload(type, fixturePayload(type));
    const last = commitment[42];
    const respelled = commitment.slice(0, 42) + (last === 'A' ? 'B' : String.fromCharCode(last.charCodeAt(0) ^ 1)); // spare bits set or another root
    for (const payloadCommitment of [respelled, commitment.slice(0, 42), `${commitment}A`, '', 42 as unknown as string]) {
      expect(verifyPayloadOpening(opening, { ...target(type, commitment), payloadCommitment })).toMatchObject({ ok: false, failure: 'commitment-mismatch' });
    }
  });
});

describe('selective disclosure', () => {
  const type = 'buy.order.placed';
  const committed = commitPayload(type, fixturePayload(type));
  const env = target(type, committed.commitment);

  it('discloses chosen fields with values, salts and a multiproof, and verifies them', () => {
    const disclosure = createDisclosure(committed.opening, ['goods[*].hsCode', 'buyer.address.country', 'deliveryTerms']);
    const result = verifyDisclosure(disclosure, env);
    if (!result.ok) throw new Error(result.message);
    const present = result.fields.filter((f) => f.present);
    expect(present.map((f) => [f.path, f.value, f.cluster])).toEqual([
      ['buyer.address.country', 'NL', 'parties'],
      ['deliveryTerms.incoterm', 'DDP', 'financial'],
      ['deliveryTerms.namedPlace', 'Amsterdam', 'financial'],
      ['goods[0].hsCode', '940521', 'goods'],
      ['goods[1].hsCode', '630260', 'goods'],
    ]);
    // goods[*] includes the 30 spare slots: a wildcard reveals the line count, by design.
    expect(result.fields.filter((f) => !f.present)).toHaveLength(30);
    expect(toPartialPayload(result.fields)).toEqual({
      buyer: { address: { country: 'NL' } },
      deliveryTerms: { incoterm: 'DDP', namedPlace: 'Amsterdam' },
      goods: [{ hsCode: '940521' }, { hsCode: '630260' }],
    });
    expect(JSON.stringify(disclosure)).not.toContain('Vries');
  });

  it('round-trips random subsets of random valid payloads of every type', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EVENT_TYPES).chain((t) =>
          fc.tuple(
            fc.constant(t),
            validPayloadArbitrary(t, 1, { maxArrayLength: 3 }),
            fc.uniqueArray(fc.nat({ max: (getPayloadLayout(t, 1)?.slots.length as number) - 1 }), { minLength: 1, maxLength: 12 }),
          ),
        ),
        ([t, payload, indices]) => {
          const c = commitPayload(t, payload);
          const slots = getPayloadLayout(t, 1)?.slots ?? [];
          const disclosure = createDisclosure(c.opening, indices.map((i) => slots[i].path));
          const result = verifyDisclosure(JSON.parse(JSON.stringify(disclosure)), target(t, c.commitment));
          expect(result.ok).toBe(true);
          if (result.ok) expect(result.fields.map((f) => f.path)).toEqual([...indices].sort((a, b) => a - b).map((i) => slots[i].path));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('fails when any byte of a disclosed value, salt or proof hash changes, or a path is swapped', () => {
    const disclosure = createDisclosure(committed.opening, ['orderId', 'goods[1]', 'seller.address', 'orderTotal.amount', 'buyer.identificationNumber']);
    const n = disclosure.fields.length;
    const mutate = fc.oneof(
      fc.record({ kind: fc.constant('value' as const), i: fc.nat({ max: n - 1 }), pos: fc.nat(), char: fc.integer({ min: 0x21, max: 0x7e }) }),
      fc.record({ kind: fc.constant('salt' as const), i: fc.nat({ max: n - 1 }), bit: fc.nat({ max: 127 }) }),
      fc.record({ kind: fc.constant('proof' as const), i: fc.nat({ max: disclosure.proof.length - 1 }), bit: fc.nat({ max: 255 }) }),
      fc.record({ kind: fc.constant('path' as const), i: fc.nat({ max: n - 1 }), other: fc.nat() }),
    );
    fc.assert(
      fc.property(mutate, (m) => {
        const fields = disclosure.fields.map((f) => ({ ...f }));
        const proof = [...disclosure.proof];
        if (m.kind === 'value') {
          const f = fields[m.i];
          if (f.absent) {
            delete (f as { absent?: true }).absent;
            (f as { value?: unknown }).value = String.fromCharCode(m.char);
          } else if (typeof f.value === 'string') {
            const s = f.value;
            const p = m.pos % s.length;
            const replacement = String.fromCharCode(m.char) === s[p] ? (s[p] === 'A' ? 'B' : 'A') : String.fromCharCode(m.char);
            (f as { value?: unknown }).value = s.slice(0, p) + replacement + s.slice(p + 1);
          } else if (typeof f.value === 'number') {
            (f as { value?: unknown }).value = f.value + 1 + (m.pos % 7);
          } else {
            (f as { value?: unknown }).value = !f.value;
          }
        } else if (m.kind === 'salt') {
          fields[m.i] = { ...fields[m.i], salt: flipBit(fields[m.i].salt, m.bit) };
        } else if (m.kind === 'proof') {
          proof[m.i] = flipBit(proof[m.i], m.bit);
        } else {
          const layout = getPayloadLayout(type, 1)?.slots ?? [];
          const taken = new Set(fields.map((f) => f.path));
          const free = layout.filter((s) => !taken.has(s.path));
          fields[m.i] = { ...fields[m.i], path: free[m.other % free.length].path };
        }
        const result = verifyDisclosure({ ...disclosure, fields, proof }, env);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('fails against another commitment, type or version, and on malformed input', () => {
    const disclosure = createDisclosure(committed.opening, ['orderId']);
    const other = commitPayload(type, fixturePayload(type));
    expect(verifyDisclosure(disclosure, target(type, other.commitment))).toMatchObject({ ok: false, failure: 'commitment-mismatch' });
    expect(verifyDisclosure(disclosure, { ...env, eventType: 'buy.order.changed' })).toMatchObject({ failure: 'type-mismatch' });
    expect(verifyDisclosure(disclosure, { ...env, schemaVersion: 2 })).toMatchObject({ failure: 'type-mismatch' });
    expect(verifyDisclosure({ ...disclosure, proof: [...disclosure.proof, disclosure.proof[0]] }, env)).toMatchObject({ failure: 'invalid-proof' });
    expect(verifyDisclosure({ ...disclosure, proof: disclosure.proof.slice(1) }, env)).toMatchObject({ failure: 'invalid-proof' });
    expect(verifyDisclosure({ ...disclosure, fields: [...disclosure.fields, disclosure.fields[0]] }, env)).toMatchObject({ failure: 'invalid-field' });
    expect(verifyDisclosure({ ...disclosure, fields: [] }, env)).toMatchObject({ failure: 'malformed' });
    expect(verifyDisclosure(null, env)).toMatchObject({ failure: 'malformed' });
    expect(verifyDisclosure({ ...disclosure, fields: [{ ...disclosure.fields[0], absent: true }] }, env)).toMatchObject({ failure: 'malformed' });
    expect(verifyDisclosure({ ...disclosure, fields: [{ path: 'nope', salt: disclosure.fields[0].salt, value: 'x' }] }, env)).toMatchObject({
      failure: 'invalid-field',
    });
  });

  it('refuses values the field schema forbids and absence of required fields, even if the signer committed them', () => {
    // A malicious signer commits to garbage directly; the recipient still refuses it.
    const disclosure = createDisclosure(committed.opening, ['orderId']);
    const forged: PayloadDisclosure = { ...disclosure, fields: [{ path: 'orderId', salt: disclosure.fields[0].salt, absent: true }] };
    expect(verifyDisclosure(forged, env)).toMatchObject({ failure: 'invalid-field' });
    const badValue: PayloadDisclosure = { ...disclosure, fields: [{ path: 'orderId', salt: disclosure.fields[0].salt, value: 'not valid!' }] };
    expect(verifyDisclosure(badValue, env)).toMatchObject({ failure: 'invalid-field' });
  });

  it('rejects selectors that match nothing or are not paths', () => {
    expect(() => createDisclosure(committed.opening, ['goods[40].hsCode'])).toThrow(DisclosureError);
    expect(() => createDisclosure(committed.opening, ['sellerr'])).toThrow(/matches no field/);
    expect(() => createDisclosure(committed.opening, ['goods.[0]'])).toThrow(/not a field path/);
    expect(() => createDisclosure(committed.opening, ['[0]'])).toThrow(/not a field path/);
    expect(() => createDisclosure(committed.opening, [])).toThrow(/no field selected/);
  });
});

describe('absent-field indistinguishability', () => {
  const type = 'buy.order.placed';
  const full = fixturePayload(type) as Record<string, unknown>;
  const minimal = fixturePayload(type) as Record<string, unknown>;
  delete minimal['deliveryTerms'];
  delete minimal['orderTotal'];
  minimal['goods'] = [(minimal['goods'] as unknown[])[1]];

  it('gives every payload of a type the same tree size and the same disclosure shape', () => {
    const a = commitPayload(type, full);
    const b = commitPayload(type, minimal);
    expect(fromBase64Url(a.opening.salts).length).toBe(fromBase64Url(b.opening.salts).length);
    for (const selectors of [['orderId'], ['buyer.name', 'goods[0].hsCode'], ['seller']]) {
      const da = createDisclosure(a.opening, selectors);
      const db = createDisclosure(b.opening, selectors);
      expect(db.fields.map((f) => f.path)).toEqual(da.fields.map((f) => f.path));
      expect(db.proof.length).toBe(da.proof.length);
      for (const h of [...da.proof, ...db.proof]) expect(fromBase64Url(h)).toHaveLength(32);
    }
  });

  it('salts absent slots, so their hashes cannot be recomputed or linked', () => {
    const layout = getPayloadLayout(type, 1);
    const index = layout?.indexByPath.get('deliveryTerms.incoterm') as number;
    const leafOf = (salts: Uint8Array[]) => bytesToHex(hashLeaf(encodeLeafData('deliveryTerms.incoterm', salts[index], undefined)));
    const a = openingSalts(commitPayload(type, minimal).opening);
    const b = openingSalts(commitPayload(type, minimal).opening);
    const unsalted = bytesToHex(hashLeaf(encodeLeafData('deliveryTerms.incoterm', new Uint8Array(16), undefined)));
    expect(leafOf(a)).not.toBe(leafOf(b));
    expect(leafOf(a)).not.toBe(unsalted);
  });

  it('hides absence statistically: proof hashes of absent and present neighbours look alike', () => {
    // Disclose orderId only; the sibling subtree hashes include deliveryTerms/orderTotal slots
    // that are present in one payload and absent in the other. Count bits set: both ~50%.
    const ones = (p: Record<string, unknown>) => {
      let bits = 0;
      let total = 0;
      for (let i = 0; i < 50; i++) {
        for (const h of createDisclosure(commitPayload(type, p).opening, ['orderId']).proof) {
          for (const byte of fromBase64Url(h)) {
            bits += byte.toString(2).replace(/0/g, '').length;
            total += 8;
          }
        }
      }
      return bits / total;
    };
    expect(Math.abs(ones(full) - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(ones(minimal) - 0.5)).toBeLessThan(0.02);
  });
});

/** Commitment of the KAT above; recompute only if the leaf encoding is deliberately versioned. */
const KAT_COMMITMENT = 'm5jXoCIpXK-IBTbt2M-RVWI-OmyaPZhiOjDv96qbFMg';
