// API credential secrets: 256 random bits, stored only as a scrypt hash with a per-credential
// salt, compared in constant time. The hash string records its parameters (PHC string format),
// so the cost can be raised later without invalidating existing credentials.
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { CREDENTIAL_ID_BYTES, CREDENTIAL_SECRET_BYTES, formatApiToken } from '@borderledger/participants';

export interface ScryptCost {
  /** log2 of the CPU/memory cost N. */
  readonly log2N: number;
  readonly r: number;
  readonly p: number;
}

/**
 * N = 2^15, r = 8, p = 1: 32 MiB and some tens of milliseconds per hash. The secrets are 256-bit
 * random, so the cost guards a leaked table against nothing a brute force could reach anyway;
 * it is kept moderate because a node verifies each credential once per process (then caches).
 */
export const DEFAULT_SCRYPT_COST: ScryptCost = { log2N: 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]{22})\$([A-Za-z0-9+/]{43})$/;

const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

function derive(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.log2N;
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, HASH_BYTES, { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r * cost.p }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (PHC string format, base64 without padding). */
export async function hashSecret(secret: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(secret, salt, cost);
  return `$scrypt$ln=${cost.log2N},r=${cost.r},p=${cost.p}$${b64(salt)}$${b64(hash)}`;
}

/** Constant-time check of a secret against a stored hash; false for any malformed hash. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const match = PHC.exec(stored);
  if (!match) return false;
  const cost = { log2N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (cost.log2N < 10 || cost.log2N > 22) return false;
  const expected = Buffer.from(match[5], 'base64');
  const actual = await derive(secret, Buffer.from(match[4], 'base64'), cost);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export interface GeneratedCredential {
  readonly credentialId: string;
  readonly secret: string;
  /** `blk_<id>.<secret>`: shown once, never stored. */
  readonly token: string;
}

export function generateCredential(): GeneratedCredential {
  const credentialId = `blk_${randomBytes(CREDENTIAL_ID_BYTES).toString('hex')}`;
  const secret = randomBytes(CREDENTIAL_SECRET_BYTES).toString('base64url');
  return { credentialId, secret, token: formatApiToken(credentialId, secret) };
}

/** SHA-256 of a token, for the verified-token cache (never the token itself in memory maps). */
export function tokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
