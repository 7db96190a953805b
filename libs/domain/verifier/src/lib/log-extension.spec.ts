import { createRegistrySnapshot } from '@borderledger/entry-validation';
import { buildFixtureEvent, canonicalBytes, fixtureSigningKey, FIXTURE_PARTICIPANTS } from '@borderledger/events';
import { EMPTY_TREE_STATE, appendLeaves, leafHash, treeRoot, utf8Encode } from '@borderledger/merkle-log';
import { FixtureLog } from './fixture-log';
import { LogExtensionChecker, verifyLogExtension, type LogExtension } from './log-extension';

function registry(status = 'active') {
  const ids = [FIXTURE_PARTICIPANTS.platform, FIXTURE_PARTICIPANTS.carrier, FIXTURE_PARTICIPANTS.logistics];
  return createRegistrySnapshot({
    participants: [
      { id: FIXTURE_PARTICIPANTS.platform, roles: ['platform'], status },
      { id: FIXTURE_PARTICIPANTS.carrier, roles: ['carrier'], status },
      { id: FIXTURE_PARTICIPANTS.logistics, roles: ['logistics'], status },
    ],
    keys: ids.map((id) => ({ keyId: fixtureSigningKey(id).keyId, participantId: id, publicKey: fixtureSigningKey(id).publicKey, validFrom: new Date('2026-01-01T00:00:00Z'), validUntil: null })),
  });
}

async function extension(log: FixtureLog, from: number, to: number, entries?: Uint8Array[]): Promise<LogExtension> {
  return {
    oldSize: from,
    oldRoot: from === 0 ? undefined : log.root(from),
    newSize: to,
    newRoot: log.root(to),
    consistencyProof: await log.consistencyProof(from, to),
    entries: entries ?? Array.from({ length: to - from }, (_, i) => log.leafData(from + i)),
  };
}

describe('verifyLogExtension (what a witness checks before cosigning)', () => {
  const log = new FixtureLog();
  log.appendEvents(5);
  log.appendEvents(9);

  it('accepts valid entries that recompute the new root from the old one', async () => {
    expect(verifyLogExtension(await extension(log, 5, 14), registry())).toEqual({ ok: true, entries: 9 });
    expect(verifyLogExtension(await extension(log, 0, 5), registry())).toEqual({ ok: true, entries: 5 });
  });

  it('refuses entries the ledger serves that are not the ones the checkpoint commits to', async () => {
    const entries = Array.from({ length: 9 }, (_, i) => log.leafData(5 + i));
    entries[4] = canonicalBytes(buildFixtureEvent('buy.order.placed').envelope);
    const verdict = verifyLogExtension(await extension(log, 5, 14, entries), registry());
    expect(verdict).toMatchObject({ ok: false, code: 'entries-do-not-match-root' });
  });

  it('refuses a committed entry whose signature, key or role is wrong, naming its index', async () => {
    const bad = new FixtureLog();
    bad.appendEvents(3);
    const forged = { ...buildFixtureEvent('pay.payment.captured').envelope, consignmentRef: '6NL123456789000-ORD0043' };
    bad.appendEnvelopes([forged]);
    bad.appendEnvelopes([buildFixtureEvent('buy.order.placed', { submitter: FIXTURE_PARTICIPANTS.carrier }).envelope]);
    expect(verifyLogExtension(await extension(bad, 3, 4), registry())).toMatchObject({ ok: false, code: 'bad-signature', entryIndex: 3 });
    expect(verifyLogExtension(await extension(bad, 4, 5), registry())).toMatchObject({ ok: false, code: 'event-type-not-permitted', entryIndex: 4 });
    expect(verifyLogExtension(await extension(bad, 0, 5), createRegistrySnapshot({ participants: [], keys: [] }))).toMatchObject({ ok: false, code: 'unknown-submitter', entryIndex: 0 });
  });

  it('refuses non-canonical envelope bytes and repeated event ids', async () => {
    const first = canonicalBytes(buildFixtureEvent('buy.order.placed').envelope);
    const spaced = utf8Encode(JSON.stringify(buildFixtureEvent('pay.payment.captured').envelope, null, 1));
    // A tree over the raw bytes, so the root matches and only the canonical form is wrong.
    const { state } = appendLeaves(EMPTY_TREE_STATE, [leafHash(first), leafHash(spaced)]);
    const raw: LogExtension = { oldSize: 0, oldRoot: undefined, newSize: 2, newRoot: treeRoot(state), consistencyProof: [], entries: [first, spaced] };
    expect(verifyLogExtension(raw, registry())).toMatchObject({ ok: false, code: 'envelope-not-canonical', entryIndex: 1 });
    const notJson = utf8Encode('{not json');
    const broken = appendLeaves(EMPTY_TREE_STATE, [leafHash(notJson)]).state;
    expect(verifyLogExtension({ ...raw, newSize: 1, newRoot: treeRoot(broken), entries: [notJson] }, registry())).toMatchObject({ code: 'envelope-not-canonical', entryIndex: 0 });

    const twice = new FixtureLog();
    const e = buildFixtureEvent('buy.order.placed').envelope;
    twice.appendEnvelopes([e, e]);
    expect(verifyLogExtension(await extension(twice, 0, 2), registry())).toMatchObject({ ok: false, code: 'duplicate-event-id', entryIndex: 1 });
  });

  it('does not hold a later suspension against entries signed before it', async () => {
    expect(verifyLogExtension(await extension(log, 0, 14), registry('suspended'))).toEqual({ ok: true, entries: 14 });
  });
});

describe('LogExtensionChecker (chunked, as a witness reads a long log)', () => {
  const log = new FixtureLog();
  log.appendEvents(3);
  log.appendEvents(20);

  it('gives the same verdict fed in chunks, and catches a missing or extra entry', async () => {
    const ext = await extension(log, 3, 23);
    const checker = new LogExtensionChecker(ext, registry(), {});
    for (let i = 0; i < ext.entries.length; i += 6) expect(checker.add(ext.entries.slice(i, i + 6))).toBeUndefined();
    expect(checker.finish()).toEqual({ ok: true, entries: 20 });

    const short = new LogExtensionChecker(ext, registry());
    short.add(ext.entries.slice(0, 19));
    expect(short.finish()).toMatchObject({ ok: false, code: 'entries-do-not-match-root', reason: expect.stringMatching(/expected 20 entries/) });

    const long = new LogExtensionChecker(ext, registry());
    expect(long.add([...ext.entries, ext.entries[0]])).toMatchObject({ ok: false, reason: expect.stringMatching(/more entries/) });
  });

  it('fails at construction when the proof does not fit the old root', async () => {
    const ext = await extension(log, 3, 23);
    const checker = new LogExtensionChecker({ ...ext, oldRoot: log.root(23) }, registry());
    expect(checker.add(ext.entries)).toMatchObject({ ok: false, code: 'entries-do-not-match-root' });
    expect(checker.finish()).toMatchObject({ ok: false });
  });
});
