/**
 * The verifier CLI (`npx tsx scripts/verify.ts …`, `./borderledger verify …`, `./borderledger
 * audit …`). Offline commands read files or stdin and need nothing but data; `audit` reads the
 * ledger's database; `export` and `trust` prepare the files an auditor takes to another machine.
 * Exit codes: 0 verified, 1 not verified (the report names what failed), 2 unusable input.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createNodeEd25519Verifier, useNativeHashing } from '@borderledger/node-crypto';
import { MerkleLogError, noteVerifierFromKey, parseVerifierKey } from '@borderledger/merkle-log';
import {
  type BundleEntry,
  type Quorum,
  type TrustFile,
  type TrustedKeys,
  type VerificationReport,
  VerifierError,
  formatReport,
  parseBundleEntry,
  parseProofBundle,
  parseTrustFile,
  verifyEntry,
  verifyFinality,
  verifyProofBundle,
  verifyRange,
} from '@borderledger/verifier';
import { exportProofBundle } from './export-bundle';
import { LedgerReadClient, LedgerReadError } from './ledger-read-client';
import { auditLedgerDatabase } from './postgres-audit';
import { buildTrustFile } from './trust-file';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  readonly env: Record<string, string | undefined>;
  /** POSIX seconds (cosignatures from the future do not count). */
  readonly now?: () => number;
}

export const USAGE = `usage: npx tsx scripts/verify.ts <command> [options]
       (./borderledger verify <command> …, ./borderledger audit …)

Offline — nothing but files (or - for stdin):
  bundle <file>       a proof bundle: log signature, finality, every entry, the range
  entry <file>        one entry: {index, envelope, inclusionProof} or the ledger's
                      GET /v1/events/<id> answer; --checkpoint <file> unless the file carries one
  range <file>        the range of a proof bundle: its entries recompute the checkpoint's root
  finality <file>     a signed checkpoint: the log's signature and the witness quorum
    --trust <file>        the keys to pin (trust file); a bundle otherwise uses its own keys
    --threshold <n>       quorum: distinct witness cosignatures needed (overrides the trust file)
    --required <a,b>      quorum: witnesses that must be among them
    --json                the report as JSON

Against a ledger:
  audit               recompute every leaf hash and the tree from the database, compare with the
                      stored nodes and every checkpoint, name the first entry that does not match
    --database-url <url>  default DATABASE_URL      --page-size <n>  default 5000
    --log-key <vkey>      also verify each checkpoint's signature (default LOG_PUBLIC_KEY)
  export              write a proof bundle from the ledger's read API
    --event <id>…  --index <n>…  --range <from>..<to>      (any mix; range end exclusive)
    --checkpoint final|latest|<size>   default final
    --out <file>          default stdout     --trust <file>   keys to embed (default: see trust)
    --ledger-url <url>    default LEDGER_URL --token <t>      default LEDGER_READ_TOKEN
  trust               write a trust file from LOG_ORIGIN, LOG_PUBLIC_KEY, WITNESS_KEYS,
                      LEDGER_QUORUM_THRESHOLD, LEDGER_QUORUM_REQUIRED and DATABASE_URL's registry
    --out <file>          default stdout
`;

class UsageError extends Error {}

const OPTIONS = {
  trust: { type: 'string' },
  checkpoint: { type: 'string' },
  threshold: { type: 'string' },
  required: { type: 'string' },
  json: { type: 'boolean' },
  'database-url': { type: 'string' },
  'log-key': { type: 'string', multiple: true },
  'page-size': { type: 'string' },
  event: { type: 'string', multiple: true },
  index: { type: 'string', multiple: true },
  range: { type: 'string' },
  out: { type: 'string' },
  'ledger-url': { type: 'string' },
  token: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // Audits and range checks hash every entry and payload: use node:crypto's SHA-256.
  useNativeHashing();
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    io.stderr(`${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const positionals = parsed.positionals[0] === 'verify' ? parsed.positionals.slice(1) : parsed.positionals;
  const [command, ...rest] = positionals;
  if (parsed.values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (!command) {
    io.stderr(USAGE);
    return 2;
  }
  try {
    switch (command) {
      case 'bundle':
      case 'range':
      case 'entry':
      case 'finality':
        return await offline(command, rest, parsed.values, io);
      case 'audit':
        return await audit(parsed.values, io);
      case 'export':
        return await exportCommand(parsed.values, io);
      case 'trust':
        return await trustCommand(parsed.values, io);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof VerifierError || e instanceof MerkleLogError || e instanceof LedgerReadError || e instanceof SyntaxError) {
      io.stderr(`error: ${e.message}\n`);
      return 2;
    }
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      io.stderr(`error: ${(e as Error).message}\n`);
      return 2;
    }
    throw e;
  }
}

async function readInput(path: string | undefined, io: CliIo, what: string): Promise<string> {
  if (!path) throw new UsageError(`missing ${what} (a file, or - for stdin)`);
  return path === '-' ? io.readStdin() : readFile(path, 'utf8');
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new VerifierError('malformed-bundle', `${what} is not JSON: ${(e as Error).message}`);
  }
}

function quorumOverride(values: Values): Quorum | undefined {
  if (values.threshold === undefined) {
    if (values.required) throw new UsageError('--required needs --threshold');
    return undefined;
  }
  const threshold = Number(values.threshold);
  if (!Number.isInteger(threshold) || threshold < 1) throw new UsageError('--threshold must be a whole number ≥ 1');
  const required = (values.required ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return { threshold, ...(required.length ? { required } : {}) };
}

async function trustFrom(values: Values, io: CliIo): Promise<TrustedKeys | undefined> {
  if (!values.trust) return undefined;
  return withoutFormat(parseTrustFile(parseJson(await readInput(values.trust, io, 'trust file'), 'the trust file')));
}

function print(report: VerificationReport, values: Values, io: CliIo): number {
  io.stdout(values.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
  return report.ok ? 0 : 1;
}

async function offline(command: 'bundle' | 'range' | 'entry' | 'finality', rest: string[], values: Values, io: CliIo): Promise<number> {
  const text = await readInput(rest[0], io, command === 'finality' ? 'checkpoint file' : `${command} file`);
  const trust = await trustFrom(values, io);
  const quorum = quorumOverride(values);
  const options = { verifySignature: createNodeEd25519Verifier(), now: io.now ? io.now() : Math.floor(Date.now() / 1000), ...(quorum ? { quorum } : {}) };
  if (command === 'finality') {
    if (!trust) throw new UsageError('finality needs --trust <file> (the log and witness keys)');
    return print(verifyFinality(text, trust, options), values, io);
  }
  if (command === 'entry') {
    if (!trust) throw new UsageError('entry needs --trust <file> (the log, witness and participant keys)');
    const { entry, checkpoint } = parseEntryInput(parseJson(text, 'the entry'));
    const note = values.checkpoint ? await readInput(values.checkpoint, io, 'checkpoint file') : checkpoint;
    if (!note) throw new UsageError('the entry carries no checkpoint: give --checkpoint <file>');
    return print(verifyEntry(entry, note, trust, options), values, io);
  }
  const bundle = parseProofBundle(parseJson(text, 'the bundle'));
  if (command === 'range') {
    if (!bundle.range) throw new UsageError('the bundle has no range (export one with --range)');
    const report = verifyRange(bundle.range, bundle.checkpoint, trust ?? bundle, options);
    return print(trust ? report : { ...report, notes: ['keys taken from the bundle itself: pin them with --trust', ...report.notes] }, values, io);
  }
  return print(verifyProofBundle(bundle, { ...options, ...(trust ? { trust } : {}) }), values, io);
}

/** Accepts the bundle-entry shape or the ledger's GET /v1/events/<id> (and /v1/entries/<n>) answer. */
function parseEntryInput(value: unknown): { entry: BundleEntry; checkpoint?: string } {
  const v = value as { index?: unknown; envelope?: unknown; inclusionProof?: unknown; checkpoint?: unknown };
  const proof = v?.inclusionProof as { hashes?: unknown } | undefined;
  if (proof && typeof proof === 'object' && !Array.isArray(proof)) {
    const entry = parseBundleEntry({ index: v.index, envelope: v.envelope, inclusionProof: proof.hashes });
    return typeof v.checkpoint === 'string' ? { entry, checkpoint: v.checkpoint } : { entry };
  }
  const { checkpoint, ...rest } = v as Record<string, unknown>;
  const entry = parseBundleEntry(rest);
  return typeof checkpoint === 'string' ? { entry, checkpoint } : { entry };
}

async function audit(values: Values, io: CliIo): Promise<number> {
  const databaseUrl = values['database-url'] ?? io.env['DATABASE_URL'];
  if (!databaseUrl) throw new UsageError('audit needs --database-url or DATABASE_URL');
  const logKeys = values['log-key'] ?? splitList(io.env['LOG_PUBLIC_KEY']);
  const logVerifiers = logKeys.map((k) => noteVerifierFromKey(k));
  const pageSize = values['page-size'] ? Number(values['page-size']) : undefined;
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1)) throw new UsageError('--page-size must be a whole number ≥ 1');
  const started = Date.now();
  const result = await auditLedgerDatabase({
    databaseUrl,
    ...(pageSize ? { pageSize } : {}),
    ...(logVerifiers.length ? { logVerifiers, origin: io.env['LOG_ORIGIN'] ?? logVerifiers[0].name } : {}),
    onProgress: (p) => {
      const pct = p.total ? Math.floor((100 * p.entries) / p.total) : 100;
      io.stderr(`audit: ${p.entries}/${p.total} entries (${pct}%), ${p.nodes} tree nodes, ${p.checkpoints} checkpoints checked\n`);
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (values.json) {
    io.stdout(JSON.stringify(result, null, 2) + '\n');
  } else if (result.ok) {
    io.stdout(
      `AUDIT PASSED: ${result.entries} entries, ${result.progress.nodes} tree nodes and ${result.progress.checkpoints} checkpoints match (${seconds} s)` +
        (result.signaturesChecked ? '' : '\n  note: checkpoint signatures not verified (give --log-key or LOG_PUBLIC_KEY)') +
        '\n',
    );
  } else {
    const f = result.firstFinding;
    const where = f?.range ? `entries ${f.range.from}..${f.range.to - 1}` : `entry ${f?.entryIndex}`;
    io.stdout(`AUDIT FAILED at ${where}: ${f?.kind}: ${f?.message}\n`);
    for (const other of result.findings.filter((x) => x !== f).slice(0, 10)) io.stdout(`  also: ${other.kind}: ${other.message}\n`);
  }
  return result.ok ? 0 : 1;
}

function splitList(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function parseRange(text: string): { from: number; to: number } {
  const m = /^(\d+)\.\.(\d+)$/.exec(text);
  if (!m) throw new UsageError('--range is <from>..<to>, end exclusive, e.g. 0..1000');
  const [from, to] = [Number(m[1]), Number(m[2])];
  if (!(to > from)) throw new UsageError('--range needs from < to');
  return { from, to };
}

async function trustFromEnvironment(io: CliIo, values: Values): Promise<TrustedKeys> {
  const logKeys = values['log-key'] ?? splitList(io.env['LOG_PUBLIC_KEY']);
  if (logKeys.length === 0) throw new UsageError('no log key: give --trust <file>, --log-key or LOG_PUBLIC_KEY');
  const origin = io.env['LOG_ORIGIN'] ?? parseVerifierKey(logKeys[0]).name;
  const threshold = values.threshold ?? io.env['LEDGER_QUORUM_THRESHOLD'];
  const databaseUrl = values['database-url'] ?? io.env['DATABASE_URL'];
  const file = await buildTrustFile({
    origin,
    logKeys,
    witnessKeys: splitList(io.env['WITNESS_KEYS']),
    ...(threshold ? { threshold: Number(threshold) } : {}),
    required: splitList(values.required ?? io.env['LEDGER_QUORUM_REQUIRED']),
    ...(databaseUrl ? { databaseUrl } : {}),
  });
  return withoutFormat(file);
}

function withoutFormat(file: TrustFile): TrustedKeys {
  return { log: file.log, witnesses: file.witnesses, participants: file.participants };
}

async function output(text: string, values: Values, io: CliIo, what: string): Promise<void> {
  if (values.out && values.out !== '-') {
    await writeFile(values.out, text);
    io.stderr(`wrote ${what} to ${values.out}\n`);
  } else {
    io.stdout(text);
  }
}

async function exportCommand(values: Values, io: CliIo): Promise<number> {
  const baseUrl = values['ledger-url'] ?? io.env['LEDGER_URL'];
  if (!baseUrl) throw new UsageError('export needs --ledger-url or LEDGER_URL');
  const eventIds = values.event ?? [];
  const indices = (values.index ?? []).map((i) => {
    if (!/^\d+$/.test(i)) throw new UsageError('--index is a ledger index (0-based)');
    return Number(i);
  });
  const range = values.range ? parseRange(values.range) : undefined;
  if (eventIds.length === 0 && indices.length === 0 && !range) throw new UsageError('export needs --event, --index or --range');
  const which = values.checkpoint ?? 'final';
  const checkpoint = which === 'final' || which === 'latest' ? which : /^\d+$/.test(which) ? Number(which) : undefined;
  if (checkpoint === undefined) throw new UsageError('--checkpoint is final, latest or a tree size');
  const keys = (await trustFrom(values, io)) ?? (await trustFromEnvironment(io, values));
  const token = values.token ?? io.env['LEDGER_READ_TOKEN'];
  const client = new LedgerReadClient({ baseUrl, ...(token ? { token } : {}) });
  const bundle = await exportProofBundle(client, { eventIds, indices, ...(range ? { range } : {}), checkpoint }, keys, baseUrl);
  await output(JSON.stringify(bundle, null, 2) + '\n', values, io, `a proof bundle (${bundle.entries.length} entries${range ? `, range ${range.from}..${range.to - 1}` : ''})`);
  return 0;
}

async function trustCommand(values: Values, io: CliIo): Promise<number> {
  const keys = await trustFromEnvironment(io, values);
  await output(JSON.stringify({ format: 'borderledger/trust/v1', ...keys }, null, 2) + '\n', values, io, 'a trust file');
  return 0;
}
