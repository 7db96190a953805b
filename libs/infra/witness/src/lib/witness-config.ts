/**
 * The witness's environment, validated once at boot (spread `witnessVariables` into a node's
 * config spec). Only the C2SP tlog-witness protocol ties it to the ledger: the log is known by
 * its origin and public key, nothing else.
 */
import { variable } from '@borderledger/config';
import { MerkleLogError, noteVerifierFromKey, parseSignerKey } from '@borderledger/merkle-log';
import { z } from 'zod';

function keyProblem(e: unknown): string {
  return e instanceof MerkleLogError ? e.message : 'does not parse';
}

const signerKey = z.string({ error: 'is required: a C2SP signer key PRIVATE+KEY+<name>+<key id>+<base64>' }).superRefine((value, ctx) => {
  try {
    parseSignerKey(value);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `must be a C2SP Ed25519 signer key: ${keyProblem(e)}` });
  }
});

const verifierKeys = z
  .string({ error: 'is required: the log’s verifier key <name>+<key id>+<base64>' })
  .transform((s) => s.split(',').map((k) => k.trim()).filter(Boolean))
  .superRefine((keys, ctx) => {
    if (keys.length === 0) ctx.addIssue({ code: 'custom', message: 'needs at least one verifier key' });
    for (const k of keys) {
      try {
        noteVerifierFromKey(k);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of C2SP Ed25519 verifier keys: ${keyProblem(e)}` });
      }
    }
  });

export const witnessVariables = {
  WITNESS_NAME: variable(
    z.string({ error: 'is required' }).regex(/^[^\s+]+$/, 'must be a signed-note key name (no spaces, no "+")'),
    'name of this node’s witness: the key name of its cosignatures (e.g. customs-nl.witness)',
  ),
  WITNESS_SIGNING_KEY: variable(signerKey, 'C2SP signer key of the witness (PRIVATE+KEY+<WITNESS_NAME>+…); its name must be WITNESS_NAME', {
    sensitive: true,
  }),
  LOG_ORIGIN: variable(z.string({ error: 'is required' }).min(1).regex(/^[^\n]+$/, 'must be one line'), 'origin line of the log this witness cosigns'),
  LOG_PUBLIC_KEY: variable(verifierKeys, 'the log’s C2SP verifier key(s), comma-separated (several during a key rotation)'),
  LEDGER_URL: variable(
    z.url({ message: 'must be a URL such as http://127.0.0.1:3100' }).transform((u) => u.replace(/\/+$/, '')),
    'base URL of the ledger read API; entries are read from its tlog-tiles entry bundles (<LEDGER_URL>/tile/entries/…)',
  ),
  LEDGER_READ_TOKEN: variable(z.string().min(1).optional(), 'bearer token for the ledger read API, when it requires one', { sensitive: true }),
};

export interface WitnessSettings {
  readonly name: string;
  readonly signingKey: string;
  readonly origin: string;
  readonly logPublicKeys: readonly string[];
  readonly ledgerUrl: string;
  readonly ledgerReadToken?: string;
}

export class WitnessConfigError extends Error {
  override readonly name = 'WitnessConfigError';
}

/** Settings from a loaded config; checks what one variable alone cannot (the key's name). */
export function witnessSettingsFromConfig(config: {
  readonly WITNESS_NAME: string;
  readonly WITNESS_SIGNING_KEY: string;
  readonly LOG_ORIGIN: string;
  readonly LOG_PUBLIC_KEY: readonly string[];
  readonly LEDGER_URL: string;
  readonly LEDGER_READ_TOKEN?: string | undefined;
}): WitnessSettings {
  const keyName = parseSignerKey(config.WITNESS_SIGNING_KEY).name;
  if (keyName !== config.WITNESS_NAME) {
    throw new WitnessConfigError(`WITNESS_SIGNING_KEY is the key of "${keyName}", but WITNESS_NAME is "${config.WITNESS_NAME}"`);
  }
  return {
    name: config.WITNESS_NAME,
    signingKey: config.WITNESS_SIGNING_KEY,
    origin: config.LOG_ORIGIN,
    logPublicKeys: config.LOG_PUBLIC_KEY,
    ledgerUrl: config.LEDGER_URL,
    ...(config.LEDGER_READ_TOKEN ? { ledgerReadToken: config.LEDGER_READ_TOKEN } : {}),
  };
}
