import { canonicalizeEx } from 'json-canonicalize';
import { utf8 } from './bytes';

/**
 * RFC 8785 (JCS) text of a JSON value. `undefined` anywhere is an error rather than being
 * silently dropped: a value that is not JSON must never acquire a signature.
 */
export function canonicalJson(value: unknown): string {
  return canonicalizeEx(value, { strictUndefined: true });
}

export function canonicalBytes(value: unknown): Uint8Array {
  return utf8(canonicalJson(value));
}
