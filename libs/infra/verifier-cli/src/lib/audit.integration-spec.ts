import { applyMigrations, createTestSchema, databaseUrlWithSchema, dropTestSchema, PrismaService } from '@borderledger/data';
import { buildFixtureEvent, canonicalBytes, type EventType } from '@borderledger/events';
import { PrismaLedgerStore, type NewLedgerEntry } from '@borderledger/ledger-store';
import { EMPTY_TREE_STATE, type TreeState, appendLeaves, formatCheckpoint, leafHash, signNote, treeRoot } from '@borderledger/merkle-log';
import { stackEnvironment } from '@borderledger/testing';
import { FixtureLog } from '@borderledger/verifier';
import { Client } from 'pg';
import { runCli } from './cli';

const { databaseUrl } = stackEnvironment();
const TYPES: EventType[] = ['buy.order.placed', 'ship.consignment.booked', 'ship.consignment.picked-up'];

/** The stack's superuser (postgres/postgres, see `node scripts/stack.ts --help`) on the same server. */
function superuserUrl(): string {
  const url = new URL(process.env['POSTGRES_SUPERUSER_URL'] ?? databaseUrl);
  if (!process.env['POSTGRES_SUPERUSER_URL']) {
    url.username = 'postgres';
    url.password = 'postgres';
  }
  url.search = '';
  return url.toString();
}

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), readStdin: async () => '', env: {} });
  return code.then((c) => ({ code: c, out: out.join(''), err: err.join('') }));
}

describe('audit: recomputes the log from PostgreSQL and names the first entry that does not match', () => {
  let schema: string;
  let schemaUrl: string;
  let prisma: PrismaService;
  let admin: Client;
  const log = new FixtureLog(); // only for its signing key and origin
  const originals = new Map<number, { envelope: Buffer; leafHash: Buffer }>();

  /** Runs SQL as superuser with triggers off for this session: what an insider with full rights could do. */
  async function tamper(sql: string, params: unknown[] = []): Promise<void> {
    await admin.query('BEGIN');
    try {
      await admin.query('SET LOCAL session_replication_role = replica');
      await admin.query(`SET LOCAL search_path = "${schema}"`);
      await admin.query(sql, params);
      await admin.query('COMMIT');
    } catch (e) {
      await admin.query('ROLLBACK');
      throw e;
    }
  }

  async function restore(index: number): Promise<void> {
    const row = originals.get(index);
    if (!row) throw new Error(`no original for ${index}`);
    await tamper('UPDATE ledger_entries SET envelope = $2, leaf_hash = $3 WHERE index = $1', [index, row.envelope, row.leafHash]);
  }

  beforeAll(async () => {
    schema = await createTestSchema({ databaseUrl, prefix: 'audit' });
    await applyMigrations({ databaseUrl, schema });
    schemaUrl = databaseUrlWithSchema(databaseUrl, schema);
    prisma = new PrismaService({ databaseUrl, schema });
    await prisma.onModuleInit();
    // Three batches through the ledger's own store: entries, payloads, nodes, signed checkpoints.
    const store = new PrismaLedgerStore(prisma);
    let state: TreeState = EMPTY_TREE_STATE;
    for (const count of [5, 20, 12]) {
      const entries: NewLedgerEntry[] = Array.from({ length: count }, (_, i) => {
        const { envelope, opening } = buildFixtureEvent(TYPES[(state.size + i) % TYPES.length]);
        const bytes = canonicalBytes(envelope);
        return { index: state.size + i, eventId: envelope.eventId, eventType: envelope.eventType, consignmentRef: envelope.consignmentRef, submitter: envelope.submitter, keyId: envelope.keyId, envelope: bytes, leafHash: leafHash(bytes), openingJson: JSON.stringify(opening) };
      });
      const appended = appendLeaves(state, entries.map((e) => e.leafHash));
      const rootHash = treeRoot(appended.state);
      await store.commitBatch(
        {
          previousSize: state.size,
          entries,
          nodes: appended.nodes,
          checkpoint: { size: appended.state.size, rootHash, treeState: appended.state, text: formatCheckpoint({ origin: log.origin, size: appended.state.size, rootHash, extensions: [] }) },
        },
        (text) => signNote(text, [log.logSigner]),
      );
      state = appended.state;
    }
    admin = new Client({ connectionString: superuserUrl() });
    await admin.connect();
    const { rows } = await admin.query(`SELECT index, envelope, leaf_hash FROM "${schema}".ledger_entries`);
    for (const r of rows) originals.set(Number(r.index), { envelope: r.envelope, leafHash: r.leaf_hash });
  });

  afterAll(async () => {
    await admin?.end();
    await prisma?.onModuleDestroy();
    await dropTestSchema({ databaseUrl, schema });
  });

  it('passes an untouched ledger, checking signatures, showing progress page by page', async () => {
    const result = await run(['audit', '--database-url', schemaUrl, '--log-key', log.logVerifierKey, '--page-size', '10']);
    expect(result.err).toContain('audit: 10/37 entries (27%)');
    expect(result.err).toContain('audit: 37/37 entries (100%)');
    expect(result.out).toMatch(/^AUDIT PASSED: 37 entries, 71 tree nodes and 3 checkpoints match/);
    expect(result.code).toBe(0);
  });

  it('the append-only trigger stops an ordinary UPDATE (so the tamper below needs superuser rights)', async () => {
    await expect(prisma.$executeRawUnsafe('UPDATE ledger_entries SET event_type = event_type WHERE index = 1')).rejects.toThrow();
  });

  it('finds an envelope altered by a superuser with triggers disabled, naming the entry', async () => {
    await tamper(`UPDATE ledger_entries SET envelope = convert_to(replace(convert_from(envelope, 'UTF8'), '"submittedAt":"2026-11-20T09:15:02Z"', '"submittedAt":"2026-11-20T09:15:03Z"'), 'UTF8') WHERE index = 13`);
    const result = await run(['audit', '--database-url', schemaUrl, '--page-size', '10']);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^AUDIT FAILED at entry 13: leaf-hash-mismatch: entry 13 \(event [0-9a-f-]+\): stored leaf_hash/);
    await restore(13);
  });

  it('finds an envelope rewritten together with its leaf hash (the stored tree no longer fits)', async () => {
    const other = originals.get(2)?.envelope as Buffer;
    await tamper('UPDATE ledger_entries SET envelope = $2, leaf_hash = $3 WHERE index = $1', [21, other, Buffer.from(leafHash(new Uint8Array(other)))]);
    const result = await run(['audit', '--database-url', schemaUrl]);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^AUDIT FAILED at entry 21: /);
    await restore(21);
    expect((await run(['audit', '--database-url', schemaUrl])).code).toBe(0);
  });

  it('finds a payload rewritten beside the log, and a payload deleted, naming the entry', async () => {
    const eventIdOf = async (index: number) => (await admin.query(`SELECT event_id::text AS id FROM "${schema}".ledger_entries WHERE index = $1`, [index])).rows[0].id as string;
    const eventId = await eventIdOf(17);
    const before = (await admin.query(`SELECT opening FROM "${schema}".event_payloads WHERE event_id = $1`, [eventId])).rows[0].opening;
    // The salts stay, one payload value changes: the envelope's commitment no longer opens.
    const changed = structuredClone(before) as { payload: Record<string, unknown> };
    const firstText = (o: Record<string, unknown>): boolean =>
      Object.entries(o).some(([k, v]) => (typeof v === 'string' ? ((o[k] = `${v}X`), true) : !!v && typeof v === 'object' && firstText(v as Record<string, unknown>)));
    expect(firstText(changed.payload)).toBe(true);
    const salted = JSON.stringify(changed);
    await tamper('UPDATE event_payloads SET opening = $2::jsonb WHERE event_id = $1', [eventId, salted]);
    const rewritten = await run(['audit', '--database-url', schemaUrl, '--page-size', '10']);
    expect(rewritten.code).toBe(1);
    expect(rewritten.out).toMatch(/^AUDIT FAILED at entry 17: payload-mismatch: entry 17 \(event [0-9a-f-]+\): the stored payload does not open the envelope's commitment/);
    await tamper('UPDATE event_payloads SET opening = $2::jsonb WHERE event_id = $1', [eventId, JSON.stringify(before)]);

    const gone = await eventIdOf(9);
    const row = (await admin.query(`SELECT opening FROM "${schema}".event_payloads WHERE event_id = $1`, [gone])).rows[0];
    await tamper('DELETE FROM event_payloads WHERE event_id = $1', [gone]);
    const deleted = await run(['audit', '--database-url', schemaUrl]);
    expect(deleted.out).toMatch(/^AUDIT FAILED at entry 9: payload-missing: entry 9 \(event [0-9a-f-]+\): no payload is stored for it/);
    await tamper('INSERT INTO event_payloads (event_id, opening) VALUES ($1, $2::jsonb)', [gone, JSON.stringify(row.opening)]);
    expect((await run(['audit', '--database-url', schemaUrl])).code).toBe(0);
  });

  it('finds a deleted entry and a tampered checkpoint root', async () => {
    const row = await admin.query(`SELECT * FROM "${schema}".ledger_entries WHERE index = 30`);
    await tamper('DELETE FROM ledger_entries WHERE index = 30');
    const deleted = await run(['audit', '--database-url', schemaUrl, '--page-size', '8']);
    expect(deleted.code).toBe(1);
    expect(deleted.out).toMatch(/^AUDIT FAILED at entry 30: missing-entry: entry 30 is missing \(the next stored entry is 31\)/);
    const r = row.rows[0];
    await tamper(
      'INSERT INTO ledger_entries (index, event_id, event_type, consignment_ref, submitter, key_id, envelope, leaf_hash, committed_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)',
      [r.index, r.event_id, r.event_type, r.consignment_ref, r.submitter, r.key_id, r.envelope, r.leaf_hash, r.committed_at],
    );

    await tamper(`UPDATE ledger_checkpoints SET root_hash = (SELECT root_hash FROM ledger_checkpoints WHERE tree_size = 5) WHERE tree_size = 25`);
    const root = await run(['audit', '--database-url', schemaUrl, '--json']);
    expect(root.code).toBe(1);
    expect(JSON.parse(root.out).firstFinding).toMatchObject({ kind: 'checkpoint-root-mismatch', range: { from: 5, to: 25 } });
  });
});
