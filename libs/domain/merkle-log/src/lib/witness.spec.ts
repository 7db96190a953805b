import { base64Encode } from './bytes';
import { formatCheckpoint } from './checkpoint';
import { createCosignatureSigner, createCosignatureVerifier } from './cosignature';
import { MerkleLogError } from './errors';
import { leafHash } from './hash';
import { MemoryHashStore } from './memory-hash-store';
import { createEd25519NoteSigner, createEd25519NoteVerifier, openNote, signNote } from './note';
import { buildProof, planConsistencyProof } from './proof';
import { EMPTY_TREE_STATE, TreeState, appendLeaves, treeRoot } from './tree-state';
import {
  AddCheckpointOutcome,
  MemoryWitnessStateStore,
  Witness,
  WitnessRecord,
  decideAddCheckpoint,
  formatAddCheckpointRequest,
  parseAddCheckpointRequest,
} from './witness';

// c2sp.org/tlog-witness add-checkpoint example request body.
const SPEC_BODY = [
  'old 20852014',
  'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=',
  'jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=',
  '5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=',
  '/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=',
  '',
  'example.com/behind-the-sofa',
  '20852163',
  'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=',
  '',
  '\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=',
  '\u2014 example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=',
  '',
].join('\n');

const ORIGIN = 'borderledger.example/ledger';
const logSigner = createEd25519NoteSigner(ORIGIN, new Uint8Array(32).fill(21));
const logVerifier = createEd25519NoteVerifier(ORIGIN, logSigner.publicKey);
const impostor = createEd25519NoteSigner(ORIGIN, new Uint8Array(32).fill(99));
const cosigner = createCosignatureSigner('customs.example/witness', new Uint8Array(32).fill(22), () => 0);
const cosignerVerifier = createCosignatureVerifier(cosigner.name, cosigner.publicKey);

/** A toy log: entries, stored nodes and a signed checkpoint at any size. */
class TestLog {
  readonly store = new MemoryHashStore();
  readonly states: TreeState[] = [EMPTY_TREE_STATE];

  constructor(entries: number, salt = 0) {
    let state = EMPTY_TREE_STATE;
    for (let i = 0; i < entries; i++) {
      const r = appendLeaves(state, [leafHash(Uint8Array.of(i & 255, i >> 8, salt))]);
      this.store.put(r.nodes);
      state = r.state;
      this.states.push(state);
    }
  }

  checkpoint(size: number, signer = logSigner): string {
    return signNote(formatCheckpoint({ origin: ORIGIN, size, rootHash: treeRoot(this.states[size]), extensions: [] }), [signer]);
  }

  proof(from: number, to: number): Uint8Array[] {
    const plan = planConsistencyProof(from, to);
    return buildProof(plan, this.store.readNodesSync(plan.nodeIds));
  }

  body(from: number, to: number): string {
    return formatAddCheckpointRequest({ oldSize: from, proof: this.proof(from, to), checkpointNote: this.checkpoint(to) });
  }
}

function newWitness(store = new MemoryWitnessStateStore(), clock = () => 1700000000): Witness {
  return new Witness({ cosigners: [cosigner], logs: [{ origin: ORIGIN, verifiers: [logVerifier] }], store, clock });
}

function expectCosigned(outcome: AddCheckpointOutcome, note: string): void {
  expect(outcome.kind).toBe('cosigned');
  if (outcome.kind !== 'cosigned') return;
  // tlog-witness: the client may append the response to the checkpoint and open it as a note.
  const opened = openNote(note + outcome.signatureLines, [cosignerVerifier]);
  expect(opened.verified.map((s) => s.name)).toEqual([cosigner.name]);
  expect(cosignerVerifier.timestampOf(opened.verified[0].signature)).toBe(1700000000);
}

describe('add-checkpoint request body', () => {
  it('parses and re-serialises the spec example exactly', () => {
    const req = parseAddCheckpointRequest(SPEC_BODY);
    expect(req.oldSize).toBe(20852014);
    expect(req.proof.map(base64Encode)).toEqual(SPEC_BODY.split('\n').slice(1, 5));
    expect(req.checkpointNote.startsWith('example.com/behind-the-sofa\n20852163\n')).toBe(true);
    expect(formatAddCheckpointRequest(req)).toBe(SPEC_BODY);
    expect(formatAddCheckpointRequest(parseAddCheckpointRequest(new TextEncoder().encode(SPEC_BODY)))).toBe(SPEC_BODY);
  });

  it('rejects malformed bodies', () => {
    const line = 'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n';
    const cp = SPEC_BODY.slice(SPEC_BODY.indexOf('example.com'));
    const bad = [
      'old 01\n\n' + cp,
      'old -1\n\n' + cp,
      'old\n\n' + cp,
      'new 5\n\n' + cp,
      'old 5\n' + line.repeat(64) + '\n' + cp, // more than 63 proof lines
      'old 5\nnot base64!\n\n' + cp,
      'old 5\nAAAA\n\n' + cp, // not a 32-byte hash
      'old 5\n' + line + '\n', // no checkpoint
      'old 5', // no newline
      'old 5\n' + line, // no blank line
    ];
    for (const body of bad) {
      expect(() => parseAddCheckpointRequest(body)).toThrow(MerkleLogError);
    }
    expect(parseAddCheckpointRequest('old 5\n' + line.repeat(63) + '\n' + cp).proof).toHaveLength(63);
  });
});

describe('witness add-checkpoint state machine', () => {
  const log = new TestLog(40);

  it('cosigns a first checkpoint from size 0, then consistent growth', async () => {
    const store = new MemoryWitnessStateStore();
    const w = newWitness(store);
    expectCosigned(await w.addCheckpoint(log.body(0, 7)), log.checkpoint(7));
    expect((await store.get(ORIGIN))?.size).toBe(7);
    expectCosigned(await w.addCheckpoint(log.body(7, 8)), log.checkpoint(8));
    expectCosigned(await w.addCheckpoint(log.body(8, 33)), log.checkpoint(33));
    expect((await store.get(ORIGIN))?.size).toBe(33);
  });

  it('cosigns again for the same size and the same root', async () => {
    const w = newWitness();
    await w.addCheckpoint(log.body(0, 10));
    expectCosigned(await w.addCheckpoint(log.body(10, 10)), log.checkpoint(10));
  });

  it('reports equivocation for the same size with a different root, with both checkpoints', async () => {
    const store = new MemoryWitnessStateStore();
    const w = newWitness(store);
    await w.addCheckpoint(log.body(0, 10));
    const fork = new TestLog(10, 1);
    const outcome = await w.addCheckpoint(formatAddCheckpointRequest({ oldSize: 10, proof: [], checkpointNote: fork.checkpoint(10) }));
    expect(outcome.kind).toBe('equivocation');
    if (outcome.kind === 'equivocation') {
      expect(outcome.latest.checkpointNote).toBe(log.checkpoint(10));
      expect(outcome.submitted.checkpointNote).toBe(fork.checkpoint(10));
    }
    // Even with a stale old size, two signed roots for one size are equivocation.
    const stale = await w.addCheckpoint(fork.body(0, 10));
    expect(stale.kind).toBe('equivocation');
    expect((await store.get(ORIGIN))?.checkpointNote).toBe(log.checkpoint(10));
  });

  it('refuses rollback: a smaller checkpoint is a conflict carrying the latest size', async () => {
    const w = newWitness();
    await w.addCheckpoint(log.body(0, 20));
    const rollback = await w.addCheckpoint(log.body(5, 12));
    expect(rollback).toEqual({ kind: 'conflict', latestSize: 20, rollback: true });
    const inconsistent = await w.addCheckpoint(formatAddCheckpointRequest({ oldSize: 20, proof: [], checkpointNote: log.checkpoint(12) }));
    expect(inconsistent.kind).toBe('malformed-request'); // old size above checkpoint size: 400
  });

  it('answers a stale old size with 409 semantics and the latest size', async () => {
    const w = newWitness();
    await w.addCheckpoint(log.body(0, 20));
    expect(await w.addCheckpoint(log.body(10, 30))).toEqual({ kind: 'conflict', latestSize: 20, rollback: false });
    // A client without state may probe with old 0 to learn the size.
    expect(await w.addCheckpoint(log.body(0, 30))).toEqual({ kind: 'conflict', latestSize: 20, rollback: false });
  });

  it('refuses a bad consistency proof (422) and keeps its state', async () => {
    const store = new MemoryWitnessStateStore();
    const w = newWitness(store);
    await w.addCheckpoint(log.body(0, 13));
    const proof = log.proof(13, 29);
    proof[1] = proof[1].slice();
    proof[1][0] ^= 1;
    const outcome = await w.addCheckpoint(formatAddCheckpointRequest({ oldSize: 13, proof, checkpointNote: log.checkpoint(29) }));
    expect(outcome.kind).toBe('invalid-proof');
    // A fork that extends a different history is also caught by the proof.
    const fork = new TestLog(40, 2);
    expect((await w.addCheckpoint(formatAddCheckpointRequest({ oldSize: 13, proof: fork.proof(13, 29), checkpointNote: fork.checkpoint(29) }))).kind).toBe('invalid-proof');
    expect((await w.addCheckpoint(formatAddCheckpointRequest({ oldSize: 13, proof: [], checkpointNote: log.checkpoint(29) }))).kind).toBe('invalid-proof');
    expect((await store.get(ORIGIN))?.size).toBe(13);
  });

  it('rejects unknown origins, unauthenticated checkpoints and proofs from old size 0', async () => {
    const w = newWitness();
    const other = signNote(formatCheckpoint({ origin: 'other.example/log', size: 1, rootHash: new Uint8Array(32), extensions: [] }), [logSigner]);
    expect((await w.addCheckpoint(formatAddCheckpointRequest({ oldSize: 0, proof: [], checkpointNote: other }))).kind).toBe('unknown-origin');
    const forged = formatAddCheckpointRequest({ oldSize: 0, proof: [], checkpointNote: log.checkpoint(5, impostor) });
    expect((await w.addCheckpoint(forged)).kind).toBe('unauthenticated');
    const tampered = log.checkpoint(5).replace('\n5\n', '\n6\n');
    expect((await w.addCheckpoint(formatAddCheckpointRequest({ oldSize: 0, proof: [], checkpointNote: tampered }))).kind).toBe('unauthenticated');
    const withProof = formatAddCheckpointRequest({ oldSize: 0, proof: [new Uint8Array(32)], checkpointNote: log.checkpoint(5) });
    expect((await w.addCheckpoint(withProof)).kind).toBe('malformed-request');
    expect((await w.addCheckpoint('garbage')).kind).toBe('malformed-request');
  });

  it('closes the spec race: of two concurrent requests from the same old size only one is cosigned', async () => {
    const store = new MemoryWitnessStateStore();
    const w = newWitness(store);
    await w.addCheckpoint(log.body(0, 10));
    const [a, b] = await Promise.all([w.addCheckpoint(log.body(10, 30)), w.addCheckpoint(log.body(10, 15))]);
    expect([a.kind, b.kind].sort()).toEqual(['conflict', 'cosigned']);
    expect((await store.get(ORIGIN))?.size).toBe(a.kind === 'cosigned' ? 30 : 15);
  });

  it('treats configuration errors as errors, not as client mistakes', async () => {
    const w = new Witness({
      cosigners: [cosigner],
      logs: [{ origin: ORIGIN, verifiers: [logVerifier, logVerifier] }],
      store: new MemoryWitnessStateStore(),
      clock: () => 0,
    });
    await expect(w.addCheckpoint(log.body(0, 3))).rejects.toMatchObject({ code: 'ambiguous-key' });
    expect(() => new Witness({ cosigners: [], logs: [], store: new MemoryWitnessStateStore(), clock: () => 0 })).toThrow(MerkleLogError);
  });

  it('exposes the pure decision without storage', () => {
    const latest: WitnessRecord = { origin: ORIGIN, size: 4, rootHash: treeRoot(log.states[4]), checkpointNote: log.checkpoint(4) };
    const logs = [{ origin: ORIGIN, verifiers: [logVerifier] }];
    const decision = decideAddCheckpoint(parseAddCheckpointRequest(log.body(4, 9)), logs, latest);
    expect(decision.kind).toBe('accept');
    if (decision.kind === 'accept') expect(decision.next.size).toBe(9);
  });
});
