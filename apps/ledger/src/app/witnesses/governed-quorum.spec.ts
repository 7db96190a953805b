import { buildFixtureEvent, fixturePayload } from '@borderledger/events';
import { createCosignatureSigner, createCosignatureVerifier, createEd25519NoteSigner, createEd25519NoteVerifier } from '@borderledger/merkle-log';
import { GovernedQuorum, QUORUM_CHANGED, quorumChangesIn, quorumChangesInCommitted, type QuorumChange } from './governed-quorum';

const ORIGIN = 'borderledger.test/log';
const log = createEd25519NoteSigner(ORIGIN, new Uint8Array(32).fill(5));
const names = ['customs-nl.witness', 'shopwave.witness', 'skyfreight.witness', 'hubline.witness'];
const configured = {
  logVerifiers: [createEd25519NoteVerifier(ORIGIN, log.publicKey)],
  witnesses: names.map((name, i) => createCosignatureVerifier(name, createCosignatureSigner(name, new Uint8Array(32).fill(30 + i), () => 0).publicKey)),
  threshold: 3,
  required: ['customs-nl.witness'],
};
const change = (index: number, over: Partial<QuorumChange> = {}): QuorumChange => ({
  threshold: 2,
  witnesses: ['customs-nl', 'skyfreight'],
  effectiveFrom: '2026-12-01T00:00:00Z',
  index,
  ...over,
});
const summary = (q: GovernedQuorum, at: string) => {
  const { policy, source } = q.at(new Date(at));
  return { threshold: policy?.threshold, witnesses: policy?.witnesses.map((w) => w.name), required: policy?.required, source };
};

describe('GovernedQuorum', () => {
  it('uses the configured quorum until a committed change takes effect, then the change', () => {
    const q = new GovernedQuorum(configured, []);
    q.observe([change(41)]);
    expect(summary(q, '2026-11-30T00:00:00Z')).toMatchObject({ threshold: 3, witnesses: names, source: 'configuration (LEDGER_QUORUM_*)' });
    expect(summary(q, '2026-12-01T00:00:00Z')).toEqual({
      threshold: 2,
      witnesses: ['customs-nl.witness', 'skyfreight.witness'],
      required: ['customs-nl.witness'],
      source: 'governance.quorum.changed at ledger index 41, effective from 2026-12-01T00:00:00Z',
    });
  });

  it('lets the newest committed change win, even with an earlier effectiveFrom', () => {
    const q = new GovernedQuorum(configured, []);
    q.observe([change(90, { threshold: 4, witnesses: ['customs-nl', 'shopwave', 'skyfreight', 'hubline'], effectiveFrom: '2026-11-01T00:00:00Z' })]);
    q.observe([change(41)]);
    expect(summary(q, '2026-12-02T00:00:00Z')).toMatchObject({ threshold: 4, source: expect.stringContaining('index 90') });
  });

  it('keeps the last quorum that can be met, and says once why a change is not applied', () => {
    const ignored: string[] = [];
    const q = new GovernedQuorum(configured, [], (c, reason) => ignored.push(`${c.index}: ${reason}`));
    q.observe([change(10), change(20, { witnesses: ['customs-nl', 'portlogix'] }), change(30, { threshold: 3 }), change(40, { witnesses: ['shopwave', 'skyfreight'] })]);
    expect(summary(q, '2026-12-02T00:00:00Z')).toMatchObject({ threshold: 2, source: expect.stringContaining('index 10') });
    q.at(new Date('2026-12-03T00:00:00Z'));
    expect(ignored).toEqual([
      '40: it names no customs witness (the quorum always includes customs)',
      '30: threshold 3 exceeds the 2 witnesses named',
      '20: no witness key is configured for portlogix (WITNESS_KEYS)',
    ]);
  });

  it('has no quorum when no witness is configured, whatever governance says', () => {
    const q = new GovernedQuorum(undefined, []);
    q.observe([change(1)]);
    expect(q.at(new Date('2027-01-01T00:00:00Z')).policy).toBeUndefined();
  });

  it('reads changes from committed entries: type, payload and ledger index', () => {
    const event = buildFixtureEvent(QUORUM_CHANGED);
    const other = buildFixtureEvent('ship.consignment.picked-up');
    const changes = quorumChangesIn([
      { index: 7, eventType: other.envelope.eventType, opening: other.opening },
      { index: 8, eventType: QUORUM_CHANGED, opening: event.opening },
    ]);
    expect(changes).toEqual([{ ...fixturePayload(QUORUM_CHANGED), index: 8 }]);
  });

  it('reads changes from a batch just committed, whose openings are JSON text', () => {
    const event = buildFixtureEvent(QUORUM_CHANGED);
    const changes = quorumChangesInCommitted([
      { index: 3, eventType: 'ship.consignment.picked-up', openingJson: 'not parsed: not a quorum change' },
      { index: 4, eventType: QUORUM_CHANGED, openingJson: JSON.stringify(event.opening) },
    ]);
    expect(changes).toEqual([{ ...fixturePayload(QUORUM_CHANGED), index: 4 }]);
  });
});
