// The sequencer's in-memory view of the log: the tree state after the last commit. Loaded from
// the latest checkpoint at start-up and advanced only after a database commit succeeded, so a
// failed transaction leaves it where the database is.
import type { LedgerWriter, StoredCheckpoint } from '@borderledger/ledger-store';
import { EMPTY_TREE_STATE, type TreeState } from '@borderledger/merkle-log';

export class LedgerHead {
  private current: TreeState = EMPTY_TREE_STATE;
  private latestNote: string | undefined;

  get state(): TreeState {
    return this.current;
  }

  get size(): number {
    return this.current.size;
  }

  /** The signed note of the latest checkpoint (log signature only); undefined for an empty log. */
  get note(): string | undefined {
    return this.latestNote;
  }

  async load(store: Pick<LedgerWriter, 'latestCheckpoint'>): Promise<StoredCheckpoint | undefined> {
    const latest = await store.latestCheckpoint();
    this.current = latest ? latest.treeState : EMPTY_TREE_STATE;
    this.latestNote = latest?.note;
    return latest;
  }

  advance(state: TreeState, note: string): void {
    if (state.size < this.current.size) throw new RangeError(`the log cannot shrink from ${this.current.size} to ${state.size}`);
    this.current = state;
    this.latestNote = note;
  }
}
