/**
 * Generates the ledger's checkpoint signing key (C2SP signed-note Ed25519 key pair):
 *
 *   npx tsx scripts/ledger-keygen.ts [origin]      (origin defaults to borderledger.local/log)
 *
 * Prints LEDGER_SIGNING_KEY (secret: store it in the ledger's secret store only) and the
 * verifier key witnesses and verifiers configure for the log. The key name is the origin.
 */
import { generateNoteKeyPair } from '../libs/domain/merkle-log/src';

const origin = process.argv[2] ?? 'borderledger.local/log';
const { signerKey, verifierKey } = generateNoteKeyPair(origin);
process.stdout.write(`LEDGER_ORIGIN=${origin}\nLEDGER_SIGNING_KEY=${signerKey}\n# verifier key (public, for witnesses and verifiers):\nLEDGER_VERIFIER_KEY=${verifierKey}\n`);
