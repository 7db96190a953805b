// The ledger's write transaction, built for throughput: four round trips whatever the batch size
// (advisory lock, compare-and-swap read, one statement that inserts entries, payloads, tree nodes
// and the checkpoint, COMMIT). Byte columns travel as one binary blob per column, cut apart in
// SQL by offset, instead of one hex string per row in an array literal: the hex encoding, the
// array escaping and PostgreSQL's parsing of both were a sixth of the commit path's CPU. Number
// columns travel as one comma-separated text each, for the same reason (pg quotes and escapes
// every element of a JavaScript array it sends).
import type pg from 'pg';
import { encodeTreeState } from '@borderledger/merkle-log';
import { CheckpointConflictError, type CheckpointSigner, type CommitBatchInput } from './ledger-store';

/** Many byte strings as one: the blob and where each part starts (0-based) and how long it is. */
export function packBytes(parts: readonly Uint8Array[]): { blob: Uint8Array; offsets: number[]; lengths: number[] } {
  let total = 0;
  for (const part of parts) total += part.length;
  const blob = new Uint8Array(total);
  const offsets: number[] = new Array(parts.length);
  const lengths: number[] = new Array(parts.length);
  let at = 0;
  parts.forEach((part, i) => {
    blob.set(part, at);
    offsets[i] = at;
    lengths[i] = part.length;
    at += part.length;
  });
  return { blob, offsets, lengths };
}

/** Separates the values of a text column sent as one parameter (see packTexts). */
const UNIT_SEPARATOR = '\u001f';

/**
 * Many short texts as one parameter, split in SQL with string_to_array: pg's escaping of text[]
 * literals, and PostgreSQL's parsing of them, cost more per row than the split. Empty string
 * stands for null (no column sent this way may be empty; a lone '' splits into no element, and
 * unnest pads the shorter array with null, so that case reads back as null too). Refuses a value
 * holding the separator.
 */
export function packTexts(values: readonly (string | null)[]): string {
  for (const value of values) {
    if (value !== null && (value.length === 0 || value.includes(UNIT_SEPARATOR))) throw new RangeError(`cannot pack ${JSON.stringify(value)}: empty or holding U+001F`);
  }
  return values.map((v) => v ?? '').join(UNIT_SEPARATOR);
}

/** One statement: every row of the batch and its checkpoint, or nothing. */
const APPEND_SQL = `
WITH entry_rows AS (
  INSERT INTO ledger_entries (index, event_id, event_type, consignment_ref, submitter, key_id, envelope, leaf_hash)
  SELECT $1::bigint + x.n - 1, x.e::uuid, x.t, nullif(x.c, ''), x.s, x.k,
         substring($7::bytea FROM x.o + 1 FOR x.l),
         substring($10::bytea FROM ((x.n - 1) * 32 + 1)::int FOR 32)
  FROM unnest(string_to_array($2, chr(31)), string_to_array($3, chr(31)), string_to_array($4, chr(31)), string_to_array($5, chr(31)),
              string_to_array($6, chr(31)),
              string_to_array($8, ',')::int[], string_to_array($9, ',')::int[]) WITH ORDINALITY AS x(e, t, c, s, k, o, l, n)
  RETURNING 1
), payload_rows AS (
  INSERT INTO event_payloads (event_id, opening)
  SELECT x.e::uuid, x.o::jsonb
  FROM unnest(string_to_array($2, chr(31)), string_to_array($11, chr(31))) AS x(e, o)
  RETURNING 1
), node_rows AS (
  INSERT INTO ledger_tree_nodes (level, index, hash)
  SELECT x.l, x.i, substring($14::bytea FROM ((x.n - 1) * 32 + 1)::int FOR 32)
  FROM unnest(string_to_array($12, ',')::int[], string_to_array($13, ',')::bigint[]) WITH ORDINALITY AS x(l, i, n)
  RETURNING 1
)
INSERT INTO ledger_checkpoints (tree_size, root_hash, note, tree_state)
SELECT $15::bigint, $16::bytea, $17::text, $18::bytea
WHERE (SELECT count(*) FROM entry_rows) = $19 AND (SELECT count(*) FROM payload_rows) = $19 AND (SELECT count(*) FROM node_rows) = $20`;

/** How long a batch may hold the append lock before PostgreSQL aborts it (a stuck writer). */
const APPEND_TIMEOUT = '120s';

/**
 * Appends a sequenced batch: lock, compare-and-swap on the latest checkpoint size, sign, insert
 * everything, commit. Throws CheckpointConflictError when another writer advanced the log.
 *
 * Runs on Prisma's own pg pool rather than through $transaction: Prisma serialises every raw
 * query argument to JSON and back (bytes as base64), which for a 2,000-entry batch cost more CPU
 * than PostgreSQL's whole insert. Same connections, same schema, same transaction semantics.
 */
export async function appendBatch(pool: pg.Pool, input: CommitBatchInput, sign: CheckpointSigner): Promise<string> {
  const { previousSize, entries, nodes, checkpoint } = input;
  if (checkpoint.size !== previousSize + entries.length) {
    throw new RangeError(`checkpoint size ${checkpoint.size} is not ${previousSize} + ${entries.length} entries`);
  }
  entries.forEach((e, i) => {
    if (e.index !== previousSize + i) throw new RangeError(`entry ${e.eventId} has index ${e.index}, expected ${previousSize + i}`);
  });
  // Built before the transaction opens: the lock is held only for the database's own work.
  const envelopes = packBytes(entries.map((e) => e.envelope));
  const params = [
    previousSize,
    packTexts(entries.map((e) => e.eventId)),
    packTexts(entries.map((e) => e.eventType)),
    packTexts(entries.map((e) => e.consignmentRef)),
    packTexts(entries.map((e) => e.submitter)),
    packTexts(entries.map((e) => e.keyId)),
    asBuffer(envelopes.blob),
    envelopes.offsets.join(','),
    envelopes.lengths.join(','),
    asBuffer(packBytes(entries.map((e) => e.leafHash)).blob),
    // JSON text never holds a raw U+001F (JSON escapes control characters): each opening is parsed
    // once, on its own, instead of as one array that is parsed, split and copied.
    packTexts(entries.map((e) => e.openingJson)),
    nodes.map((n) => n.level).join(','),
    nodes.map((n) => n.index).join(','),
    asBuffer(packBytes(nodes.map((n) => n.hash)).blob),
    checkpoint.size,
    asBuffer(checkpoint.rootHash),
    '', // the note, signed below once the compare-and-swap passed
    asBuffer(encodeTreeState(checkpoint.treeState)),
    entries.length,
    nodes.length,
  ];
  const client = await pool.connect();
  let release: Error | undefined;
  try {
    await client.query(`BEGIN; SET LOCAL statement_timeout = '${APPEND_TIMEOUT}'`);
    // One writer at a time per schema (the lock dies with the transaction), then the CAS: a
    // second instance that kept a stale size finds a larger checkpoint and loses.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.ledger-append'))`);
    const { rows } = await client.query<{ size: string }>(`SELECT coalesce(max(tree_size), 0)::text AS size FROM ledger_checkpoints`);
    const actual = Number(rows[0].size);
    if (actual !== previousSize) throw new CheckpointConflictError(previousSize, actual);
    const note = sign(checkpoint.text);
    params[16] = note;
    const inserted = await client.query(APPEND_SQL, params);
    // The checkpoint row is written only when every other row was: 1, or the batch is incomplete.
    if (inserted.rowCount !== 1) throw new Error(`append of ${entries.length} entries at size ${previousSize} wrote an incomplete batch; rolled back`);
    await client.query('COMMIT');
    return note;
  } catch (error) {
    // A failed ROLLBACK means the connection is gone: destroy it rather than pool it.
    await client.query('ROLLBACK').catch((rollbackError: Error) => (release = rollbackError));
    throw error;
  } finally {
    client.release(release);
  }
}

/** pg sends a Buffer as a binary parameter; a plain Uint8Array would be copied first. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
