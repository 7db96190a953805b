import {
  FIXTURE_PARTICIPANTS,
  InclusionPathMemo,
  buildFixtureEvent,
  envelopeSigningInput,
  fixtureSigningKey,
  fromBase64Url,
  generateSigningKey,
  newEventId,
  signEnvelopeBatch,
  toBase64Url,
  withoutSignature,
  type EventEnvelope,
} from '@borderledger/events';
import { validateEnvelopeForLedger, validateOpening, validateSubmission, type Ed25519Verifier } from './entry-validation';
import { createRegistrySnapshot, type SnapshotKey, type SnapshotParticipant } from './registry-snapshot';
import { REJECTION_CODES, isRejectionCode } from './rejection';

const SUBMITTED_AT = '2026-11-20T09:15:02Z';

function participant(id: string, roles: string[], status = 'active'): SnapshotParticipant {
  return { id, roles, status };
}

function keyOf(participantId: string, from = '2026-01-01T00:00:00Z', until: string | null = null, seed = participantId): SnapshotKey {
  const k = fixtureSigningKey(seed);
  return {
    keyId: k.keyId,
    participantId,
    publicKey: k.publicKey,
    validFrom: new Date(from),
    validUntil: until === null ? null : new Date(until),
  };
}

const shopwave = FIXTURE_PARTICIPANTS.platform;
const skyfreight = FIXTURE_PARTICIPANTS.carrier;

function registry(overrides: { participants?: SnapshotParticipant[]; keys?: SnapshotKey[] } = {}) {
  return createRegistrySnapshot({
    participants: overrides.participants ?? [participant(shopwave, ['platform']), participant(skyfreight, ['carrier'])],
    keys: overrides.keys ?? [keyOf(shopwave), keyOf(skyfreight)],
  });
}

const order = () => buildFixtureEvent('buy.order.placed');

describe('validateEnvelopeForLedger', () => {
  it('accepts a valid envelope and returns the participant and key it was checked against', () => {
    const { envelope } = order();
    const result = validateEnvelopeForLedger(envelope, registry());
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ envelope, participant: expect.objectContaining({ id: shopwave }) }) });
  });

  it('rejects a schema violation with the field path', () => {
    const { envelope } = order();
    const result = validateEnvelopeForLedger({ ...envelope, eventId: 'nope' }, registry());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.code).toBe('invalid-envelope');
    expect(result.rejection.reason).toContain('eventId');
    expect(result.rejection.issues?.[0].path).toBe('eventId');
  });

  it('rejects a non-object without throwing', () => {
    for (const bad of [null, 42, 'x', [], undefined]) {
      const result = validateEnvelopeForLedger(bad, registry());
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.rejection.code).toBe('invalid-envelope');
    }
  });

  it('rejects an unknown or inactive submitter', () => {
    const { envelope } = order();
    const none = validateEnvelopeForLedger(envelope, registry({ participants: [] }));
    expect(!none.ok && none.rejection.code).toBe('unknown-submitter');
    const suspended = validateEnvelopeForLedger(envelope, registry({ participants: [participant(shopwave, ['platform'], 'suspended')] }));
    expect(!suspended.ok && suspended.rejection.code).toBe('participant-inactive');
    expect(!suspended.ok && suspended.rejection.reason).toMatch(/suspended/);
  });

  it('rejects an event type the submitter’s roles do not allow', () => {
    // A carrier signing an order: correctly signed, but not its right.
    const { envelope } = buildFixtureEvent('buy.order.placed', { submitter: skyfreight });
    const result = validateEnvelopeForLedger(envelope, registry());
    expect(!result.ok && result.rejection.code).toBe('event-type-not-permitted');
    expect(!result.ok && result.rejection.reason).toMatch(/carrier.*platform/);
  });

  it('lets the registry override the catalogue’s emitter roles', () => {
    const { envelope } = order();
    const narrowed = { ...registry(), mayEmit: () => false };
    const result = validateEnvelopeForLedger(envelope, narrowed);
    expect(!result.ok && result.rejection.code).toBe('event-type-not-permitted');
  });

  it('rejects an unknown key and a key owned by another participant', () => {
    const { envelope } = order();
    const unknown = validateEnvelopeForLedger(envelope, registry({ keys: [keyOf(skyfreight)] }));
    expect(!unknown.ok && unknown.rejection.code).toBe('unknown-key');
    // shopwave's key registered to skyfreight.
    const stolen = validateEnvelopeForLedger(envelope, registry({ keys: [keyOf(skyfreight, undefined, null, shopwave)] }));
    expect(!stolen.ok && stolen.rejection.code).toBe('key-not-owned');
  });

  it('checks the key’s validity window at signing time (submittedAt), half-open', () => {
    const { envelope } = order();
    const notYet = validateEnvelopeForLedger(envelope, registry({ keys: [keyOf(shopwave, '2026-11-21T00:00:00Z')] }));
    expect(!notYet.ok && notYet.rejection.code).toBe('key-not-valid');
    const endedAtSigning = validateEnvelopeForLedger(envelope, registry({ keys: [keyOf(shopwave, '2026-01-01T00:00:00Z', SUBMITTED_AT)] }));
    expect(!endedAtSigning.ok && endedAtSigning.rejection.code).toBe('key-not-valid');
    // Rotated later: a signature made inside the old window keeps verifying.
    const rotatedLater = validateEnvelopeForLedger(envelope, registry({ keys: [keyOf(shopwave, '2026-01-01T00:00:00Z', '2026-11-20T09:15:03Z')] }));
    expect(rotatedLater.ok).toBe(true);
  });

  it('applies the clock window only when given a clock', () => {
    const { envelope } = order();
    const at = (iso: string) => validateEnvelopeForLedger(envelope, registry(), { now: new Date(iso) });
    expect(at('2026-11-20T09:20:00Z').ok).toBe(true);
    const future = at('2026-11-20T09:00:00Z');
    expect(!future.ok && future.rejection.code).toBe('submitted-in-future');
    const old = at('2026-11-22T09:15:02Z');
    expect(!old.ok && old.rejection.code).toBe('submission-too-old');
    const lenient = validateEnvelopeForLedger(envelope, registry(), { now: new Date('2026-11-22T09:15:02Z'), maxSubmissionAgeMs: 7 * 86_400_000 });
    expect(lenient.ok).toBe(true);
  });

  it('rejects a tampered envelope or a signature by another key', () => {
    const { envelope } = order();
    const tampered: EventEnvelope = { ...envelope, occurredAt: '2026-11-20T09:14:00Z' };
    const result = validateEnvelopeForLedger(tampered, registry());
    expect(!result.ok && result.rejection.code).toBe('bad-signature');

    // Signed by a key that is not shopwave's, then relabelled with shopwave's key id.
    const other = generateSigningKey();
    const signedByOther = buildFixtureEvent('buy.order.placed', { signingKey: other }).envelope;
    const relabelled = { ...envelope, signature: signedByOther.signature };
    const forged = validateEnvelopeForLedger(relabelled, registry());
    expect(!forged.ok && forged.rejection.code).toBe('bad-signature');
  });

  it('uses an injected verifier and refuses when it says no', () => {
    const { envelope } = order();
    const calls: number[] = [];
    const verifier: Ed25519Verifier = (publicKey, message, signature) => {
      calls.push(publicKey.length + signature.length);
      expect(message).toEqual(envelopeSigningInput(envelope));
      return false;
    };
    const result = validateEnvelopeForLedger(envelope, registry(), { verifySignature: verifier });
    expect(!result.ok && result.rejection.code).toBe('bad-signature');
    expect(calls).toEqual([96]);
  });
});

describe('batch-signed envelopes with a long-lived path memo', () => {
  it('get the same verdict, entry bytes and reasons as without the memo, warm or cold', () => {
    const unsigned = withoutSignature(buildFixtureEvent('ship.consignment.picked-up').envelope);
    const batch = signEnvelopeBatch(
      Array.from({ length: 21 }, () => ({ ...unsigned, eventId: newEventId() })),
      fixtureSigningKey(skyfreight),
    );
    const snapshot = registry();
    const batchPaths = new InclusionPathMemo();
    for (let pass = 0; pass < 2; pass++) {
      for (const envelope of batch) {
        const result = validateEnvelopeForLedger(envelope, snapshot, { batchPaths });
        expect(result.ok).toBe(true);
        expect(result).toEqual(validateEnvelopeForLedger(envelope, snapshot));
      }
    }
    // The memo knows every node of this batch now: a changed upper hash must still fail.
    const e = batch[3];
    const path = e.batchSignature.inclusionPath;
    const flipped = toBase64Url(fromBase64Url(path[path.length - 1]).map((b, i) => (i === 0 ? b ^ 1 : b)));
    const tampered = { ...e, batchSignature: { ...e.batchSignature, inclusionPath: [...path.slice(0, -1), flipped] } };
    const result = validateEnvelopeForLedger(tampered, snapshot, { batchPaths });
    expect(!result.ok && result.rejection.code).toBe('bad-signature');
    expect(result).toEqual(validateEnvelopeForLedger(tampered, snapshot));
  });
});

describe('validateSubmission', () => {
  it('accepts an envelope with its matching opening', () => {
    const { envelope, opening } = order();
    const result = validateSubmission(envelope, opening, registry());
    expect(result.ok && result.value.opening).toEqual(opening);
  });

  it('rejects the envelope first, before looking at the opening', () => {
    const { envelope } = order();
    const result = validateSubmission(envelope, { junk: true }, registry({ participants: [] }));
    expect(!result.ok && result.rejection.code).toBe('unknown-submitter');
  });

  it('rejects an opening of another type, a changed payload, bad salts and a bad payload', () => {
    const { envelope, opening } = order();
    const other = buildFixtureEvent('pay.payment.captured').opening;
    const mismatch = validateSubmission(envelope, other, registry());
    expect(!mismatch.ok && mismatch.rejection.code).toBe('opening-mismatch');

    const changed = { ...opening, payload: { ...opening.payload, orderId: 'SW-2026-0043' } };
    const commitment = validateSubmission(envelope, changed, registry());
    expect(!commitment.ok && commitment.rejection.code).toBe('commitment-mismatch');

    const badSalts = validateSubmission(envelope, { ...opening, salts: 'AAAA' }, registry());
    expect(!badSalts.ok && badSalts.rejection.code).toBe('invalid-payload');

    const badPayload = validateSubmission(envelope, { ...opening, payload: { orderId: 42 } }, registry());
    expect(!badPayload.ok && badPayload.rejection.code).toBe('invalid-payload');
    expect(!badPayload.ok && badPayload.rejection.reason).toContain('orderId');
  });

  it('validateOpening alone gives the same verdicts', () => {
    const { envelope, opening } = order();
    expect(validateOpening(envelope, opening).ok).toBe(true);
    expect(validateOpening(envelope, null).ok).toBe(false);
  });
});

describe('registry snapshot and codes', () => {
  it('refuses a key whose id is not derived from its public key', () => {
    const key = keyOf(shopwave);
    expect(() => createRegistrySnapshot({ participants: [], keys: [{ ...key, keyId: keyOf(skyfreight).keyId }] })).toThrow(/does not match/);
  });

  it('codes are unique and recognised', () => {
    expect(new Set(REJECTION_CODES).size).toBe(REJECTION_CODES.length);
    expect(isRejectionCode('bad-signature')).toBe(true);
    expect(isRejectionCode('nope')).toBe(false);
  });
});
