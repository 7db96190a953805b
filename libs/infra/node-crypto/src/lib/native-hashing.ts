// The domain libraries hash with pure-JS SHA-256 so they run in a browser. A Node process
// installs node:crypto's one-shot SHA-256 (OpenSSL) instead: 1.5× faster on 65-byte inputs,
// 3.6× on 700-byte ones, and it allocates less. Each install checks the FIPS 180-2 vector.
import { hash } from 'node:crypto';
import { useSha256 } from '@borderledger/events';
import { useLogSha256 } from '@borderledger/merkle-log';

function nodeSha256(data: Uint8Array): Uint8Array {
  // Asked for as a 'binary' (latin1) string (one char per byte) rather than a Buffer: node's hash() takes a
  // slow path for the 'buffer' encoding, about twice the cost of a 65-byte hash in all. A plain
  // Uint8Array also keeps Buffer behaviour (toString, toJSON, equality in tests) out of domain values.
  const digest = hash('sha256', data, 'binary');
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = digest.charCodeAt(i);
  return out;
}

/** Makes every payload commitment, batch root and log hash in this process use node:crypto. */
export function useNativeHashing(): void {
  useSha256(nodeSha256);
  useLogSha256(nodeSha256);
}
