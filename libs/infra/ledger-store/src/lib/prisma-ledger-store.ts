// PostgreSQL implementation of the ledger's storage. The write path is appendBatch
// (prisma-batch-append.ts): one transaction per batch — advisory append lock → compare-and-swap on
// the latest checkpoint size → sign → one INSERT for entries, payloads, tree nodes and checkpoint.
// Reads are single indexed queries; a proof answer (entry, its O(log n) nodes, the checkpoint's cosignatures) is one
// statement and one round trip, and node hashes come back as one concatenated bytea, not a row each.
import type { PrismaService } from '@borderledger/data';
import { HASH_SIZE, type NodeId, MerkleLogError, decodeTreeState } from '@borderledger/merkle-log';
import { inSpan } from '@borderledger/telemetry';
import { appendBatch } from './prisma-batch-append';
import {
  type CheckpointSigner,
  type CommitBatchInput,
  type CosignatureRecord,
  type CosignatureStore,
  type LedgerEntryRecord,
  type LedgerReader,
  type LedgerWriter,
  type ProofParts,
  type ProofPartsReader,
  type ProofPartsRequest,
  type StoredCheckpoint,
} from './ledger-store';

interface CheckpointRow {
  tree_size: bigint;
  root_hash: Uint8Array;
  note: string;
  tree_state: Uint8Array;
  created_at: Date;
}

interface EntryRow {
  /** int8: a bigint through Prisma, text through pg. */
  index: bigint | string;
  event_id: string;
  event_type: string;
  consignment_ref: string | null;
  submitter: string;
  key_id: string;
  envelope: Uint8Array;
  leaf_hash: Uint8Array;
  committed_at: Date;
}

function toCheckpoint(row: CheckpointRow): StoredCheckpoint {
  return {
    size: Number(row.tree_size),
    rootHash: new Uint8Array(row.root_hash),
    note: row.note,
    treeState: decodeTreeState(new Uint8Array(row.tree_state)),
    createdAt: row.created_at,
  };
}

function toEntry(row: EntryRow): LedgerEntryRecord {
  return {
    index: Number(row.index),
    eventId: row.event_id,
    eventType: row.event_type,
    consignmentRef: row.consignment_ref,
    submitter: row.submitter,
    keyId: row.key_id,
    envelope: new Uint8Array(row.envelope),
    leafHash: new Uint8Array(row.leaf_hash),
    committedAt: row.committed_at,
  };
}

const ENTRY_COLUMNS = 'index, event_id::text AS event_id, event_type, consignment_ref, submitter, key_id, envelope, leaf_hash, committed_at';
const CHECKPOINT_COLUMNS = 'tree_size, root_hash, note, tree_state, created_at';

const FIND_BY_EVENT_IDS = { name: 'ledger-store.find-by-event-ids', text: `SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE event_id = ANY($1::uuid[])` };

/**
 * Node hashes of a proof or tile as one value: `hashes` is their concatenation in request order,
 * `found` how many nodes matched, `exact` whether every stored hash is 32 bytes. One row of three
 * values costs a fraction of the driver's per-row work for 20 (proof) or 256 (tile) rows.
 */
interface NodeRunRow {
  hashes: Uint8Array | null;
  /** count(*): int8, which pg hands over as text. */
  found: string;
  exact: boolean | null;
}

type ProofPartsRow = NodeRunRow & { [K in keyof EntryRow]: EntryRow[K] | null } & { cosignature_lines: string[] };

const NODE_RUN_COLUMNS = `string_agg(n.hash, ''::bytea ORDER BY q.ord) AS hashes, count(*) AS found, bool_and(octet_length(n.hash) = 32) AS exact`;

/** Nodes $1 (levels) / $2 (indexes), in that order. */
const NODES_BY_ID = `FROM unnest($1::int[], $2::bigint[]) WITH ORDINALITY AS q(level, index, ord)
  JOIN ledger_tree_nodes n ON n.level = q.level AND n.index = q.index`;

/**
 * The reads behind every inclusion proof, consistency proof and tile, as named statements on the
 * pg pool under Prisma rather than through $queryRawUnsafe: PostgreSQL then parses and plans each
 * once per connection instead of on every request (Prisma's adapter sends unnamed statements),
 * and Prisma's per-query work is skipped. Measured at 10^6 entries on 2 cores: the database CPU
 * per proof request halves (~400 → ~200 µs) and each request gets ~0.2 ms faster.
 */
const READ_NODES = { name: 'ledger-store.read-nodes', text: `SELECT ${NODE_RUN_COLUMNS} ${NODES_BY_ID}` };

/** Always one row: the entry columns are null when the entry is absent or was not asked for ($3 null). */
const READ_PROOF_PARTS = {
  name: 'ledger-store.read-proof-parts',
  text: `SELECT e.index, e.event_id::text AS event_id, e.event_type, e.consignment_ref, e.submitter, e.key_id, e.envelope, e.leaf_hash, e.committed_at,
                p.hashes, p.found, p.exact, c.cosignature_lines
         FROM (SELECT ${NODE_RUN_COLUMNS} ${NODES_BY_ID}) AS p
         CROSS JOIN (SELECT coalesce(array_agg(signature_line ORDER BY witness), '{}') AS cosignature_lines
                     FROM checkpoint_cosignatures WHERE tree_size = $4::bigint) AS c
         LEFT JOIN ledger_entries e ON e.index = $3::bigint`,
};

const READ_NODE_RUN = {
  name: 'ledger-store.read-node-run',
  text: `SELECT string_agg(hash, ''::bytea ORDER BY index) AS hashes, count(*) AS found, bool_and(octet_length(hash) = 32) AS exact
         FROM ledger_tree_nodes WHERE level = $1 AND index >= $2::bigint AND index < $3::bigint`,
};

/** Splits a node run into plain Uint8Array views (no copies), or undefined when it is not exactly `count` hashes. */
function splitRun(row: NodeRunRow | undefined, count: number): Uint8Array[] | undefined {
  if (count === 0) return [];
  if (!row?.hashes || Number(row.found) !== count || row.exact !== true || row.hashes.byteLength !== count * HASH_SIZE) return undefined;
  const { buffer, byteOffset } = row.hashes;
  return Array.from({ length: count }, (_, i) => new Uint8Array(buffer, byteOffset + i * HASH_SIZE, HASH_SIZE));
}

export class PrismaLedgerStore implements LedgerWriter, LedgerReader, CosignatureStore, ProofPartsReader {
  constructor(private readonly prisma: PrismaService) {}

  // ─── write path ──────────────────────────────────────────────────────────────────────

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    const rows = await this.prisma.$queryRawUnsafe<CheckpointRow[]>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT 1`,
    );
    return rows[0] ? toCheckpoint(rows[0]) : undefined;
  }

  async findByEventIds(eventIds: readonly string[]): Promise<Map<string, LedgerEntryRecord>> {
    if (eventIds.length === 0) return new Map();
    // On the write path, once per batch: a named statement on the pool, like the proof reads.
    const { rows } = await this.prisma.pool.query<EntryRow>({ ...FIND_BY_EVENT_IDS, values: [[...eventIds]] });
    return new Map(rows.map((r) => [r.event_id, toEntry(r)]));
  }

  /**
   * The newest committed entries of one event type with their payload openings, newest first
   * (the ledger reads governance decisions at boot: a backwards scan that stops after `limit`).
   */
  async recentOpeningsOf(eventType: string, limit: number): Promise<{ index: number; eventType: string; opening: unknown }[]> {
    const rows = await this.prisma.$queryRawUnsafe<{ index: bigint; opening: unknown }[]>(
      `SELECT e.index, p.opening FROM ledger_entries e JOIN event_payloads p ON p.event_id = e.event_id
       WHERE e.event_type = $1 ORDER BY e.index DESC LIMIT $2`,
      eventType,
      limit,
    );
    return rows.map((r) => ({ index: Number(r.index), eventType, opening: r.opening }));
  }

  commitBatch(input: CommitBatchInput, sign: CheckpointSigner): Promise<string> {
    return inSpan('ledger-store.commitBatch', () => appendBatch(this.prisma.pool, input, sign), {
      attributes: { 'ledger.entries': input.entries.length, 'ledger.tree_size': input.checkpoint.size },
    });
  }

  /**
   * Rewrite privileges the current database role holds on ledger tables, e.g. "ledger_entries:
   * UPDATE". Empty when the service runs as the append-only role; the ledger refuses to start
   * otherwise when LEDGER_DB_ROLE is set.
   */
  async rewritePrivileges(): Promise<string[]> {
    const rows = await this.prisma.$queryRawUnsafe<{ grant: string }[]>(
      `SELECT t || ': ' || p AS grant
       FROM unnest(ARRAY['ledger_entries', 'event_payloads', 'ledger_tree_nodes', 'ledger_checkpoints', 'checkpoint_cosignatures']) AS t,
            unnest(ARRAY['UPDATE', 'DELETE', 'TRUNCATE']) AS p
       WHERE has_table_privilege(t, p)`,
    );
    return rows.map((r) => r.grant);
  }

  // ─── read path ───────────────────────────────────────────────────────────────────────

  async readNodes(ids: readonly NodeId[]): Promise<readonly Uint8Array[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.prisma.pool.query<NodeRunRow>({ ...READ_NODES, values: [ids.map((id) => id.level), ids.map((id) => id.index)] });
    return splitRun(rows[0], ids.length) ?? this.readNodesByRow(ids);
  }

  /** One round trip for a whole proof answer: the entry, the proof's nodes and the checkpoint's cosignature lines. */
  async readProofParts(request: ProofPartsRequest): Promise<ProofParts> {
    const { entryIndex, nodeIds, cosignaturesOf } = request;
    const { rows } = await this.prisma.pool.query<ProofPartsRow>({
      ...READ_PROOF_PARTS,
      values: [nodeIds.map((id) => id.level), nodeIds.map((id) => id.index), entryIndex ?? null, cosignaturesOf ?? null],
    });
    const row = rows[0];
    const hashes = splitRun(row, nodeIds.length) ?? (await this.readNodesByRow(nodeIds));
    return {
      ...(row?.index !== null && row?.index !== undefined ? { entry: toEntry(row as EntryRow) } : {}),
      hashes,
      cosignatureLines: row?.cosignature_lines ?? [],
    };
  }

  /** A tile's nodes by a range scan of the primary key rather than `count` key lookups. */
  async readNodeRun(level: number, start: number, count: number): Promise<readonly Uint8Array[]> {
    if (count === 0) return [];
    const { rows } = await this.prisma.pool.query<NodeRunRow>({ ...READ_NODE_RUN, values: [level, start, start + count] });
    return splitRun(rows[0], count) ?? this.readNodesByRow(Array.from({ length: count }, (_, i) => ({ level, index: start + i })));
  }

  /**
   * Row by row, naming the first missing node: the slow path, taken only when a fast read did
   * not find exactly what it asked for (a gap in the node table, or a hash of the wrong length,
   * which the proof builder then refuses).
   */
  private async readNodesByRow(ids: readonly NodeId[]): Promise<readonly Uint8Array[]> {
    if (ids.length === 0) return [];
    const rows = await this.prisma.$queryRawUnsafe<{ level: number; index: bigint; hash: Uint8Array }[]>(
      `SELECT n.level, n.index, n.hash FROM ledger_tree_nodes n
       JOIN unnest($1::int[], $2::bigint[]) AS q(level, index) ON n.level = q.level AND n.index = q.index`,
      ids.map((id) => id.level),
      ids.map((id) => String(id.index)),
    );
    const found = new Map(rows.map((r) => [`${r.level}/${r.index}`, new Uint8Array(r.hash)]));
    return ids.map((id) => {
      const hash = found.get(`${id.level}/${id.index}`);
      if (!hash) throw new MerkleLogError('missing-hash', `tree node (${id.level}, ${id.index}) is not stored`);
      return hash;
    });
  }

  async checkpointAt(size: number): Promise<StoredCheckpoint | undefined> {
    const rows = await this.prisma.$queryRawUnsafe<CheckpointRow[]>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM ledger_checkpoints WHERE tree_size = $1::bigint`,
      String(size),
    );
    return rows[0] ? toCheckpoint(rows[0]) : undefined;
  }

  async recentCheckpoints(limit: number): Promise<StoredCheckpoint[]> {
    const rows = await this.prisma.$queryRawUnsafe<CheckpointRow[]>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM ledger_checkpoints ORDER BY tree_size DESC LIMIT $1`,
      limit,
    );
    return rows.map(toCheckpoint);
  }

  async entryByIndex(index: number): Promise<LedgerEntryRecord | undefined> {
    const rows = await this.prisma.$queryRawUnsafe<EntryRow[]>(`SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE index = $1::bigint`, String(index));
    return rows[0] ? toEntry(rows[0]) : undefined;
  }

  async entryByEventId(eventId: string): Promise<LedgerEntryRecord | undefined> {
    const rows = await this.prisma.$queryRawUnsafe<EntryRow[]>(`SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE event_id = $1::uuid`, eventId);
    return rows[0] ? toEntry(rows[0]) : undefined;
  }

  async entriesByConsignment(consignmentRef: string, afterIndex: number, limit: number): Promise<LedgerEntryRecord[]> {
    const rows = await this.prisma.$queryRawUnsafe<EntryRow[]>(
      `SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE consignment_ref = $1 AND index > $2::bigint ORDER BY index LIMIT $3`,
      consignmentRef,
      String(afterIndex),
      limit,
    );
    return rows.map(toEntry);
  }

  async envelopesInRange(start: number, end: number): Promise<Uint8Array[]> {
    const rows = await this.prisma.$queryRawUnsafe<{ index: bigint; envelope: Uint8Array }[]>(
      `SELECT index, envelope FROM ledger_entries WHERE index >= $1::bigint AND index < $2::bigint ORDER BY index`,
      String(start),
      String(end),
    );
    if (rows.length !== end - start) throw new MerkleLogError('missing-hash', `entries [${start}, ${end}) are not all stored`);
    return rows.map((r) => new Uint8Array(r.envelope));
  }

  // ─── cosignatures ────────────────────────────────────────────────────────────────────

  async addCosignature(record: CosignatureRecord): Promise<void> {
    await this.prisma.$executeRawUnsafe(
      `INSERT INTO checkpoint_cosignatures (tree_size, witness, signature_line, timestamp)
       VALUES ($1::bigint, $2, $3, $4::bigint) ON CONFLICT (tree_size, witness) DO NOTHING`,
      String(record.treeSize),
      record.witness,
      record.signatureLine,
      String(record.timestamp),
    );
  }

  async cosignaturesAt(treeSize: number): Promise<CosignatureRecord[]> {
    const rows = await this.prisma.$queryRawUnsafe<{ tree_size: bigint; witness: string; signature_line: string; timestamp: bigint }[]>(
      `SELECT tree_size, witness, signature_line, timestamp FROM checkpoint_cosignatures WHERE tree_size = $1::bigint ORDER BY witness`,
      String(treeSize),
    );
    return rows.map((r) => ({ treeSize: Number(r.tree_size), witness: r.witness, signatureLine: r.signature_line, timestamp: Number(r.timestamp) }));
  }

  async sizesWithCosignatures(minCount: number, limit: number): Promise<number[]> {
    const rows = await this.prisma.$queryRawUnsafe<{ tree_size: bigint }[]>(
      `SELECT tree_size FROM checkpoint_cosignatures GROUP BY tree_size HAVING count(*) >= $1 ORDER BY tree_size DESC LIMIT $2`,
      minCount,
      limit,
    );
    return rows.map((r) => Number(r.tree_size));
  }

  async latestCosignedSizes(): Promise<Map<string, number>> {
    const rows = await this.prisma.$queryRawUnsafe<{ witness: string; size: bigint }[]>(
      `SELECT witness, max(tree_size) AS size FROM checkpoint_cosignatures GROUP BY witness`,
    );
    return new Map(rows.map((r) => [r.witness, Number(r.size)]));
  }
}
