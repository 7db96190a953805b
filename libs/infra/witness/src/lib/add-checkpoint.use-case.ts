/**
 * add-checkpoint as a Borderledger witness runs it: the C2SP tlog-witness rules (merkle-log's
 * decideAddCheckpoint), then the entries the checkpoint adds are read from the ledger and
 * re-validated, then the new state is saved by compare-and-swap, and only then cosigned.
 *
 * Order matters: nothing is cosigned before the save succeeds, the save only succeeds if the
 * stored size is still the one the decision was made against, and an equivocation found at any
 * point is recorded as evidence, logged at error level and counted before the refusal.
 */
import type { Ed25519Verifier, RegistrySnapshot } from '@borderledger/entry-validation';
import {
  type AddCheckpointOutcome,
  type CosignatureSigner,
  type SubmittedCheckpoint,
  type WitnessLogConfig,
  type WitnessRecord,
  type WitnessStateStore,
  bytesEqual,
  decideAddCheckpoint,
  formatSignatureLine,
  peekCheckpoint,
} from '@borderledger/merkle-log';
import { type ExtensionVerdict, LogExtensionChecker } from '@borderledger/verifier';
import type { Logger } from 'pino';
import type { AddCheckpointCommand } from './add-checkpoint.command';
import { LedgerUnavailableError, type LedgerEntrySource } from './ledger-entry-source';
import type { WitnessEvidenceStore } from './prisma-witness-state.store';
import type { WitnessMetrics } from './witness-metrics';

export type WitnessOutcome =
  | AddCheckpointOutcome
  | { readonly kind: 'invalid-entries'; readonly verdict: Extract<ExtensionVerdict, { ok: false }>; readonly submitted: SubmittedCheckpoint }
  | { readonly kind: 'ledger-unavailable'; readonly reason: string };

export interface RegistryProvider {
  current(): Promise<RegistrySnapshot>;
  /** Reloads (rate-limited); true when it did. */
  refresh(): Promise<boolean>;
}

export interface AddCheckpointDependencies {
  readonly cosigner: CosignatureSigner;
  readonly logs: readonly WitnessLogConfig[];
  readonly store: WitnessStateStore & WitnessEvidenceStore;
  readonly entries: LedgerEntrySource;
  readonly registry: RegistryProvider;
  readonly verifySignature?: Ed25519Verifier;
  readonly metrics: WitnessMetrics;
  readonly logger: Logger;
  /** POSIX seconds for cosignature timestamps. */
  readonly clock?: () => number;
  /** Entries read and checked per round trip (a multiple of 256 keeps bundles whole). */
  readonly chunkSize?: number;
}

const DEFAULT_CHUNK = 4096;

export class AddCheckpointUseCase {
  constructor(private readonly deps: AddCheckpointDependencies) {}

  async execute(command: AddCheckpointCommand): Promise<WitnessOutcome> {
    const started = performance.now();
    const outcome = await this.decide(command);
    const seconds = (performance.now() - started) / 1000;
    this.deps.metrics.requests.add(1, { outcome: outcome.kind });
    this.deps.metrics.duration.record(seconds, { outcome: outcome.kind });
    return outcome;
  }

  private async decide(command: AddCheckpointCommand): Promise<WitnessOutcome> {
    const { logs, store, logger } = this.deps;
    const known = logs.some((l) => l.origin === command.origin);
    const latest = known ? await store.get(command.origin) : undefined;
    const decision = decideAddCheckpoint(command.request, logs, latest);
    switch (decision.kind) {
      case 'accept':
        break;
      case 'equivocation':
        await this.reportEquivocation(decision.latest, decision.submitted.checkpointNote);
        return decision;
      case 'invalid-proof':
        // tlog-witness: the request MAY be logged, as it might prove log misbehaviour.
        logger.warn(
          { origin: command.origin, oldSize: command.request.oldSize, size: decision.submitted.checkpoint.size, checkpoint: decision.submitted.checkpointNote },
          'refused a log-signed checkpoint whose consistency proof does not verify',
        );
        return decision;
      default:
        return decision;
    }

    const oldSize = latest?.size ?? 0;
    const next = decision.next;
    const submitted: SubmittedCheckpoint = { checkpoint: peekCheckpoint(next.checkpointNote).checkpoint, checkpointNote: next.checkpointNote };
    const verdict = await this.revalidate(oldSize, latest?.rootHash, next, command.request.proof);
    if ('kind' in verdict) return verdict;
    if (!verdict.ok) {
      logger.error(
        { origin: command.origin, oldSize, size: next.size, code: verdict.code, entryIndex: verdict.entryIndex, reason: verdict.reason },
        'refused to cosign: the ledger committed entries this witness does not accept',
      );
      return { kind: 'invalid-entries', verdict, submitted };
    }

    if (!(await store.compareAndSwap(command.origin, oldSize, next))) {
      // Another request moved the state since the decision: answer from what is stored now.
      const current = await store.get(command.origin);
      const currentSize = current?.size ?? 0;
      if (current && current.size === next.size && !bytesEqual(current.rootHash, next.rootHash)) {
        await this.reportEquivocation(current, next.checkpointNote);
        return { kind: 'equivocation', latest: current, submitted };
      }
      return { kind: 'conflict', latestSize: currentSize, rollback: next.size < currentSize };
    }
    const timestamp = (this.deps.clock ?? (() => Math.floor(Date.now() / 1000)))();
    const signatureLines = formatSignatureLine(this.deps.cosigner.cosign(decision.checkpointText, timestamp));
    logger.info({ origin: command.origin, oldSize, size: next.size, entries: next.size - oldSize }, 'cosigned checkpoint');
    return { kind: 'cosigned', record: next, signatureLines };
  }

  /** Reads [oldSize, next.size) from the ledger in chunks and checks them; one registry refresh on an unknown key or submitter. */
  private async revalidate(
    oldSize: number,
    oldRoot: Uint8Array | undefined,
    next: WitnessRecord,
    proof: readonly Uint8Array[],
  ): Promise<ExtensionVerdict | { kind: 'ledger-unavailable'; reason: string }> {
    let registry = await this.deps.registry.current();
    for (let attempt = 0; ; attempt++) {
      let verdict: ExtensionVerdict;
      try {
        verdict = await this.check(oldSize, oldRoot, next, proof, registry);
      } catch (e) {
        if (e instanceof LedgerUnavailableError) {
          this.deps.logger.warn({ origin: next.origin, reason: e.message }, 'could not read the entries to re-validate; not cosigning now');
          return { kind: 'ledger-unavailable', reason: e.message };
        }
        throw e;
      }
      const mayBeNew = !verdict.ok && (verdict.code === 'unknown-key' || verdict.code === 'unknown-submitter');
      if (!mayBeNew || attempt > 0 || !(await this.deps.registry.refresh())) return verdict;
      registry = await this.deps.registry.current();
    }
  }

  private async check(oldSize: number, oldRoot: Uint8Array | undefined, next: WitnessRecord, proof: readonly Uint8Array[], registry: RegistrySnapshot): Promise<ExtensionVerdict> {
    const checker = new LogExtensionChecker(
      { oldSize, oldRoot, newSize: next.size, newRoot: next.rootHash, consistencyProof: proof },
      registry,
      {
        ...(this.deps.verifySignature ? { verifySignature: this.deps.verifySignature } : {}),
        onProgress: (n) => this.deps.metrics.entriesValidated.add(n),
      },
    );
    const chunk = this.deps.chunkSize ?? DEFAULT_CHUNK;
    for (let from = oldSize; from < next.size; from += chunk) {
      const to = Math.min(next.size, from + chunk);
      // A proof that does not fit the old root fails before any read.
      const early = checker.add([]);
      if (early) return early;
      const failed = checker.add(await this.deps.entries.readEntries(from, to));
      if (failed) return failed;
    }
    return checker.finish();
  }

  private async reportEquivocation(known: WitnessRecord, offeredNote: string): Promise<void> {
    const fresh = await this.deps.store.reportEquivocation({ origin: known.origin, treeSize: known.size, knownNote: known.checkpointNote, offeredNote });
    this.deps.metrics.equivocations.add(1, { origin: known.origin });
    this.deps.logger.error(
      { alert: 'equivocation', origin: known.origin, treeSize: known.size, knownCheckpoint: known.checkpointNote, offeredCheckpoint: offeredNote, firstReport: fresh },
      'EQUIVOCATION: the log signed two different checkpoints of one size; refused and recorded as evidence',
    );
  }
}
