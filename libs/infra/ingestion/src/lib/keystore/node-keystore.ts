// Custodial signing keys of a node (docs/decisions/0006): one JSON file per key in
// NODE_KEYSTORE_DIR, readable by the node's user only. The node refuses to start on a file that
// others may read, and never logs a key — errors name the file, never its content.
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SigningKey } from '@borderledger/events';
import { KEY_ID_PATTERN, PARTICIPANT_ID_PATTERN, fromBase64Url, signingKeyFromPrivateKey } from '@borderledger/events';
import { z } from 'zod';

/** The file format: `{ "participantId", "keyId", "privateKey": base64url of the 32-byte Ed25519 seed }`. */
export const keystoreFileSchema = z.strictObject({
  participantId: z.string().regex(PARTICIPANT_ID_PATTERN),
  keyId: z.string().regex(KEY_ID_PATTERN),
  privateKey: z.string().regex(/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/),
});
export type KeystoreFile = z.infer<typeof keystoreFileSchema>;

export class KeystoreError extends Error {
  readonly code = 'KEYSTORE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'KeystoreError';
  }
}

export interface CustodialKey extends SigningKey {
  readonly participantId: string;
}

/** Keys by id; a node signs with the key the registry says is current, if it holds it. */
export class NodeKeystore {
  private readonly keys = new Map<string, CustodialKey>();

  constructor(keys: readonly CustodialKey[] = []) {
    for (const key of keys) this.keys.set(key.keyId, key);
  }

  get(keyId: string): CustodialKey | undefined {
    return this.keys.get(keyId);
  }

  get size(): number {
    return this.keys.size;
  }

  /** Participants with at least one key here (for the start-up log: ids only). */
  participants(): string[] {
    return [...new Set([...this.keys.values()].map((k) => k.participantId))].sort();
  }
}

/** Parses one keystore file's text; checks that the private key really has the stated key id. */
export function parseKeystoreFile(text: string, fileName: string): CustodialKey {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new KeystoreError(`${fileName}: not JSON`);
  }
  const parsed = keystoreFileSchema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new KeystoreError(`${fileName}: expected { participantId, keyId, privateKey } (bad: ${fields})`);
  }
  const key = signingKeyFromPrivateKey(fromBase64Url(parsed.data.privateKey));
  if (key.keyId !== parsed.data.keyId) throw new KeystoreError(`${fileName}: privateKey does not belong to keyId ${parsed.data.keyId}`);
  return { ...key, participantId: parsed.data.participantId };
}

/** Loads every `*.json` in `dir`. Refuses files that group or others may access (chmod 600). */
export async function loadKeystore(dir: string): Promise<NodeKeystore> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    throw new KeystoreError(`NODE_KEYSTORE_DIR ${dir} cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const keys: CustodialKey[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path);
    if (!info.isFile()) continue;
    if ((info.mode & 0o077) !== 0) {
      throw new KeystoreError(`${path} is accessible to group or others (mode ${(info.mode & 0o777).toString(8)}): chmod 600 it`);
    }
    keys.push(parseKeystoreFile(await readFile(path, 'utf8'), path));
  }
  return new NodeKeystore(keys);
}
