/**
 * Writes a proof bundle from the ledger's read API: entries (by event id or index) with their
 * inclusion proofs, or a contiguous range with its left frontier and a consistency proof, all
 * against one signed checkpoint, plus the trusted keys. The bundle verifies offline
 * (docs/design/proof-bundle.md); nothing here is trusted by the verifier.
 */
import { TileHashReader, base64Encode, frontierNodeIds, peekCheckpoint, utf8Decode } from '@borderledger/merkle-log';
import { PROOF_BUNDLE_FORMAT, type BundleEntry, type BundleRange, type ProofBundle, type TrustedKeys } from '@borderledger/verifier';
import { type LedgerEntryWithProof, LedgerReadClient, LedgerReadError } from './ledger-read-client';

export interface ExportRequest {
  readonly eventIds?: readonly string[];
  readonly indices?: readonly number[];
  /** Entries [from, to). */
  readonly range?: { readonly from: number; readonly to: number };
  /** Which checkpoint the proofs refer to (default: the final one). */
  readonly checkpoint?: 'final' | 'latest' | number;
}

export async function exportProofBundle(client: LedgerReadClient, request: ExportRequest, keys: TrustedKeys, source?: string): Promise<ProofBundle> {
  const checkpoint = await client.checkpoint(request.checkpoint ?? 'final');
  const size = peekCheckpoint(checkpoint).checkpoint.size;
  const fetched: LedgerEntryWithProof[] = [];
  for (const id of request.eventIds ?? []) fetched.push(await client.entryByEventId(id, size));
  for (const index of request.indices ?? []) fetched.push(await client.entryByIndex(index, size));
  const entries: BundleEntry[] = fetched.map((e) => ({ index: e.index, envelope: e.envelope, inclusionProof: [...e.inclusionProof.hashes] }));
  let range: BundleRange | undefined;
  if (request.range) {
    const { from, to } = request.range;
    if (!(from >= 0 && from < to && to <= size)) throw new LedgerReadError(`the range ${from}..${to - 1} is not inside the checkpoint of size ${size}`);
    const leftFrontier = from === 0 ? [] : (await new TileHashReader(size, client).readNodes(frontierNodeIds(from))).map(base64Encode);
    const envelopes = (await client.entries(from, to)).map((bytes) => JSON.parse(utf8Decode(bytes)) as Record<string, unknown>);
    range = { from, leftFrontier, envelopes, consistencyProof: await client.consistencyProof(to, size) };
  }
  return {
    format: PROOF_BUNDLE_FORMAT,
    exportedAt: new Date().toISOString(),
    ...(source ? { source } : {}),
    ...keys,
    checkpoint,
    entries,
    ...(range ? { range } : {}),
  };
}
