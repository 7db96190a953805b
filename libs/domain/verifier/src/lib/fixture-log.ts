/**
 * A small, complete Borderledger log in memory, for tests here and in the witness and CLI
 * suites: signed envelopes from fixture participants, the RFC 9162 tree, checkpoints signed by
 * the log and cosigned by witnesses, and the proof bundles and trust files an exporter writes.
 * Deterministic keys; never use them outside tests.
 */
import { type EventEnvelope, type EventType, buildFixtureEvent, fixtureSigningKey, FIXTURE_PARTICIPANTS, toBase64Url } from '@borderledger/events';
import {
  EMPTY_TREE_STATE,
  MemoryHashStore,
  type CosignatureSigner,
  type Ed25519NoteSigner,
  type TreeState,
  appendLeaves,
  base64Encode,
  createCosignatureSigner,
  createEd25519NoteSigner,
  formatCheckpoint,
  formatVerifierKey,
  formatSignatureLine,
  frontierNodeIds,
  generateConsistencyProof,
  generateInclusionProof,
  signNote,
  SIGNATURE_TYPE_COSIGNATURE_V1,
  treeRoot,
  utf8Encode,
} from '@borderledger/merkle-log';
import { sha256 } from '@noble/hashes/sha2';
import { entryLeafData, entryLeafHash } from './entry-leaf';
import { PROOF_BUNDLE_FORMAT, TRUST_FILE_FORMAT, type ProofBundle, type Quorum, type TrustFile, type TrustedKeys } from './proof-bundle';

export const FIXTURE_LOG_ORIGIN = 'borderledger.test/log';
export const FIXTURE_WITNESSES = ['customs-nl.witness', 'shopwave.witness', 'skyfreight.witness'] as const;
export const FIXTURE_KEY_VALID_FROM = '2026-01-01T00:00:00.000Z';
/** Timestamp cosignatures carry in the fixture (POSIX seconds, 2026-11-20). */
export const FIXTURE_COSIGN_TIME = 1_795_000_000;

function seed(label: string): Uint8Array {
  return sha256(utf8Encode(`borderledger-fixture-log:${label}`));
}

/** Event types the fixture cycles through, with their default (fixture) submitters. */
const CYCLE: readonly EventType[] = ['buy.order.placed', 'pay.payment.captured', 'ship.consignment.booked', 'ship.consignment.picked-up', 'ship.consignment.departed'];

export interface FixtureLogOptions {
  readonly origin?: string;
  /** Seed label of the log key (a second log with another label is a different signer). */
  readonly logKeyLabel?: string;
}

export class FixtureLog {
  readonly origin: string;
  readonly logSigner: Ed25519NoteSigner;
  readonly witnesses: readonly CosignatureSigner[];
  readonly envelopes: EventEnvelope[] = [];
  readonly store = new MemoryHashStore();
  private state: TreeState = EMPTY_TREE_STATE;
  private readonly states = new Map<number, TreeState>([[0, EMPTY_TREE_STATE]]);

  constructor(options: FixtureLogOptions = {}) {
    this.origin = options.origin ?? FIXTURE_LOG_ORIGIN;
    this.logSigner = createEd25519NoteSigner(this.origin, seed(options.logKeyLabel ?? 'log'));
    this.witnesses = FIXTURE_WITNESSES.map((name) => createCosignatureSigner(name, seed(`witness:${name}`), () => FIXTURE_COSIGN_TIME));
  }

  get size(): number {
    return this.state.size;
  }

  get logVerifierKey(): string {
    return formatVerifierKey(this.origin, this.logSigner.publicKey);
  }

  witnessVerifierKey(name: string): string {
    const w = this.witness(name);
    return formatVerifierKey(w.name, w.publicKey, SIGNATURE_TYPE_COSIGNATURE_V1);
  }

  witness(name: string): CosignatureSigner {
    const w = this.witnesses.find((x) => x.name === name);
    if (!w) throw new Error(`no fixture witness ${name}`);
    return w;
  }

  /** Appends `count` valid events (cycling through a few types) and returns their envelopes. */
  appendEvents(count: number): EventEnvelope[] {
    const added: EventEnvelope[] = [];
    for (let i = 0; i < count; i++) {
      const type = CYCLE[(this.size + i) % CYCLE.length];
      added.push(buildFixtureEvent(type).envelope);
    }
    this.appendEnvelopes(added);
    return added;
  }

  /** Appends envelopes as they are (valid or not: tests append bad ones on purpose). */
  appendEnvelopes(envelopes: readonly EventEnvelope[]): void {
    // One leaf at a time so the state (and root) of every size stays known.
    for (const envelope of envelopes) {
      const result = appendLeaves(this.state, [entryLeafHash(envelope)]);
      this.store.put(result.nodes);
      this.state = result.state;
      this.states.set(this.state.size, this.state);
      this.envelopes.push(envelope);
    }
  }

  root(size = this.size): Uint8Array {
    return treeRoot(this.stateAt(size));
  }

  stateAt(size: number): TreeState {
    const s = this.states.get(size);
    if (!s) throw new Error(`no recorded tree state at size ${size}`);
    return s;
  }

  /** The checkpoint note text (unsigned body) at a size. */
  checkpointText(size = this.size): string {
    return formatCheckpoint({ origin: this.origin, size, rootHash: this.root(size), extensions: [] });
  }

  /** The log-signed checkpoint, cosigned by the named witnesses (all by default). */
  checkpoint(size = this.size, cosigners: readonly string[] = FIXTURE_WITNESSES): string {
    const text = this.checkpointText(size);
    const signed = signNote(text, [this.logSigner]);
    return signed + cosigners.map((name) => formatSignatureLine(this.witness(name).cosign(text, FIXTURE_COSIGN_TIME))).join('');
  }

  async inclusionProof(index: number, size = this.size): Promise<string[]> {
    return (await generateInclusionProof(this.store, index, size)).map(base64Encode);
  }

  async consistencyProof(from: number, to = this.size): Promise<Uint8Array[]> {
    return generateConsistencyProof(this.store, from, to);
  }

  leafData(index: number): Uint8Array {
    return entryLeafData(this.envelopes[index]);
  }

  trustedKeys(quorum: Quorum = { threshold: 2, required: ['customs-nl.witness'] }): TrustedKeys {
    const submitters = [...new Set(this.envelopes.map((e) => e.submitter)), ...Object.values(FIXTURE_PARTICIPANTS)];
    return {
      log: { origin: this.origin, verifierKeys: [this.logVerifierKey] },
      witnesses: { verifierKeys: this.witnesses.map((w) => this.witnessVerifierKey(w.name)), quorum },
      participants: [...new Set(submitters)].map((id) => {
        const role = (Object.keys(FIXTURE_PARTICIPANTS) as (keyof typeof FIXTURE_PARTICIPANTS)[]).find((r) => FIXTURE_PARTICIPANTS[r] === id);
        const key = fixtureSigningKey(id);
        return {
          id,
          roles: role ? [role] : [],
          status: 'active',
          keys: [{ keyId: key.keyId, publicKey: toBase64Url(key.publicKey), validFrom: FIXTURE_KEY_VALID_FROM, validUntil: null }],
        };
      }),
    };
  }

  trustFile(quorum?: Quorum): TrustFile {
    return { format: TRUST_FILE_FORMAT, ...this.trustedKeys(quorum) };
  }

  /** A proof bundle for entries (inclusion proofs) and optionally a range [from, to). */
  async bundle(indices: readonly number[], options: { range?: { from: number; to: number }; size?: number; cosigners?: readonly string[] } = {}): Promise<ProofBundle> {
    const size = options.size ?? this.size;
    const entries = await Promise.all(
      indices.map(async (index) => ({ index, envelope: { ...this.envelopes[index] } as Record<string, unknown>, inclusionProof: await this.inclusionProof(index, size) })),
    );
    const bundle: ProofBundle = {
      format: PROOF_BUNDLE_FORMAT,
      ...this.trustedKeys(),
      checkpoint: this.checkpoint(size, options.cosigners),
      entries,
    };
    if (!options.range) return bundle;
    const { from, to } = options.range;
    return {
      ...bundle,
      range: {
        from,
        leftFrontier: (await this.store.readNodes(frontierNodeIds(from))).map(base64Encode),
        envelopes: this.envelopes.slice(from, to).map((e) => ({ ...e }) as Record<string, unknown>),
        consistencyProof: (await this.consistencyProof(to, size)).map(base64Encode),
      },
    };
  }
}
