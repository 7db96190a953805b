import { commonVariables, databaseVariables, port, variable } from '@borderledger/config';
import { cosignatureVerifierFromKey, noteSignerFromKey } from '@borderledger/merkle-log';
import { cpus } from 'node:os';
import { z } from 'zod';

const list = z
  .string()
  .optional()
  .transform((s) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean));

/** `name=url` pairs, comma-separated; each name must be the key name of a WITNESS_KEYS entry. */
const witnessUrls = list.pipe(
  z.array(
    z
      .string()
      .regex(/^[^=\s]+=https?:\/\/\S+$/, 'each entry must be <witness name>=<http(s) URL>')
      .transform((entry) => {
        const at = entry.indexOf('=');
        return { name: entry.slice(0, at), url: entry.slice(at + 1).replace(/\/+$/, '') };
      }),
  ),
);

const witnessKeys = list.pipe(
  z.array(
    z.string().refine(
      (vkey) => {
        try {
          cosignatureVerifierFromKey(vkey);
          return true;
        } catch {
          return false;
        }
      },
      { message: 'each entry must be a C2SP verifier key <name>+<key id>+<base64 key>' },
    ),
  ),
);

const signerKey = z.string({ error: 'is required: a C2SP signer key PRIVATE+KEY+<origin>+<key id>+<base64>' }).refine(
  (skey) => {
    try {
      noteSignerFromKey(skey);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be a C2SP Ed25519 signer key PRIVATE+KEY+<origin>+<key id>+<base64> (generate one with `npx tsx scripts/ledger-keygen.ts`)' },
);

const positiveInt = (fallback: number) => z.coerce.number({ error: 'must be a whole number' }).int().positive().default(fallback);

export const ledgerConfig = {
  ...commonVariables,
  ...databaseVariables,
  PORT: variable(port(3100), 'HTTP port of the ledger API'),
  HOST: variable(z.string().default('127.0.0.1'), 'interface the HTTP API listens on'),
  LEDGER_ORIGIN: variable(
    z.string().regex(/^[a-z0-9.-]+(\/[A-Za-z0-9._/-]+)?$/, 'must look like a host/path, e.g. borderledger.local/log').default('borderledger.local/log'),
    'log origin: first line of every checkpoint and the name of the ledger key',
  ),
  LEDGER_SIGNING_KEY: variable(signerKey, 'the ledger’s checkpoint signing key (C2SP signer key whose name is LEDGER_ORIGIN)', { sensitive: true }),
  LEDGER_DB_ROLE: variable(
    z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).optional(),
    'database role every connection switches to (append-only runtime role, e.g. borderledger_ledger_writer); the ledger refuses to start if that role can UPDATE, DELETE or TRUNCATE ledger tables',
  ),
  LEDGER_READ_TOKENS: variable(
    list.refine((tokens) => tokens.every((t) => t.length >= 16), { message: 'each token must be at least 16 characters' }),
    'comma-separated bearer tokens of machine readers of the read API (witness nodes, operator tooling); participants read with their registry credentials',
    { sensitive: true },
  ),
  LEDGER_MAX_SUBMISSION_AGE_MS: variable(positiveInt(24 * 60 * 60 * 1000), 'oldest submittedAt accepted, in ms before the ledger’s clock'),
  LEDGER_REGISTRY_TTL_MS: variable(positiveInt(5_000), 'how long a loaded registry snapshot (participants, keys) is reused'),
  LEDGER_MAX_BATCH_BYTES: variable(positiveInt(4 * 1024 * 1024), 'largest Kafka fetch per partition, in bytes: bounds one commit batch'),
  LEDGER_PARTITION_CONCURRENCY: variable(
    positiveInt(4),
    'submission partitions whose batches are validated at once; commits stay one at a time (single writer)',
  ),
  LEDGER_PIPELINE_DEPTH: variable(
    z.coerce.number({ error: 'must be a whole number' }).int().min(0).max(16).default(2),
    'submission batches per partition fetched ahead while earlier ones validate, commit and publish (0: fetch after each batch); offsets are still committed in order, after the database commit',
  ),
  LEDGER_VALIDATION_WORKERS: variable(
    z.coerce.number({ error: 'must be a whole number' }).int().min(0).max(64).default(Math.max(1, cpus().length - 1)),
    'worker threads that decode and validate submissions (schema, registry, signature, opening) so the main thread only consumes, commits and publishes (0: validate on the main thread); default: cores − 1',
  ),
  LEDGER_CRASH_AFTER_DB_COMMIT: variable(
    z.enum(['0', '1']).default('0').transform((v) => v === '1'),
    'FAULT INJECTION for crash tests only: exit(137) right after the first database commit, before publishing and before committing Kafka offsets',
  ),
  WITNESS_KEYS: variable(witnessKeys, 'comma-separated C2SP verifier keys of the witnesses whose cosignatures count'),
  WITNESS_URLS: variable(witnessUrls, 'comma-separated <witness name>=<base URL> for the C2SP tlog-witness add-checkpoint push'),
  LEDGER_QUORUM_THRESHOLD: variable(positiveInt(3), 'number of distinct witness cosignatures a final checkpoint needs, until a committed governance.quorum.changed sets another'),
  LEDGER_QUORUM_REQUIRED: variable(
    list,
    'witness names that must be among the cosigners; default: every configured witness whose name starts with "customs"',
  ),
};
