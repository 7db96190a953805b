import { encodeTreeState, frontierNodeIds, leafHash, nodeKey, noteVerifierFromKey, type StoredNode } from '@borderledger/merkle-log';
import { FixtureLog } from './fixture-log';
import { type AuditCheckpointRow, type AuditEntryRow, LedgerAuditor } from './ledger-auditor';

/** The rows a ledger database would hold for a fixture log with checkpoints at the given sizes. */
function storage(log: FixtureLog, checkpointSizes: number[]) {
  const entries: AuditEntryRow[] = log.envelopes.map((e, index) => ({ index, eventId: e.eventId, envelope: log.leafData(index), leafHash: leafHash(log.leafData(index)) }));
  const nodes = new Map<string, Uint8Array>();
  for (let level = 0; 2 ** level <= log.size; level++) {
    for (let index = 0; (index + 1) * 2 ** level <= log.size; index++) {
      const id = { level, index };
      const [hash] = log.store.readNodesSync([id]);
      nodes.set(nodeKey(id), hash);
    }
  }
  const checkpoints: AuditCheckpointRow[] = checkpointSizes.map((size) => ({
    treeSize: size,
    rootHash: log.root(size),
    note: log.checkpoint(size),
    treeState: encodeTreeState(log.stateAt(size)),
  }));
  return { entries, nodes, checkpoints };
}

/** Runs the auditor like the CLI: pages of entries, their checkpoints queued first, then the nodes. */
function audit(log: FixtureLog, data: ReturnType<typeof storage>, pageSize = 4) {
  const auditor = new LedgerAuditor({ logVerifiers: [noteVerifierFromKey(log.logVerifierKey)], origin: log.origin });
  for (let from = 0; from < data.entries.length || from === 0; from += pageSize) {
    const page = data.entries.slice(from, from + pageSize);
    const last = page.length ? page[page.length - 1].index + 1 : 0;
    auditor.queueCheckpoints(data.checkpoints.filter((c) => c.treeSize > (from === 0 ? -1 : from) && c.treeSize <= last && c.treeSize >= (from === 0 ? 0 : from + 1)));
    const expected: StoredNode[] = auditor.addEntries(page);
    auditor.checkNodes(expected, data.nodes);
    if (auditor.firstFinding || page.length === 0) break;
  }
  const after = data.checkpoints.filter((c) => c.treeSize > auditor.size);
  if (!auditor.firstFinding) {
    auditor.queueCheckpoints(after);
    auditor.finish();
  }
  return auditor;
}

describe('LedgerAuditor', () => {
  const log = new FixtureLog();
  log.appendEvents(3);
  log.appendEvents(6);
  log.appendEvents(8);
  const sizes = [0, 3, 9, 17];

  it('passes untouched storage, checking every entry, node and checkpoint', () => {
    const auditor = audit(log, storage(log, sizes));
    expect(auditor.findings).toEqual([]);
    expect(auditor.progress).toEqual({ entries: 17, nodes: 2 * 17 - 2, checkpoints: 4 });
  });

  it('names the entry whose envelope was altered (leaf hash no longer matches)', () => {
    const data = storage(log, sizes);
    const bytes = data.entries[11].envelope.slice();
    bytes[bytes.indexOf(0x37)] = 0x38; // one character of the stored JSON
    data.entries[11] = { ...data.entries[11], envelope: bytes };
    const first = audit(log, data).firstFinding;
    expect(first).toMatchObject({ kind: 'leaf-hash-mismatch', entryIndex: 11 });
    expect(first?.message).toMatch(/^entry 11 \(event [0-9a-f-]+\): stored leaf_hash/);
  });

  it('names the entry when envelope and leaf_hash were rewritten together (the tree node differs)', () => {
    const data = storage(log, sizes);
    const other = log.leafData(2);
    data.entries[5] = { ...data.entries[5], envelope: other, leafHash: leafHash(other) };
    const first = audit(log, data).firstFinding;
    expect(first).toMatchObject({ entryIndex: 5 });
    expect(['node-mismatch', 'event-id-mismatch']).toContain(first?.kind);
  });

  it('names the range when entries, leaf hashes and tree nodes were all rewritten (only the signed checkpoint stops it)', () => {
    const forged = new FixtureLog();
    forged.appendEnvelopes(log.envelopes.slice(0, 12));
    forged.appendEvents(1); // entry 12 differs
    forged.appendEnvelopes(log.envelopes.slice(13, 17));
    const data = storage(forged, []);
    data.checkpoints = storage(log, sizes).checkpoints; // the real, signed checkpoints stay
    const first = audit(log, data).firstFinding;
    expect(first).toMatchObject({ kind: 'checkpoint-root-mismatch', entryIndex: 9, range: { from: 9, to: 17 } });
    expect(first?.message).toMatch(/an entry in 9\.\.16 was changed/);
  });

  it('finds a deleted entry in the middle and deleted entries at the end', () => {
    const gap = storage(log, sizes);
    gap.entries.splice(6, 1);
    expect(audit(log, gap).firstFinding).toMatchObject({ kind: 'missing-entry', entryIndex: 6, message: 'entry 6 is missing (the next stored entry is 7)' });
    const tail = storage(log, sizes);
    tail.entries.splice(15);
    expect(audit(log, tail).firstFinding).toMatchObject({ kind: 'checkpoint-beyond-log', entryIndex: 15, range: { from: 15, to: 17 } });
  });

  it('finds a tampered or missing tree node, a tampered checkpoint root, note or tree state', () => {
    const node = storage(log, sizes);
    node.nodes.set('2/1', leafHash(Uint8Array.of(1)));
    expect(audit(log, node).firstFinding).toMatchObject({ kind: 'node-mismatch', entryIndex: 4, range: { from: 4, to: 8 } });
    node.nodes.delete('0/3');
    expect(audit(log, node).firstFinding).toMatchObject({ kind: 'node-missing', entryIndex: 3 });

    const root = storage(log, sizes);
    root.checkpoints[2] = { ...root.checkpoints[2], rootHash: log.root(3) };
    expect(audit(log, root).firstFinding).toMatchObject({ kind: 'checkpoint-root-mismatch', entryIndex: 3, range: { from: 3, to: 9 } });

    const note = storage(log, sizes);
    note.checkpoints[1] = { ...note.checkpoints[1], note: note.checkpoints[1].note.replace('\n3\n', '\n4\n') };
    expect(audit(log, note).firstFinding).toMatchObject({ kind: 'checkpoint-signature', entryIndex: 3 });

    const state = storage(log, sizes);
    state.checkpoints[3] = { ...state.checkpoints[3], treeState: encodeTreeState(log.stateAt(9)) };
    expect(audit(log, state).firstFinding).toMatchObject({ kind: 'checkpoint-tree-state' });
    expect(frontierNodeIds(17)).toHaveLength(2);
  });

  it('finds a stored envelope that is not canonical or names another event id', () => {
    const spaced = storage(log, sizes);
    const text = new TextDecoder().decode(spaced.entries[1].envelope).replace('{', '{ ');
    const bytes = new TextEncoder().encode(text);
    spaced.entries[1] = { ...spaced.entries[1], envelope: bytes, leafHash: leafHash(bytes) };
    const auditor = audit(log, spaced);
    expect(auditor.findings.map((f) => f.kind)).toEqual(expect.arrayContaining(['envelope-not-canonical']));
    expect(auditor.firstFinding?.entryIndex).toBe(1);

    const renamed = storage(log, sizes);
    renamed.entries[2] = { ...renamed.entries[2], eventId: renamed.entries[3].eventId };
    expect(audit(log, renamed).firstFinding).toMatchObject({ kind: 'event-id-mismatch', entryIndex: 2 });
  });
});
