// API token format: `blk_<credential id>.<secret>`. The id (80 random bits, hex) is public and
// names the stored row; the secret (256 random bits, base64url) is shown once and stored only as
// a scrypt hash. The prefix makes leaked tokens easy to find with secret scanners.

export const API_TOKEN_PREFIX = 'blk_';
export const CREDENTIAL_ID_PATTERN = /^blk_[0-9a-f]{20}$/;
/** 32 bytes, base64url without padding: 43 characters, the last one carrying 2 zero bits. */
export const CREDENTIAL_SECRET_PATTERN = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
export const CREDENTIAL_ID_BYTES = 10;
export const CREDENTIAL_SECRET_BYTES = 32;

export interface ApiToken {
  readonly credentialId: string;
  readonly secret: string;
}

export function formatApiToken(credentialId: string, secret: string): string {
  if (!CREDENTIAL_ID_PATTERN.test(credentialId)) throw new RangeError('credential id must match blk_<20 hex>');
  if (!CREDENTIAL_SECRET_PATTERN.test(secret)) throw new RangeError('credential secret must be base64url of 32 bytes');
  return `${credentialId}.${secret}`;
}

/** The token's parts, or undefined for anything that is not a well-formed token. */
export function parseApiToken(token: string): ApiToken | undefined {
  if (token.length !== 4 + 20 + 1 + 43) return undefined;
  const dot = token.indexOf('.');
  const credentialId = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  if (!CREDENTIAL_ID_PATTERN.test(credentialId) || !CREDENTIAL_SECRET_PATTERN.test(secret)) return undefined;
  return { credentialId, secret };
}
