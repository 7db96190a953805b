import { canonicalBytes } from '@borderledger/events';
import { leafHash } from '@borderledger/merkle-log';

/**
 * The Merkle leaf input of a ledger entry: the RFC 8785 (JCS) bytes of the signed envelope,
 * exactly what the ledger stores in ledger_entries.envelope. JCS makes the JSON form and the
 * bytes interchangeable, so a bundle can carry the envelope as readable JSON.
 */
export function entryLeafData(envelope: unknown): Uint8Array {
  return canonicalBytes(envelope);
}

export function entryLeafHash(envelope: unknown): Uint8Array {
  return leafHash(entryLeafData(envelope));
}
