/**
 * Builds a trust file (the keys a verifier pins) from what a node knows: the log's key, the
 * witnesses' keys and quorum, and the participant registry in its database. Governance would
 * publish this file; `trust` writes it so an auditor can take it to another machine.
 */
import { resolvePgConnection } from '@borderledger/data';
import { toBase64Url } from '@borderledger/events';
import { TRUST_FILE_FORMAT, type ParticipantInput, type TrustFile, parseTrustFile } from '@borderledger/verifier';
import pg from 'pg';

export interface TrustSources {
  readonly origin: string;
  readonly logKeys: readonly string[];
  readonly witnessKeys: readonly string[];
  readonly threshold?: number;
  readonly required?: readonly string[];
  /** Reads participants and keys from this database when given. */
  readonly databaseUrl?: string;
}

export async function buildTrustFile(sources: TrustSources): Promise<TrustFile> {
  const participants = sources.databaseUrl ? await registryFromDatabase(sources.databaseUrl) : [];
  const quorum = sources.threshold ? { threshold: sources.threshold, ...(sources.required?.length ? { required: [...sources.required] } : {}) } : undefined;
  // Validated like any trust file a user brings.
  return parseTrustFile({
    format: TRUST_FILE_FORMAT,
    log: { origin: sources.origin, verifierKeys: [...sources.logKeys] },
    witnesses: { verifierKeys: [...sources.witnessKeys], ...(quorum ? { quorum } : {}) },
    participants,
  });
}

async function registryFromDatabase(databaseUrl: string): Promise<ParticipantInput[]> {
  const client = new pg.Client(resolvePgConnection({ databaseUrl }).poolConfig);
  await client.connect();
  try {
    const participants = await client.query<{ id: string; roles: string[]; status: string }>('SELECT id, roles, status FROM participants ORDER BY id');
    const keys = await client.query<{ key_id: string; participant_id: string; public_key: Buffer; valid_from: Date; valid_until: Date | null }>(
      'SELECT key_id, participant_id, public_key, valid_from, valid_until FROM participant_keys ORDER BY participant_id, valid_from',
    );
    return participants.rows.map((p) => ({
      id: p.id,
      roles: p.roles ?? [],
      status: p.status,
      keys: keys.rows
        .filter((k) => k.participant_id === p.id)
        .map((k) => ({
          keyId: k.key_id,
          publicKey: toBase64Url(new Uint8Array(k.public_key)),
          validFrom: k.valid_from.toISOString(),
          validUntil: k.valid_until ? k.valid_until.toISOString() : null,
        })),
    }));
  } finally {
    await client.end();
  }
}
