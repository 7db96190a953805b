import { ConfigError, loadConfig } from '@borderledger/config';
import { SIGNATURE_TYPE_COSIGNATURE_V1, formatSignerKey, formatVerifierKey, ed25519PublicKey } from '@borderledger/merkle-log';
import { WitnessConfigError, witnessSettingsFromConfig } from '@borderledger/witness';
import { customsNodeConfig } from './config';

const seed = new Uint8Array(32).fill(5);
const env = {
  DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db',
  WITNESS_NAME: 'customs-nl.witness',
  WITNESS_SIGNING_KEY: formatSignerKey('customs-nl.witness', seed, SIGNATURE_TYPE_COSIGNATURE_V1),
  LOG_ORIGIN: 'borderledger.local/log',
  LOG_PUBLIC_KEY: formatVerifierKey('borderledger.local/log', ed25519PublicKey(new Uint8Array(32).fill(6))),
  LEDGER_URL: 'http://127.0.0.1:3100/',
};

describe('customs-node configuration', () => {
  it('parses the witness settings, port 3104 by default, no Kafka needed yet', () => {
    const config = loadConfig(customsNodeConfig, env);
    expect(config.PORT).toBe(3104);
    const settings = witnessSettingsFromConfig(config);
    expect(settings).toMatchObject({ name: 'customs-nl.witness', origin: 'borderledger.local/log', ledgerUrl: 'http://127.0.0.1:3100' });
    expect(settings.logPublicKeys).toHaveLength(1);
  });

  it('names every bad witness variable and never echoes the signing key', () => {
    const bad = { ...env, WITNESS_SIGNING_KEY: 'PRIVATE+KEY+customs-nl.witness+deadbeef+c2VjcmV0', LOG_PUBLIC_KEY: 'nope', LEDGER_URL: 'ledger' };
    try {
      loadConfig(customsNodeConfig, bad);
      throw new Error('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems.map((p) => p.key).sort()).toEqual(['LEDGER_URL', 'LOG_PUBLIC_KEY', 'WITNESS_SIGNING_KEY']);
      expect((e as Error).message).not.toContain('c2VjcmV0');
    }
  });

  it('refuses a signing key whose name is not WITNESS_NAME', () => {
    const config = loadConfig(customsNodeConfig, { ...env, WITNESS_NAME: 'customs-de.witness' });
    expect(() => witnessSettingsFromConfig(config)).toThrow(WitnessConfigError);
  });
});
