/**
 * In-memory HashReader for tests, benchmarks and small verifiers. The ledger's
 * PostgreSQL store implements the same HashReader over a table keyed by
 * (level, index): append-only rows, written in the same transaction as the
 * entries and the TreeState.
 */
import { fail } from './errors';
import { isHash } from './hash';
import { HashReader } from './proof';
import { NodeId, StoredNode, assertNodeId, nodeKey } from './node-id';
import { bytesEqual } from './bytes';

export class MemoryHashStore implements HashReader {
  private readonly nodes = new Map<string, Uint8Array>();

  get size(): number {
    return this.nodes.size;
  }

  /**
   * Stores nodes. Re-writing a node with the same hash is a no-op (idempotent
   * retries); a different hash for an existing node is refused because stored
   * subtree roots are immutable in an append-only log.
   */
  put(nodes: Iterable<StoredNode>): void {
    for (const n of nodes) {
      assertNodeId(n);
      if (!isHash(n.hash)) fail('invalid-argument', 'node hash must be 32 bytes');
      const key = nodeKey(n);
      const existing = this.nodes.get(key);
      if (existing && !bytesEqual(existing, n.hash)) fail('invalid-argument', `node ${key} already stored with another hash`);
      this.nodes.set(key, n.hash.slice());
    }
  }

  getNode(id: NodeId): Uint8Array | undefined {
    return this.nodes.get(nodeKey(id));
  }

  readNodesSync(ids: readonly NodeId[]): Uint8Array[] {
    return ids.map((id) => {
      const h = this.nodes.get(nodeKey(id));
      if (!h) return fail('missing-hash', `node ${nodeKey(id)} is not stored`);
      return h;
    });
  }

  async readNodes(ids: readonly NodeId[]): Promise<readonly Uint8Array[]> {
    return this.readNodesSync(ids);
  }
}
