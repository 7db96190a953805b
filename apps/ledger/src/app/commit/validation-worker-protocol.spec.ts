import { createRegistrySnapshot } from '@borderledger/entry-validation';
import { FIXTURE_PARTICIPANTS, buildFixtureEvent, fixtureSigningKey } from '@borderledger/events';
import { createNodeEd25519Verifier } from '@borderledger/node-crypto';
import { judgeOptions } from './submission-validator';
import { judgeSubmission } from './submission-verdicts';
import { packValues, packVerdicts, unpackValues, unpackVerdicts } from './validation-worker-protocol';

const carrier = FIXTURE_PARTICIPANTS.carrier;
const key = fixtureSigningKey(carrier);
const registry = createRegistrySnapshot({
  participants: [{ id: carrier, roles: ['carrier'], status: 'active' }],
  keys: [{ keyId: key.keyId, participantId: carrier, publicKey: key.publicKey, validFrom: new Date('2026-01-01T00:00:00Z'), validUntil: null }],
});

describe('validation worker protocol', () => {
  it('carries record values through one blob unchanged, whatever buffer they are views of', () => {
    const backing = Buffer.from('xx{"a":1}yy[]zz');
    const values = [backing.subarray(2, 9), Buffer.alloc(0), backing.subarray(11, 13)];
    const { blob, ends } = packValues(values);
    expect(blob.byteLength).toBe(9);
    expect(blob.buffer.byteLength).toBe(9); // its own buffer: safe to transfer
    expect(unpackValues(blob, ends).map((b) => b.toString())).toEqual(['{"a":1}', '', '[]']);
  });

  it('gives back the verdicts judged in the worker: entries, leaf hashes and openings of accepted ones, rejections as they were', () => {
    const options = { ...judgeOptions({}, createNodeEd25519Verifier()), now: new Date('2026-11-20T09:16:00Z') };
    const good = [buildFixtureEvent('ship.consignment.picked-up', { eventId: undefined }), buildFixtureEvent('ship.consignment.picked-up', { eventId: undefined })];
    const forged = buildFixtureEvent('ship.consignment.picked-up', { eventId: undefined });
    const values = [
      good[0],
      { envelope: { ...forged.envelope, consignmentRef: 'UCR-FORGED-1' }, opening: forged.opening },
      'not json',
      good[1],
    ].map((v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify({ envelope: v.envelope, opening: v.opening })));
    const direct = values.map((v) => judgeSubmission(v, registry, options));
    expect(direct.map((v) => (v.ok ? 'accept' : v.rejection.code))).toEqual(['accept', 'bad-signature', 'malformed-submission', 'accept']);

    const packed = packVerdicts(direct);
    const roundTrip = unpackVerdicts(structuredClone({ id: 1, ...packed }));
    expect(roundTrip).toEqual(direct);
    // Views into one transferred buffer each, not copies per entry.
    const accepted = roundTrip.flatMap((v) => (v.ok ? [v.event] : []));
    expect(new Set(accepted.map((e) => e.entryBytes.buffer)).size).toBe(1);
    expect(accepted.map((e) => e.leafHash?.length)).toEqual([32, 32]);
  });
});
