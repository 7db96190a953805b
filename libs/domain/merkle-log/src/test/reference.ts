/**
 * Naive, recursive transcription of the RFC 9162 §2.1 definitions, used as an
 * independent oracle in property tests. Deliberately shares nothing with the
 * library except SHA-256: MTH, PATH and PROOF/SUBPROOF are written exactly as
 * the RFC states them, over the full list of entries.
 */
import { sha256 } from '@noble/hashes/sha2';

function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** k: the largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]) over raw entries. */
export function refMth(entries: readonly Uint8Array[]): Uint8Array {
  const n = entries.length;
  if (n === 0) return sha256(new Uint8Array(0));
  if (n === 1) return sha256(cat(Uint8Array.of(0), entries[0]));
  const k = split(n);
  return sha256(cat(Uint8Array.of(1), refMth(entries.slice(0, k)), refMth(entries.slice(k))));
}

/** PATH(m, D[n]) — RFC 9162 §2.1.3.1. */
export function refPath(m: number, entries: readonly Uint8Array[]): Uint8Array[] {
  const n = entries.length;
  if (n === 1) return [];
  const k = split(n);
  if (m < k) return [...refPath(m, entries.slice(0, k)), refMth(entries.slice(k))];
  return [...refPath(m - k, entries.slice(k)), refMth(entries.slice(0, k))];
}

/** SUBPROOF(m, D[n], b) — RFC 9162 §2.1.4.1. */
function subproof(m: number, entries: readonly Uint8Array[], b: boolean): Uint8Array[] {
  const n = entries.length;
  if (m === n) return b ? [] : [refMth(entries)];
  const k = split(n);
  if (m <= k) return [...subproof(m, entries.slice(0, k), b), refMth(entries.slice(k))];
  return [...subproof(m - k, entries.slice(k), false), refMth(entries.slice(0, k))];
}

/** PROOF(m, D[n]) for 0 < m <= n. */
export function refProof(m: number, entries: readonly Uint8Array[]): Uint8Array[] {
  return subproof(m, entries, true);
}

export function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export function fromHex(h: string): Uint8Array {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}
