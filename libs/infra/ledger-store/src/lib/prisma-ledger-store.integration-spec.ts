import { applyMigrations, createTestSchema, databaseUrlWithSchema, dropTestSchema, PrismaService } from '@borderledger/data';
import { buildFixtureEvent, canonicalBytes, fixtureSigningKey, FIXTURE_PARTICIPANTS } from '@borderledger/events';
import {
  EMPTY_TREE_STATE,
  appendLeaves,
  createEd25519NoteSigner,
  formatCheckpoint,
  generateConsistencyProof,
  generateInclusionProof,
  leafHash,
  signNote,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type TreeState,
} from '@borderledger/merkle-log';
import { stackEnvironment } from '@borderledger/testing';
import { randomUUID } from 'node:crypto';
import { LEDGER_WRITER_ROLE, databaseUrlWithRole } from './database-role';
import { CheckpointConflictError, type CommitBatchInput, type NewLedgerEntry } from './ledger-store';
import { PrismaLedgerStore } from './prisma-ledger-store';
import { PrismaRegistrySource } from './registry-source';

const { databaseUrl } = stackEnvironment();
const origin = 'borderledger.test/log';
const signer = createEd25519NoteSigner(origin, new Uint8Array(32).fill(7));
const sign = (text: string) => signNote(text, [signer]);

function entries(from: number, count: number, consignmentRef = 'UCR-STORE-1'): NewLedgerEntry[] {
  return Array.from({ length: count }, (_, i) => {
    const { envelope, opening } = buildFixtureEvent('ship.consignment.picked-up', { eventId: undefined, consignmentRef, randomBytes: false });
    const bytes = canonicalBytes(envelope);
    return {
      index: from + i,
      eventId: envelope.eventId,
      eventType: envelope.eventType,
      consignmentRef: envelope.consignmentRef,
      submitter: envelope.submitter,
      keyId: envelope.keyId,
      envelope: bytes,
      leafHash: leafHash(bytes),
      openingJson: JSON.stringify(opening),
    };
  });
}

function batch(state: TreeState, newEntries: NewLedgerEntry[]): { input: CommitBatchInput; state: TreeState } {
  const appended = appendLeaves(state, newEntries.map((e) => e.leafHash));
  const rootHash = treeRoot(appended.state);
  return {
    state: appended.state,
    input: {
      previousSize: state.size,
      entries: newEntries,
      nodes: appended.nodes,
      checkpoint: { size: appended.state.size, rootHash, treeState: appended.state, text: formatCheckpoint({ origin, size: appended.state.size, rootHash, extensions: [] }) },
    },
  };
}

describe('PrismaLedgerStore on PostgreSQL', () => {
  let schema: string;
  let owner: PrismaService;
  let writer: PrismaService;
  let store: PrismaLedgerStore;
  let state: TreeState = EMPTY_TREE_STATE;

  beforeAll(async () => {
    schema = await createTestSchema({ databaseUrl, prefix: 'ledger_store' });
    await applyMigrations({ databaseUrl, schema });
    owner = new PrismaService({ databaseUrl, schema });
    writer = new PrismaService({ databaseUrl: databaseUrlWithRole(databaseUrlWithSchema(databaseUrl, schema), LEDGER_WRITER_ROLE) });
    await owner.onModuleInit();
    await writer.onModuleInit();
    store = new PrismaLedgerStore(writer);
  });

  afterAll(async () => {
    await writer?.onModuleDestroy();
    await owner?.onModuleDestroy();
    await dropTestSchema({ databaseUrl, schema });
  });

  it('runs as the append-only role: no UPDATE, DELETE or TRUNCATE on any ledger table', async () => {
    const [who] = await writer.$queryRawUnsafe<{ role: string }[]>('SELECT current_user AS role');
    expect(who.role).toBe(LEDGER_WRITER_ROLE);
    expect(await store.rewritePrivileges()).toEqual([]);
    // The owner holds them (and the triggers stop it instead).
    expect((await new PrismaLedgerStore(owner).rewritePrivileges()).length).toBe(15);
  });

  it('starts empty', async () => {
    expect(await store.latestCheckpoint()).toBeUndefined();
  });

  it('commits a batch in one transaction and serves inclusion proofs from the stored nodes', async () => {
    const first = batch(state, entries(0, 37));
    const note = await store.commitBatch(first.input, sign);
    state = first.state;
    expect(note).toContain(`${origin}\n37\n`);
    const latest = await store.latestCheckpoint();
    expect(latest).toMatchObject({ size: 37, note });
    expect(latest?.treeState).toEqual(state);
    const root = treeRoot(state);
    for (const index of [0, 1, 17, 36]) {
      const entry = await store.entryByIndex(index);
      const proof = await generateInclusionProof(store, index, 37);
      expect(verifyInclusion(entry!.leafHash, index, 37, proof, root)).toBe(true);
    }
    const [payloads] = await owner.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM event_payloads');
    expect(payloads.n).toBe(37);
  });

  it('serves consistency proofs between any two checkpoints', async () => {
    const oldRoot = treeRoot(state);
    const second = batch(state, entries(37, 300, 'UCR-STORE-2'));
    await store.commitBatch(second.input, sign);
    state = second.state;
    const proof = await generateConsistencyProof(store, 37, 337);
    expect(verifyConsistency(37, 337, oldRoot, treeRoot(state), proof)).toBe(true);
    expect((await store.checkpointAt(37))?.size).toBe(37);
    expect((await store.recentCheckpoints(5)).map((c) => c.size)).toEqual([337, 37]);
  });

  it('finds entries by event id, by consignment in order, and as envelope ranges', async () => {
    const some = await store.entryByIndex(40);
    const found = await store.findByEventIds([some!.eventId, randomUUID()]);
    expect([...found.keys()]).toEqual([some!.eventId]);
    expect((await store.entryByEventId(some!.eventId))?.index).toBe(40);
    const page = await store.entriesByConsignment('UCR-STORE-2', 40, 5);
    expect(page.map((e) => e.index)).toEqual([41, 42, 43, 44, 45]);
    const range = await store.envelopesInRange(0, 256);
    expect(range).toHaveLength(256);
    expect(JSON.parse(Buffer.from(range[3]).toString()).eventId).toBe((await store.entryByIndex(3))!.eventId);
    await expect(store.envelopesInRange(300, 400)).rejects.toThrow(/not all stored/);
  });

  it('refuses a stale batch (compare-and-swap) before signing, and writes nothing', async () => {
    const stale = batch(EMPTY_TREE_STATE, entries(0, 3));
    let signed = false;
    const attempt = store.commitBatch(stale.input, (text) => {
      signed = true;
      return sign(text);
    });
    await expect(attempt).rejects.toThrow(CheckpointConflictError);
    await expect(attempt).rejects.toThrow(/expected the log at size 0, but the database holds a checkpoint of size 337/);
    expect(signed).toBe(false);
    expect((await store.latestCheckpoint())?.size).toBe(337);
  });

  it('lets exactly one of two concurrent writers extend the same size', async () => {
    const other = new PrismaLedgerStore(owner);
    const a = batch(state, entries(337, 5));
    const b = batch(state, entries(337, 9));
    const results = await Promise.allSettled([store.commitBatch(a.input, sign), other.commitBatch(b.input, sign)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(CheckpointConflictError);
    const latest = await store.latestCheckpoint();
    state = latest!.treeState;
    expect([342, 346]).toContain(latest!.size);
    const [count] = await owner.$queryRawUnsafe<{ n: number }[]>('SELECT count(*)::int AS n FROM ledger_entries');
    expect(count.n).toBe(latest!.size);
  });

  it('rolls the whole batch back when any insert fails', async () => {
    const dup = batch(state, entries(state.size, 2));
    const reused = { ...dup.input.entries[1], eventId: (await store.entryByIndex(0))!.eventId };
    const input = { ...dup.input, entries: [dup.input.entries[0], reused] };
    await expect(store.commitBatch(input, sign)).rejects.toThrow();
    expect((await store.latestCheckpoint())?.size).toBe(state.size);
    expect(await store.entryByIndex(state.size)).toBeUndefined();
  });

  it('refuses UPDATE and DELETE: privileges for the runtime role, triggers for the owner', async () => {
    await expect(writer.$executeRawUnsafe('UPDATE ledger_entries SET submitter = $1 WHERE index = 0', 'mallory')).rejects.toThrow(/permission denied/);
    await expect(writer.$executeRawUnsafe('DELETE FROM ledger_checkpoints')).rejects.toThrow(/permission denied/);
    await expect(owner.$executeRawUnsafe('UPDATE ledger_entries SET submitter = $1 WHERE index = 0', 'mallory')).rejects.toThrow(/append-only/);
    await expect(owner.$executeRawUnsafe('DELETE FROM ledger_tree_nodes WHERE level = 0')).rejects.toThrow(/append-only/);
  });

  it('stores cosignatures once per witness and size', async () => {
    await store.addCosignature({ treeSize: 37, witness: 'customs-nl', signatureLine: '— customs-nl AAAA', timestamp: 1 });
    await store.addCosignature({ treeSize: 37, witness: 'customs-nl', signatureLine: '— customs-nl BBBB', timestamp: 2 });
    await store.addCosignature({ treeSize: 337, witness: 'customs-nl', signatureLine: '— customs-nl CCCC', timestamp: 3 });
    await store.addCosignature({ treeSize: 37, witness: 'shopwave', signatureLine: '— shopwave DDDD', timestamp: 4 });
    expect((await store.cosignaturesAt(37)).map((c) => c.signatureLine)).toEqual(['— customs-nl AAAA', '— shopwave DDDD']);
    expect(await store.latestCosignedSizes()).toEqual(new Map([['customs-nl', 337], ['shopwave', 37]]));
  });

  it('answers a proof in one read: the entry, its nodes in request order and the cosignature lines by witness', async () => {
    const nodeIds = [
      { level: 0, index: 5 },
      { level: 3, index: 1 },
      { level: 0, index: 4 },
    ];
    const parts = await store.readProofParts({ entryIndex: 5, nodeIds, cosignaturesOf: 37 });
    expect(parts.entry).toEqual(await store.entryByIndex(5));
    expect(parts.hashes).toEqual(await store.readNodes(nodeIds));
    expect(parts.cosignatureLines).toEqual(['— customs-nl AAAA', '— shopwave DDDD']);
    const absent = await store.readProofParts({ entryIndex: 10_000, nodeIds: [{ level: 0, index: 0 }] });
    expect(absent.entry).toBeUndefined();
    expect(absent.cosignatureLines).toEqual([]);
    // A node that is not stored is named, as readNodes names it.
    await expect(store.readProofParts({ nodeIds: [{ level: 0, index: 0 }, { level: 0, index: 999_999 }] })).rejects.toThrow('(0, 999999)');
  });

  it('reads a run of one level (a tile) in order, and names the first gap', async () => {
    const run = await store.readNodeRun(0, 30, 10);
    expect(run).toEqual(await store.readNodes(Array.from({ length: 10 }, (_, i) => ({ level: 0, index: 30 + i }))));
    await expect(store.readNodeRun(0, 999_995, 10)).rejects.toThrow('(0, 999995)');
  });

  it('reads the newest committed openings of one event type, newest first (governance at boot)', async () => {
    const quorum = buildFixtureEvent('governance.quorum.changed', { eventId: undefined, randomBytes: false });
    const bytes = canonicalBytes(quorum.envelope);
    const size = (await store.latestCheckpoint())?.size ?? 0;
    const governance: NewLedgerEntry = {
      index: size,
      eventId: quorum.envelope.eventId,
      eventType: quorum.envelope.eventType,
      consignmentRef: null,
      submitter: quorum.envelope.submitter,
      keyId: quorum.envelope.keyId,
      envelope: bytes,
      leafHash: leafHash(bytes),
      openingJson: JSON.stringify(quorum.opening),
    };
    const next = batch(state, [governance, ...entries(size + 1, 2, 'UCR-STORE-9')]);
    await store.commitBatch(next.input, sign);
    state = next.state;
    expect(await store.recentOpeningsOf('governance.quorum.changed', 16)).toEqual([{ index: size, eventType: 'governance.quorum.changed', opening: quorum.opening }]);
    expect(await store.recentOpeningsOf('governance.policy.changed', 16)).toEqual([]);
  });

  it('loads the registry snapshot through the runtime role', async () => {
    const id = FIXTURE_PARTICIPANTS.carrier;
    const key = fixtureSigningKey(id);
    await owner.participant.create({ data: { id, name: 'SkyFreight', roles: ['carrier'], jurisdiction: 'NL' } });
    await owner.participantKey.create({
      data: { keyId: key.keyId, participantId: id, publicKey: Buffer.from(key.publicKey), validFrom: new Date('2026-01-01T00:00:00Z') },
    });
    const snapshot = await new PrismaRegistrySource(writer).load();
    expect(snapshot.participant(id)).toMatchObject({ id, roles: ['carrier'], status: 'active' });
    expect(snapshot.key(key.keyId)?.publicKey).toEqual(key.publicKey);
    expect(snapshot.key(key.keyId)?.validUntil).toBeNull();
  });
});
