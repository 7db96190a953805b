/**
 * `audit`: reads the ledger tables page by page (keyset pagination on the index, so memory stays
 * flat at any size), feeds the pure LedgerAuditor, and stops at the first page with a finding.
 * Reads only; works with a read-only role.
 */
import { resolvePgConnection } from '@borderledger/data';
import { type NoteVerifier, type StoredNode, nodeKey } from '@borderledger/merkle-log';
import { type AuditCheckpointRow, type AuditFinding, type AuditProgress, LedgerAuditor } from '@borderledger/verifier';
import pg from 'pg';

export interface AuditOptions {
  readonly databaseUrl: string;
  readonly pageSize?: number;
  readonly logVerifiers?: readonly NoteVerifier[];
  readonly origin?: string;
  readonly onProgress?: (progress: AuditProgress & { readonly total: number }) => void;
}

export interface AuditResult {
  readonly ok: boolean;
  readonly entries: number;
  readonly total: number;
  readonly progress: AuditProgress;
  readonly firstFinding?: AuditFinding;
  readonly findings: readonly AuditFinding[];
  readonly signaturesChecked: boolean;
}

const toBytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export async function auditLedgerDatabase(options: AuditOptions): Promise<AuditResult> {
  const { poolConfig } = resolvePgConnection({ databaseUrl: options.databaseUrl });
  const client = new pg.Client(poolConfig);
  await client.connect();
  try {
    // One snapshot for the whole audit: rows committed meanwhile neither appear half-way nor shift pages.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const pageSize = options.pageSize ?? 5_000;
    const auditor = new LedgerAuditor({
      ...(options.logVerifiers ? { logVerifiers: options.logVerifiers } : {}),
      ...(options.origin ? { origin: options.origin } : {}),
    });
    const total = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM ledger_entries')).rows[0].n);
    let checkpointsUpTo = -1;
    const queueCheckpoints = async (upTo: number) => {
      const { rows } = await client.query<{ tree_size: string; root_hash: Buffer; note: string; tree_state: Buffer }>(
        'SELECT tree_size, root_hash, note, tree_state FROM ledger_checkpoints WHERE tree_size > $1 AND tree_size <= $2 ORDER BY tree_size',
        [checkpointsUpTo, upTo],
      );
      auditor.queueCheckpoints(rows.map((r): AuditCheckpointRow => ({ treeSize: Number(r.tree_size), rootHash: toBytes(r.root_hash), note: r.note, treeState: toBytes(r.tree_state) })));
      checkpointsUpTo = upTo;
    };
    await queueCheckpoints(0);
    for (;;) {
      const { rows } = await client.query<{ index: string; event_id: string; envelope: Buffer; leaf_hash: Buffer; opening: unknown }>(
        `SELECT e.index, e.event_id, e.envelope, e.leaf_hash, p.opening
         FROM ledger_entries e LEFT JOIN event_payloads p ON p.event_id = e.event_id
         WHERE e.index >= $1 ORDER BY e.index LIMIT $2`,
        [auditor.size, pageSize],
      );
      if (rows.length === 0) break;
      const last = Number(rows[rows.length - 1].index);
      await queueCheckpoints(last + 1);
      const expected = auditor.addEntries(
        rows.map((r) => ({ index: Number(r.index), eventId: r.event_id, envelope: toBytes(r.envelope), leafHash: toBytes(r.leaf_hash), opening: r.opening ?? null })),
      );
      auditor.checkNodes(expected, await storedNodes(client, expected));
      options.onProgress?.({ ...auditor.progress, total });
      if (auditor.firstFinding || rows.length < pageSize) break;
    }
    if (!auditor.firstFinding) {
      await queueCheckpoints(Number.MAX_SAFE_INTEGER);
      auditor.finish();
    }
    await client.query('COMMIT');
    const first = auditor.firstFinding;
    return {
      ok: !first,
      entries: auditor.size,
      total,
      progress: auditor.progress,
      findings: auditor.findings,
      ...(first ? { firstFinding: first } : {}),
      signaturesChecked: !!options.logVerifiers,
    };
  } finally {
    await client.end();
  }
}

async function storedNodes(client: pg.Client, ids: readonly StoredNode[]): Promise<Map<string, Uint8Array>> {
  const found = new Map<string, Uint8Array>();
  if (ids.length === 0) return found;
  const { rows } = await client.query<{ level: number; index: string; hash: Buffer }>(
    'SELECT n.level, n.index, n.hash FROM ledger_tree_nodes n JOIN unnest($1::int[], $2::bigint[]) AS w(level, index) ON n.level = w.level AND n.index = w.index',
    [ids.map((n) => n.level), ids.map((n) => String(n.index))],
  );
  for (const r of rows) found.set(nodeKey({ level: r.level, index: Number(r.index) }), toBytes(r.hash));
  return found;
}
