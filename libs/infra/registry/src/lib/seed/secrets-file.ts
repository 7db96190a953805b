// The local secrets file of the seed command and the custodial keystores derived from it. Both
// are written with mode 0600 (directories 0700), atomically, and never printed.
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ParticipantSecrets } from './seed-participants';

export const SECRETS_FILE_VERSION = 1;

export interface SecretsFile {
  readonly version: 1;
  readonly generatedAt: string;
  readonly notice: string;
  /** Custodial keystore directory per role: the NODE_KEYSTORE_DIR of that role's node. */
  readonly keystores: Record<string, string>;
  readonly participants: Record<string, ParticipantSecrets>;
}

async function writePrivate(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}

/** The previous file's participants, or {} when there is none (or it is unreadable). */
export async function readSecretsFile(path: string): Promise<Record<string, Partial<ParticipantSecrets>>> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<SecretsFile>;
    return parsed.version === SECRETS_FILE_VERSION && parsed.participants ? parsed.participants : {};
  } catch {
    return {};
  }
}

/**
 * Writes one keystore file per participant key under `<keystoreRoot>/<role>/<participantId>.json`
 * (the format @borderledger/ingestion's loadKeystore reads). Returns the directory per role.
 */
export async function writeKeystores(keystoreRoot: string, secrets: readonly ParticipantSecrets[]): Promise<Record<string, string>> {
  const dirs: Record<string, string> = {};
  for (const s of secrets) {
    for (const role of s.roles) {
      const dir = join(keystoreRoot, role);
      dirs[role] = dir;
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
      await writePrivate(join(dir, `${s.id}.json`), `${JSON.stringify({ participantId: s.id, keyId: s.keyId, privateKey: s.privateKey }, null, 2)}\n`);
    }
  }
  return dirs;
}

export async function writeSecretsFile(path: string, secrets: readonly ParticipantSecrets[], keystores: Record<string, string>): Promise<SecretsFile> {
  const file: SecretsFile = {
    version: SECRETS_FILE_VERSION,
    generatedAt: new Date().toISOString(),
    notice: 'Secrets: API tokens and Ed25519 private keys of the demo participants. Local use only; never commit or share.',
    keystores,
    participants: Object.fromEntries(secrets.map((s) => [s.id, s])),
  };
  await writePrivate(path, `${JSON.stringify(file, null, 2)}\n`);
  return file;
}
