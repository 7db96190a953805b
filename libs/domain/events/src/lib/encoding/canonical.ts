// RFC 8785 (JCS). Written here rather than calling json-canonicalize on the hot path: the ledger
// canonicalises every envelope twice, and the library builds a path string and a WeakMap entry
// for every member, which made it a tenth of the ledger's CPU. The output is the library's, byte
// for byte (a property test compares the two on arbitrary JSON, encoding.spec.ts).
import { utf8 } from './bytes';

/** Deep enough for any event; also how a cyclic value fails (clearly, not by stack overflow). */
const MAX_DEPTH = 64;

class NotJson extends Error {
  readonly reason: string;
  readonly path: string;

  constructor(reason: string, path: string) {
    super(`${reason} at "${path}"`);
    this.reason = reason;
    this.path = path;
  }
}

function serialize(value: unknown, depth: number): string {
  if (value === undefined) throw new NotJson('undefined is not permitted in JSON', '');
  if (value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new NotJson(`non-finite number (${value}) is not permitted in JSON (RFC 8785 §3.2.2.3)`, '');
    if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') throw new NotJson(`a ${typeof value} is not JSON`, '');
    // Strings, finite numbers and booleans: RFC 8785 uses ECMAScript's JSON.stringify for them.
    return JSON.stringify(value);
  }
  if (depth >= MAX_DEPTH) throw new NotJson(`nesting deeper than ${MAX_DEPTH} (or a cycle)`, '');
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      try {
        out += serialize(value[i], depth + 1);
      } catch (error) {
        throw error instanceof NotJson ? new NotJson(error.reason, `[${i}]${error.path}`) : error;
      }
    }
    return out + ']';
  }
  const object = value as Record<string, unknown>;
  const keys = sortedKeys(object);
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (i > 0) out += ',';
    try {
      out += memberName(key) + serialize(object[key], depth + 1);
    } catch (error) {
      throw error instanceof NotJson ? new NotJson(error.reason, `.${key}${error.path}`) : error;
    }
  }
  return out + '}';
}

/**
 * Own keys in UTF-16 code unit order, the order RFC 8785 §3.2.3 prescribes (and the default
 * sort's). Insertion sort for the few keys of an event object beats the default sort's string
 * conversions; larger objects keep the O(n log n) sort.
 */
function sortedKeys(object: object): string[] {
  const keys = Object.keys(object);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/** `"key":` for the member names events use over and over; bounded, as keys may come from input. */
const memberNames = new Map<string, string>();
const MAX_MEMBER_NAMES = 4096;

function memberName(key: string): string {
  let name = memberNames.get(key);
  if (name === undefined) {
    name = JSON.stringify(key) + ':';
    if (memberNames.size < MAX_MEMBER_NAMES && key.length <= 64) memberNames.set(key, name);
  }
  return name;
}

/**
 * RFC 8785 (JCS) text of a JSON value. `undefined` anywhere is an error rather than being
 * silently dropped: a value that is not JSON must never acquire a signature.
 */
export function canonicalJson(value: unknown): string {
  try {
    return serialize(value, 0);
  } catch (error) {
    if (error instanceof NotJson) throw new Error(`${error.reason} at "${error.path || '(root)'}"`);
    throw error;
  }
}

export function canonicalBytes(value: unknown): Uint8Array {
  return utf8(canonicalJson(value));
}
