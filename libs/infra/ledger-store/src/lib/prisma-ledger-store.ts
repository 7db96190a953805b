// PostgreSQL implementation of the ledger's storage through Prisma. The write path is one
// interactive transaction per batch: advisory append lock → compare-and-swap on the latest
// checkpoint size → sign → bulk inserts (one `INSERT … SELECT FROM unnest(…)` per table, so a
// 2,000-event batch is five statements, not 8,000) → checkpoint row. Reads are single indexed
// queries; proofs read all their O(log n) nodes in one round trip.
import type { PrismaService } from '@borderledger/data';
import { type NodeId, MerkleLogError, decodeTreeState, encodeTreeState } from '@borderledger/merkle-log';
import { inSpan } from '@borderledger/telemetry';
import {
  CheckpointConflictError,
  type CheckpointSigner,
  type CommitBatchInput,
  type CosignatureRecord,
  type CosignatureStore,
  type LedgerEntryRecord,
  type LedgerReader,
  type LedgerWriter,
  type StoredCheckpoint,
} from './ledger-store';

/** Hex text for bytea parameters: arrays of text travel through every driver unchanged. */
const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');

/** PostgreSQL caps one statement at 65,535 bind parameters; unnest keeps us at one per column. */
const INSERT_CHUNK = 5_000;

interface CheckpointRow {
  tree_size: bigint;
  root_hash: Uint8Array;
  note: string;
  tree_state: Uint8Array;
  created_at: Date;
}

interface EntryRow {
  index: bigint;
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

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export class PrismaLedgerStore implements LedgerWriter, LedgerReader, CosignatureStore {
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
    const rows = await this.prisma.$queryRawUnsafe<EntryRow[]>(
      `SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE event_id = ANY($1::uuid[])`,
      [...eventIds],
    );
    return new Map(rows.map((r) => [r.event_id, toEntry(r)]));
  }

  commitBatch(input: CommitBatchInput, sign: CheckpointSigner): Promise<string> {
    const { previousSize, entries, nodes, checkpoint } = input;
    if (checkpoint.size !== previousSize + entries.length) {
      throw new RangeError(`checkpoint size ${checkpoint.size} is not ${previousSize} + ${entries.length} entries`);
    }
    entries.forEach((e, i) => {
      if (e.index !== previousSize + i) throw new RangeError(`entry ${e.eventId} has index ${e.index}, expected ${previousSize + i}`);
    });
    return inSpan(
      'ledger-store.commitBatch',
      () =>
      this.prisma.$transaction(
        async (tx) => {
          // One writer at a time per schema (the lock dies with the transaction), then the CAS: a
          // second instance that kept a stale size finds a larger checkpoint and loses.
          await tx.$queryRawUnsafe(`SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.ledger-append'))) AS lock`);
          const [latest] = await tx.$queryRawUnsafe<{ size: bigint }[]>(
            `SELECT coalesce(max(tree_size), 0) AS size FROM ledger_checkpoints`,
          );
          const actual = Number(latest.size);
          if (actual !== previousSize) throw new CheckpointConflictError(previousSize, actual);
          const note = sign(checkpoint.text);

          for (const part of chunks(entries, INSERT_CHUNK)) {
            await tx.$executeRawUnsafe(
              `INSERT INTO ledger_entries (index, event_id, event_type, consignment_ref, submitter, key_id, envelope, leaf_hash)
               SELECT i::bigint, e::uuid, t, c, s, k, decode(v, 'hex'), decode(h, 'hex')
               FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
                 AS x(i, e, t, c, s, k, v, h)`,
              part.map((e) => String(e.index)),
              part.map((e) => e.eventId),
              part.map((e) => e.eventType),
              part.map((e) => e.consignmentRef),
              part.map((e) => e.submitter),
              part.map((e) => e.keyId),
              part.map((e) => hex(e.envelope)),
              part.map((e) => hex(e.leafHash)),
            );
            await tx.$executeRawUnsafe(
              `INSERT INTO event_payloads (event_id, opening)
               SELECT e::uuid, o::jsonb FROM unnest($1::text[], $2::text[]) AS x(e, o)`,
              part.map((e) => e.eventId),
              part.map((e) => JSON.stringify(e.opening)),
            );
          }
          for (const part of chunks(nodes, INSERT_CHUNK)) {
            await tx.$executeRawUnsafe(
              `INSERT INTO ledger_tree_nodes (level, index, hash)
               SELECT l, i::bigint, decode(h, 'hex') FROM unnest($1::int[], $2::text[], $3::text[]) AS x(l, i, h)`,
              part.map((n) => n.level),
              part.map((n) => String(n.index)),
              part.map((n) => hex(n.hash)),
            );
          }
          await tx.$executeRawUnsafe(
            `INSERT INTO ledger_checkpoints (tree_size, root_hash, note, tree_state)
             VALUES ($1::bigint, decode($2, 'hex'), $3, decode($4, 'hex'))`,
            String(checkpoint.size),
            hex(checkpoint.rootHash),
            note,
            hex(encodeTreeState(checkpoint.treeState)),
          );
          return note;
        },
        // A large batch on a busy machine can take seconds; never let Prisma's 5 s default abort it.
        { maxWait: 30_000, timeout: 120_000 },
      ),
      { attributes: { 'ledger.entries': entries.length, 'ledger.tree_size': checkpoint.size } },
    );
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
