/**
 * What a Borderledger witness checks beyond the tlog-witness protocol before it cosigns: the
 * entries a checkpoint adds. The consistency proof shows the log stayed append-only; the entries
 * show what it appended — they must hash to the new root from the old one, be canonical
 * envelopes, and each pass the ledger's own admission rules (schema, signature by the
 * submitter's key valid at signing time, the submitter's right to the event type).
 */
import {
  type Ed25519Verifier,
  type EntryValidationOptions,
  type RegistrySnapshot,
  type RejectionCode,
  createMemoizedVerifier,
  validateEnvelopeForLedger,
} from '@borderledger/entry-validation';
import { InclusionPathMemo, canonicalBytes } from '@borderledger/events';
import {
  EMPTY_TREE_STATE,
  type TreeState,
  appendLeaves,
  bytesEqual,
  ed25519Verify,
  emptyRoot,
  leafHash,
  treeRoot,
  treeStateFromFrontier,
  utf8Decode,
} from '@borderledger/merkle-log';
import { frontierFromConsistencyProof, verifyAppendedLeaves } from './append';

export interface LogExtension {
  readonly oldSize: number;
  /** The root the checker trusts for oldSize (undefined for 0). */
  readonly oldRoot: Uint8Array | undefined;
  readonly newSize: number;
  readonly newRoot: Uint8Array;
  readonly consistencyProof: readonly Uint8Array[];
  /** Leaf data of entries [oldSize, newSize): the envelopes' RFC 8785 bytes. */
  readonly entries: readonly Uint8Array[];
}

export type ExtensionFailureCode = 'entries-do-not-match-root' | 'envelope-not-canonical' | 'duplicate-event-id' | RejectionCode;

export type ExtensionVerdict =
  | { readonly ok: true; readonly entries: number }
  | { readonly ok: false; readonly code: ExtensionFailureCode; readonly reason: string; readonly entryIndex?: number };

export interface LogExtensionOptions {
  readonly verifySignature?: Ed25519Verifier;
  /** Called with the number of entries each chunk added (progress, metrics). */
  readonly onProgress?: (entries: number) => void;
}

/**
 * The registry as a checker of past entries sees it: participant status has no history, so a
 * participant suspended after it signed does not make its earlier entries invalid. Key validity
 * windows carry the history that matters and stay checked.
 */
export function historicalRegistryView(registry: RegistrySnapshot): RegistrySnapshot {
  return {
    participant: (id) => {
      const p = registry.participant(id);
      return p && { ...p, status: 'active' };
    },
    key: (keyId) => registry.key(keyId),
    ...(registry.mayEmit ? { mayEmit: registry.mayEmit.bind(registry) } : {}),
  };
}

/**
 * The same check, fed in chunks so a witness joining a long log never holds all of it: the old
 * tree's frontier comes out of the consistency proof, each chunk of entries is validated and
 * appended, and finish() compares the recomputed root with the new checkpoint's.
 */
export class LogExtensionChecker {
  private state: TreeState | undefined;
  private failure: ExtensionVerdict | undefined;
  private readonly seen = new Set<string>();
  private readonly view: RegistrySnapshot;
  /** Batch-signed entries share a signature and upper path hashes: each is checked once. */
  private readonly validation: EntryValidationOptions;

  constructor(
    private readonly extension: Omit<LogExtension, 'entries'>,
    registry: RegistrySnapshot,
    private readonly options: LogExtensionOptions = {},
  ) {
    this.view = historicalRegistryView(registry);
    this.validation = { verifySignature: createMemoizedVerifier(options.verifySignature ?? ed25519Verify), batchPaths: new InclusionPathMemo() };
    const { oldSize, newSize, oldRoot, newRoot, consistencyProof } = extension;
    if (oldSize === newSize) {
      const same = consistencyProof.length === 0 && (oldSize === 0 ? bytesEqual(newRoot, emptyRoot()) : !!oldRoot && bytesEqual(oldRoot, newRoot));
      if (!same) this.failure = { ok: false, code: 'entries-do-not-match-root', reason: `two different roots for size ${oldSize}` };
      this.state = same ? { size: oldSize, frontier: [] } : undefined;
      return;
    }
    const frontier = frontierFromConsistencyProof(oldSize, newSize, oldRoot, consistencyProof);
    if (!frontier) {
      this.failure = {
        ok: false,
        code: 'entries-do-not-match-root',
        reason: `the consistency proof from ${oldSize} to ${newSize} does not carry the old tree's subtrees (or they do not hash to the old root)`,
      };
      return;
    }
    this.state = oldSize === 0 ? EMPTY_TREE_STATE : treeStateFromFrontier(oldSize, frontier);
  }

  /** Index of the next entry expected. */
  get next(): number {
    return this.state?.size ?? this.extension.oldSize;
  }

  /** Validates and appends the next entries; returns the failure once there is one. */
  add(entries: readonly Uint8Array[]): ExtensionVerdict | undefined {
    if (this.failure || !this.state) return this.failure;
    if (this.state.size + entries.length > this.extension.newSize) {
      return (this.failure = { ok: false, code: 'entries-do-not-match-root', reason: `more entries than the ${this.extension.newSize - this.extension.oldSize} the checkpoint adds` });
    }
    for (let i = 0; i < entries.length; i++) {
      const problem = this.checkEnvelope(this.state.size + i, entries[i]);
      if (problem) return (this.failure = problem);
    }
    this.state = appendLeaves(this.state, entries.map((e) => leafHash(e))).state;
    if (this.options.onProgress) this.options.onProgress(entries.length);
    return undefined;
  }

  finish(): ExtensionVerdict {
    if (this.failure || !this.state) return this.failure as ExtensionVerdict;
    const { oldSize, newSize, newRoot } = this.extension;
    if (this.state.size !== newSize) {
      return { ok: false, code: 'entries-do-not-match-root', reason: `expected ${newSize - oldSize} entries for sizes ${oldSize}..${newSize}, got ${this.state.size - oldSize}` };
    }
    if (oldSize !== newSize && !bytesEqual(treeRoot(this.state), newRoot)) {
      return { ok: false, code: 'entries-do-not-match-root', reason: `the entries ${oldSize}..${newSize - 1} do not hash to the root of the checkpoint of size ${newSize}` };
    }
    return { ok: true, entries: newSize - oldSize };
  }

  private checkEnvelope(index: number, bytes: Uint8Array): ExtensionVerdict | undefined {
    let envelope: unknown;
    try {
      envelope = JSON.parse(utf8Decode(bytes));
    } catch {
      return { ok: false, code: 'envelope-not-canonical', entryIndex: index, reason: `entry ${index} is not UTF-8 JSON` };
    }
    let canonical: Uint8Array;
    try {
      canonical = canonicalBytes(envelope);
    } catch {
      return { ok: false, code: 'envelope-not-canonical', entryIndex: index, reason: `entry ${index} is not canonicalisable JSON` };
    }
    if (!bytesEqual(canonical, bytes)) {
      return { ok: false, code: 'envelope-not-canonical', entryIndex: index, reason: `entry ${index} is not in RFC 8785 canonical form` };
    }
    const result = validateEnvelopeForLedger(envelope, this.view, this.validation);
    if (!result.ok) return { ok: false, code: result.rejection.code, entryIndex: index, reason: `entry ${index}: ${result.rejection.reason}` };
    const eventId = result.value.envelope.eventId;
    if (this.seen.has(eventId)) return { ok: false, code: 'duplicate-event-id', entryIndex: index, reason: `entry ${index} repeats event ${eventId}` };
    this.seen.add(eventId);
    return undefined;
  }
}

/**
 * All at once. The root is checked before any envelope, so entries that are not the ones the
 * checkpoint commits to are named as such, not as a bad signature.
 */
export function verifyLogExtension(extension: LogExtension, registry: RegistrySnapshot, options: LogExtensionOptions = {}): ExtensionVerdict {
  const { oldSize, newSize, entries } = extension;
  const shape = verifyAppendedLeaves({
    oldSize,
    oldRoot: extension.oldRoot,
    newSize,
    newRoot: extension.newRoot,
    consistencyProof: extension.consistencyProof,
    leafHashes: entries.map((e) => leafHash(e)),
  });
  if (!shape.ok) return { ok: false, code: 'entries-do-not-match-root', reason: shape.reason };
  const checker = new LogExtensionChecker(extension, registry, options);
  return checker.add(entries) ?? checker.finish();
}
