import { topicNames } from '@borderledger/kafka';
import { decodeStatusRecord } from './status-updater';

const topics = topicNames('bl');
const id = '0193f0c2-7a4e-7cc1-9d55-3b2f1e0a9c44';
const record = (topic: string, value: unknown, headers: Record<string, string> = {}) => ({
  topic,
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  headers,
});

describe('decodeStatusRecord', () => {
  it('reads a committed record (index as number or string)', () => {
    expect(decodeStatusRecord(record(topics.committed, { eventId: id, index: 7, envelope: {}, checkpointSize: 8 }), topics)).toEqual({
      kind: 'committed',
      update: { eventId: id, ledgerIndex: 7n },
    });
    expect(decodeStatusRecord(record(topics.committed, { eventId: id, index: '9007199254740993' }), topics)).toEqual({
      kind: 'committed',
      update: { eventId: id, ledgerIndex: 9007199254740993n },
    });
  });

  it('reads a dead letter: id from the header or the envelope, reason from the headers', () => {
    const headers = { 'bl-event-id': id, 'bl-rejection-code': 'bad-signature', 'bl-rejection-reason': 'signature does not verify' };
    expect(decodeStatusRecord(record(topics.deadLetter, 'not json', headers), topics)).toEqual({
      kind: 'rejected',
      update: { eventId: id, reason: 'bad-signature: signature does not verify' },
    });
    expect(decodeStatusRecord(record(topics.deadLetter, { envelope: { eventId: id } }), topics)).toEqual({
      kind: 'rejected',
      update: { eventId: id, reason: 'rejected: rejected by the ledger' },
    });
  });

  it('says why a record cannot be used instead of dropping it silently', () => {
    expect(decodeStatusRecord(record(topics.committed, { eventId: 'x', index: 1 }), topics)).toMatchObject({ kind: 'undecodable' });
    expect(decodeStatusRecord(record(topics.committed, { eventId: id, index: -1 }), topics)).toMatchObject({ kind: 'undecodable' });
    expect(decodeStatusRecord(record(topics.committed, '{'), topics)).toMatchObject({ kind: 'undecodable' });
    expect(decodeStatusRecord(record(topics.deadLetter, {}), topics)).toMatchObject({ kind: 'undecodable' });
    expect(decodeStatusRecord(record(topics.submissions, {}), topics)).toMatchObject({ kind: 'undecodable', why: expect.stringContaining('unexpected topic') });
  });
});
