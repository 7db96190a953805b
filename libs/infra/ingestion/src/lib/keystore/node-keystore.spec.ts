import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureSigningKey, toBase64Url } from '@borderledger/events';
import { RegistrySnapshot } from '@borderledger/participants';
import { custodialKeyLookup } from './custodial-keys';
import { KeystoreError, loadKeystore, parseKeystoreFile } from './node-keystore';

const key = fixtureSigningKey('shopwave');
const file = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({ participantId: 'shopwave', keyId: key.keyId, privateKey: toBase64Url(key.privateKey), ...overrides });

describe('node keystore', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bl-keystore-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('loads keys from files only the node user can read', async () => {
    await writeFile(join(dir, 'shopwave.json'), file(), { mode: 0o600 });
    await writeFile(join(dir, 'README.txt'), 'ignored', { mode: 0o644 });
    const keystore = await loadKeystore(dir);
    expect(keystore.size).toBe(1);
    expect(keystore.participants()).toEqual(['shopwave']);
    expect(keystore.get(key.keyId)?.publicKey).toEqual(key.publicKey);
  });

  it('refuses a file that group or others may read, naming the file but never the key', async () => {
    const path = join(dir, 'shopwave.json');
    await writeFile(path, file(), { mode: 0o600 });
    await chmod(path, 0o644);
    const error = await loadKeystore(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeystoreError);
    expect((error as Error).message).toContain('chmod 600');
    expect((error as Error).message).not.toContain(toBase64Url(key.privateKey));
  });

  it('refuses a key file whose private key does not match its key id, or that is malformed', () => {
    expect(() => parseKeystoreFile(file({ keyId: fixtureSigningKey('other').keyId }), 'f.json')).toThrow(/does not belong/);
    expect(() => parseKeystoreFile('{', 'f.json')).toThrow(/not JSON/);
    expect(() => parseKeystoreFile(file({ privateKey: 'short' }), 'f.json')).toThrow(/bad: privateKey/);
  });

  it('fails loudly for a missing directory', async () => {
    await expect(loadKeystore(join(dir, 'nope'))).rejects.toThrow(/cannot be read: ENOENT/);
  });

  it('signs with the registry’s current key only if the keystore holds it', async () => {
    await writeFile(join(dir, 'shopwave.json'), file(), { mode: 0o600 });
    const keystore = await loadKeystore(dir);
    const at = new Date('2026-06-01T00:00:00Z');
    const registry = (keyId: string) =>
      new RegistrySnapshot({
        participants: [],
        keys: [{ keyId, participantId: 'shopwave', publicKey: key.publicKey, validFrom: new Date('2026-01-01T00:00:00Z'), validUntil: null }],
        credentials: [],
      });
    expect(custodialKeyLookup(keystore, registry(key.keyId))('shopwave', at)).toMatchObject({ ok: true, key: { keyId: key.keyId } });
    expect(custodialKeyLookup(keystore, registry(fixtureSigningKey('rotated').keyId))('shopwave', at)).toMatchObject({ ok: false, reason: expect.stringContaining('does not hold') });
    expect(custodialKeyLookup(keystore, registry(key.keyId))('skyfreight', at)).toMatchObject({ ok: false, reason: expect.stringContaining('no registered key') });
    expect(custodialKeyLookup(undefined, registry(key.keyId))('shopwave', at)).toMatchObject({ ok: false, reason: expect.stringContaining('NODE_KEYSTORE_DIR') });
  });
});
