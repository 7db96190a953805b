import { createRegistrySnapshot, type RegistrySnapshot } from '@borderledger/entry-validation';
import { buildFixtureEvent, canonicalBytes, fixtureSigningKey, FIXTURE_PARTICIPANTS, type EventEnvelope } from '@borderledger/events';
import { CachedRegistry, CheckpointConflictError, MemoryLedgerStore } from '@borderledger/ledger-store';
import { createNodeEd25519Verifier } from '@borderledger/node-crypto';
import {
  EMPTY_TREE_STATE,
  appendLeaves,
  createEd25519NoteSigner,
  createEd25519NoteVerifier,
  generateConsistencyProof,
  generateInclusionProof,
  leafHash,
  openCheckpoint,
  signNote,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
} from '@borderledger/merkle-log';
import { CommitSubmissionsCommand, CommitSubmissionsUseCase } from './commit-submissions.use-case';
import type { CommittedEvent, LedgerEventsPublisher, RejectedSubmission } from './ledger-events';
import { LedgerHead } from './ledger-head';
import { acceptedEvent, sequenceBatch } from './sequencer';
import { InlineSubmissionValidator, judgeOptions } from './submission-validator';

const ORIGIN = 'borderledger.test/log';
const signer = createEd25519NoteSigner(ORIGIN, new Uint8Array(32).fill(3));
const logVerifier = createEd25519NoteVerifier(ORIGIN, signer.publicKey);
const NOW = new Date('2026-11-20T09:16:00Z');

class RecordingPublisher implements LedgerEventsPublisher {
  committed: CommittedEvent[] = [];
  checkpoints: { note: string; size: number }[] = [];
  rejections: RejectedSubmission[] = [];
  failNext: Error | undefined;
  async publishCommitted(events: readonly CommittedEvent[]): Promise<void> {
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = undefined;
      throw e;
    }
    this.committed.push(...events);
  }
  async publishCheckpoint(note: string, size: number): Promise<void> {
    this.checkpoints.push({ note, size });
  }
  async publishRejections(rejections: readonly RejectedSubmission[]): Promise<void> {
    this.rejections.push(...rejections);
  }
}

const roles: Record<string, string[]> = {
  [FIXTURE_PARTICIPANTS.platform]: ['platform'],
  [FIXTURE_PARTICIPANTS.carrier]: ['carrier'],
  [FIXTURE_PARTICIPANTS.customs]: ['customs'],
};

function snapshot(ids = Object.keys(roles)): RegistrySnapshot {
  return createRegistrySnapshot({
    participants: ids.map((id) => ({ id, roles: roles[id], status: 'active' })),
    keys: ids.map((id) => {
      const k = fixtureSigningKey(id);
      return { keyId: k.keyId, participantId: id, publicKey: k.publicKey, validFrom: new Date('2026-01-01T00:00:00Z'), validUntil: null };
    }),
  });
}

function setup(registrySnapshots: RegistrySnapshot[] = [snapshot()]) {
  const store = new MemoryLedgerStore();
  const head = new LedgerHead();
  const publisher = new RecordingPublisher();
  let loads = 0;
  const registry = new CachedRegistry({ load: async () => registrySnapshots[Math.min(loads++, registrySnapshots.length - 1)] }, 60_000, 0);
  const checkpoints: number[] = [];
  const useCase = new CommitSubmissionsUseCase(store, registry, head, publisher, {
    origin: ORIGIN,
    sign: (text) => signNote(text, [signer]),
    validator: new InlineSubmissionValidator(judgeOptions({}, createNodeEd25519Verifier())),
    clock: () => NOW,
    onCheckpoint: (_note, size) => checkpoints.push(size),
  });
  return { store, head, publisher, useCase, checkpoints, loads: () => loads };
}

let counter = 0;
function event(type: Parameters<typeof buildFixtureEvent>[0] = 'ship.consignment.picked-up', options: Parameters<typeof buildFixtureEvent>[1] = {}) {
  // Distinct ids, deterministic otherwise.
  const eventId = `01a2${(counter++).toString(16).padStart(4, '0')}-0000-7000-8000-000000000000`;
  return buildFixtureEvent(type, { eventId, ...options });
}

const record = (value: unknown, key: string | null = 'K') => ({
  key,
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  headers: { 'bl-node': 'test' },
});
const command = (...values: unknown[]) => CommitSubmissionsCommand.fromRecords(values.map((v) => record(v)));

describe('CommitSubmissionsUseCase', () => {
  it('sequences valid events in arrival order, commits one checkpoint and publishes them with their index', async () => {
    const { store, publisher, useCase, checkpoints } = setup();
    const events = [event(), event('buy.order.placed'), event()];
    const outcome = await useCase.execute(command(...events));
    expect(outcome).toMatchObject({ committed: 3, duplicates: 0, rejected: 0, treeSize: 3 });
    expect(store.entries.map((e) => e.eventId)).toEqual(events.map((e) => e.envelope.eventId));
    expect(store.payloads.get(events[1].envelope.eventId)).toEqual(events[1].opening);
    expect(publisher.committed.map((c) => [c.index, c.eventId, c.checkpointSize])).toEqual(events.map((e, i) => [i, e.envelope.eventId, 3]));
    expect(publisher.checkpoints).toHaveLength(1);
    expect(checkpoints).toEqual([3]);
    const opened = openCheckpoint(outcome.checkpointNote as string, [logVerifier], { origin: ORIGIN });
    expect(opened.checkpoint.size).toBe(3);
  });

  it('builds the tree incrementally: the checkpoint root equals a recomputation, proofs verify', async () => {
    const { store, useCase } = setup();
    const all: EventEnvelope[] = [];
    const roots: Uint8Array[] = [];
    for (const size of [1, 4, 7, 16]) {
      const events = Array.from({ length: size }, () => event());
      all.push(...events.map((e) => e.envelope));
      const outcome = await useCase.execute(command(...events));
      roots.push(openCheckpoint(outcome.checkpointNote as string, [logVerifier]).checkpoint.rootHash);
    }
    const recomputed = appendLeaves(EMPTY_TREE_STATE, all.map((e) => leafHash(canonicalBytes(e))));
    expect(roots[3]).toEqual(treeRoot(recomputed.state));
    const proof = await generateInclusionProof(store, 9, 28);
    expect(verifyInclusion(leafHash(canonicalBytes(all[9])), 9, 28, proof, roots[3])).toBe(true);
    const consistency = await generateConsistencyProof(store, 5, 28);
    expect(verifyConsistency(5, 28, roots[1], roots[3], consistency)).toBe(true);
  });

  it('drops a duplicate event id inside a batch, and refuses a different envelope under the same id', async () => {
    const { store, publisher, useCase } = setup();
    const original = event();
    const impostor = event('ship.consignment.picked-up', { eventId: original.envelope.eventId, occurredAt: '2026-11-20T09:00:00Z' });
    const outcome = await useCase.execute(command(original, original, impostor));
    expect(outcome).toMatchObject({ committed: 1, duplicates: 1, rejected: 1 });
    expect(store.entries).toHaveLength(1);
    expect(publisher.rejections[0].rejection.code).toBe('event-id-conflict');
  });

  it('drops events already committed (a redelivered batch) and publishes them again', async () => {
    const { store, publisher, useCase } = setup();
    const events = [event(), event()];
    await useCase.execute(command(...events));
    const fresh = event();
    const outcome = await useCase.execute(command(...events, fresh));
    expect(outcome).toMatchObject({ committed: 1, duplicates: 2, treeSize: 3 });
    expect(store.entries.map((e) => e.eventId)).toEqual([...events, fresh].map((e) => e.envelope.eventId));
    // Committed messages: 2 first time, then 2 re-sent + 1 new, all with the latest size.
    expect(publisher.committed.slice(2).map((c) => [c.eventId, c.index, c.checkpointSize])).toEqual([
      [events[0].envelope.eventId, 0, 3],
      [events[1].envelope.eventId, 1, 3],
      [fresh.envelope.eventId, 2, 3],
    ]);
    // A batch of duplicates only signs no new checkpoint.
    const again = await useCase.execute(command(...events));
    expect(again).toMatchObject({ committed: 0, duplicates: 2, treeSize: 3 });
    expect(again.checkpointNote).toBeUndefined();
    expect(store.checkpoints).toHaveLength(2);
  });

  it('refuses an already committed event id carrying a different envelope', async () => {
    const { publisher, useCase } = setup();
    const original = event();
    await useCase.execute(command(original));
    const replay = event('ship.consignment.picked-up', { eventId: original.envelope.eventId, occurredAt: '2026-11-20T09:01:00Z' });
    const outcome = await useCase.execute(command(replay));
    expect(outcome).toMatchObject({ committed: 0, rejected: 1 });
    expect(publisher.rejections[0].rejection.code).toBe('event-id-conflict');
  });

  it('routes every kind of bad submission to the dead letter with its code, unchanged, and commits the rest', async () => {
    const { store, publisher, useCase } = setup();
    const good = event();
    const tampered = event();
    const badSig = { ...tampered, envelope: { ...tampered.envelope, occurredAt: '2026-11-20T09:10:00Z' } };
    const notAllowed = event('buy.order.placed', { submitter: FIXTURE_PARTICIPANTS.carrier });
    const wrongOpening = { ...event(), opening: event('ship.consignment.picked-up', { payload: { ...buildFixtureEvent('ship.consignment.picked-up').opening.payload, numberOfPackages: 2 } }).opening };
    const outcome = await useCase.execute(command('{not json', { envelope: good.envelope }, badSig, notAllowed, wrongOpening, good));
    expect(outcome).toMatchObject({ committed: 1, rejected: 5 });
    expect(store.entries.map((e) => e.eventId)).toEqual([good.envelope.eventId]);
    expect(publisher.rejections.map((r) => r.rejection.code)).toEqual([
      'malformed-submission',
      'malformed-submission',
      'bad-signature',
      'event-type-not-permitted',
      'commitment-mismatch',
    ]);
    expect(publisher.rejections[0].value.toString()).toBe('{not json');
    expect(publisher.rejections[0].headers).toEqual({ 'bl-node': 'test' });
  });

  it('reloads the registry once before refusing an unknown submitter (a participant admitted a moment ago)', async () => {
    const before = snapshot([FIXTURE_PARTICIPANTS.platform]);
    const after = snapshot();
    const { store, useCase, loads } = setup([before, after]);
    const outcome = await useCase.execute(command(event()));
    expect(outcome.committed).toBe(1);
    expect(store.entries).toHaveLength(1);
    expect(loads()).toBe(2);
  });

  it('commits nothing and keeps its head when the database commit fails; the redelivery commits once', async () => {
    const { store, head, publisher, useCase } = setup();
    const events = [event(), event()];
    store.failNextCommit = new Error('connection terminated');
    await expect(useCase.execute(command(...events))).rejects.toThrow(/database commit of 2 entries at size 0 failed: connection terminated/);
    expect(head.size).toBe(0);
    expect(publisher.committed).toHaveLength(0);
    const outcome = await useCase.execute(command(...events));
    expect(outcome).toMatchObject({ committed: 2, treeSize: 2 });
  });

  it('adopts a commit that landed although the connection failed around COMMIT, and announces its checkpoint', async () => {
    const { store, head, publisher, useCase, checkpoints } = setup();
    const events = [event(), event()];
    // The commit lands, then the client sees an error: simulate by committing behind the use case's back.
    const landed = sequenceBatch(ORIGIN, EMPTY_TREE_STATE, events.map((e) => acceptedEvent(e.envelope, e.opening)));
    const realCommit = store.commitBatch.bind(store);
    store.commitBatch = async (input, sign) => {
      await realCommit(input, sign);
      store.commitBatch = realCommit;
      throw new Error('connection lost during COMMIT');
    };
    await expect(useCase.execute(command(...events))).rejects.toThrow(/connection lost/);
    expect(store.entries).toHaveLength(2);
    expect(head.size).toBe(0);
    const outcome = await useCase.execute(command(...events, event()));
    expect(outcome).toMatchObject({ committed: 1, duplicates: 2, treeSize: 3 });
    expect(publisher.checkpoints.map((c) => c.size)).toEqual([2, 3]);
    expect(checkpoints).toEqual([2, 3]);
    expect(landed.checkpoint.size).toBe(2);
  });

  it('offers each checkpoint with its own size while later batches commit during its announcement', async () => {
    const store = new MemoryLedgerStore();
    const head = new LedgerHead();
    const offered: { note: string; size: number }[] = [];
    let release: () => void = () => undefined;
    const firstAnnouncement = new Promise<void>((resolve) => (release = resolve));
    let announcements = 0;
    const publisher = new (class extends RecordingPublisher {
      override async publishCheckpoint(note: string, size: number): Promise<void> {
        // The first announcement is slow: the next batch commits while it is under way.
        if (announcements++ === 0) await firstAnnouncement;
        await super.publishCheckpoint(note, size);
      }
    })();
    const registry = new CachedRegistry({ load: async () => snapshot() }, 60_000, 0);
    const useCase = new CommitSubmissionsUseCase(store, registry, head, publisher, {
      origin: ORIGIN,
      sign: (text) => signNote(text, [signer]),
      validator: new InlineSubmissionValidator(judgeOptions({}, createNodeEd25519Verifier())),
      clock: () => NOW,
      onCheckpoint: (note, size) => offered.push({ note, size }),
    });
    const first = useCase.execute(command(event(), event()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = useCase.execute(command(event(), event(), event()));
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    await Promise.all([first, second]);
    expect(offered.length).toBeGreaterThan(0);
    for (const { note, size } of offered) expect(openCheckpoint(note, [logVerifier]).checkpoint.size).toBe(size);
    expect(offered.at(-1)?.size).toBe(5);
  });

  it('stops on a compare-and-swap failure: another writer advanced the log', async () => {
    const { store, useCase } = setup();
    await useCase.execute(command(event()));
    // Another instance commits size 2 behind our back.
    const intruder = event();
    const other = sequenceBatch(ORIGIN, store.checkpoints[0].treeState, [acceptedEvent(intruder.envelope, intruder.opening)]);
    await store.commitBatch(other, (t) => signNote(t, [signer]));
    await expect(useCase.execute(command(event()))).rejects.toBeInstanceOf(CheckpointConflictError);
    await expect(useCase.execute(command(event()))).rejects.toThrow(/expected the log at size 1, but the database holds a checkpoint of size 2/);
  });

  it('re-sends the committed events of a batch whose publish failed, on redelivery, and the checkpoint once', async () => {
    const { publisher, useCase, checkpoints } = setup();
    const events = [event()];
    publisher.failNext = new Error('broker down');
    await expect(useCase.execute(command(...events))).rejects.toThrow('broker down');
    // The checkpoint went out (inside the commit section); the committed events did not.
    expect(publisher.checkpoints.map((c) => c.size)).toEqual([1]);
    expect(publisher.committed).toHaveLength(0);
    const outcome = await useCase.execute(command(...events));
    expect(outcome).toMatchObject({ committed: 0, duplicates: 1, treeSize: 1 });
    expect(publisher.committed.map((c) => c.eventId)).toEqual([events[0].envelope.eventId]);
    expect(publisher.checkpoints.map((c) => c.size)).toEqual([1]);
    expect(checkpoints).toEqual([1]);
  });
});

describe('CommitSubmissionsUseCase with concurrent batches', () => {
  it('validates batches concurrently but commits them one at a time, each on the previous head', async () => {
    const { store, useCase } = setup();
    const batches = Array.from({ length: 6 }, (_, b) => Array.from({ length: 3 + b }, () => event()));
    const outcomes = await Promise.all(batches.map((events) => useCase.execute(command(...events))));
    expect(outcomes.map((o) => o.committed)).toEqual(batches.map((b) => b.length));
    const total = batches.flat().length;
    expect(store.entries.map((e) => e.index)).toEqual(Array.from({ length: total }, (_, i) => i));
    // Every checkpoint extends the previous one: sizes strictly increase, the last covers all.
    const sizes = store.checkpoints.map((c) => c.size);
    expect([...sizes].sort((a, b) => a - b)).toEqual(sizes);
    expect(sizes[sizes.length - 1]).toBe(total);
  });
});
