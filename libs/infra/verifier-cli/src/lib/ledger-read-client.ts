/**
 * The ledger's read API as the exporter uses it: entries with inclusion proofs (/v1), signed
 * checkpoints with cosignatures, consistency proofs, and C2SP tlog-tiles (hash tiles for the
 * left frontier of a range, entry bundles for its envelopes). Everything it returns is checked
 * again by the verifier; the client only fetches.
 */
import { type TileReader, type TileRef, TILE_WIDTH, decodeEntryBundle, entryBundlePath, tilePath } from '@borderledger/merkle-log';

export interface LedgerEntryWithProof {
  readonly index: number;
  readonly eventId: string;
  readonly envelope: Record<string, unknown>;
  readonly inclusionProof: { readonly treeSize: number; readonly leafIndex: number; readonly hashes: readonly string[] };
  /** The signed checkpoint of inclusionProof.treeSize with its cosignatures. */
  readonly checkpoint: string;
}

export class LedgerReadError extends Error {
  override readonly name = 'LedgerReadError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface LedgerReadClientOptions {
  readonly baseUrl: string;
  readonly token?: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export class LedgerReadClient implements TileReader {
  private readonly fetch: typeof fetch;
  private readonly baseUrl: string;

  constructor(private readonly options: LedgerReadClientOptions) {
    this.fetch = options.fetch ?? fetch;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  entryByEventId(eventId: string, treeSize?: number): Promise<LedgerEntryWithProof> {
    return this.json(`v1/events/${encodeURIComponent(eventId)}${treeSize ? `?treeSize=${treeSize}` : ''}`);
  }

  entryByIndex(index: number, treeSize?: number): Promise<LedgerEntryWithProof> {
    return this.json(`v1/entries/${index}${treeSize ? `?treeSize=${treeSize}` : ''}`);
  }

  /** A signed checkpoint with its cosignatures: the final one, the latest, or one size. */
  async checkpoint(which: 'final' | 'latest' | number): Promise<string> {
    return new TextDecoder().decode(await this.bytes(`v1/checkpoints/${which}`));
  }

  async consistencyProof(from: number, to: number): Promise<string[]> {
    if (from === to || from === 0) return [];
    const view = await this.json<{ hashes: string[] }>(`v1/proofs/consistency?from=${from}&to=${to}`);
    return view.hashes;
  }

  /** Leaf data (envelope bytes) of entries [from, to), through entry bundles. */
  async entries(from: number, to: number): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    for (let n = Math.floor(from / TILE_WIDTH); n * TILE_WIDTH < to; n++) {
      const start = n * TILE_WIDTH;
      const width = Math.min(TILE_WIDTH, to - start);
      const bundle = decodeEntryBundle(await this.bytes(entryBundlePath(n, width)));
      if (bundle.length < width) throw new LedgerReadError(`entry bundle ${n} holds ${bundle.length} entries, expected ${width}`);
      out.push(...bundle.slice(Math.max(0, from - start), width));
    }
    return out;
  }

  async readTiles(tiles: readonly TileRef[]): Promise<readonly Uint8Array[]> {
    return Promise.all(tiles.map((t) => this.bytes(tilePath(t))));
  }

  private async json<T>(path: string): Promise<T> {
    return JSON.parse(new TextDecoder().decode(await this.bytes(path))) as T;
  }

  private async bytes(path: string): Promise<Uint8Array> {
    const url = `${this.baseUrl}/${path}`;
    let response: Response;
    try {
      response = await this.fetch(url, {
        headers: this.options.token ? { authorization: `Bearer ${this.options.token}` } : {},
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (e) {
      throw new LedgerReadError(`GET ${url} failed: ${(e as Error).message}`);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      let detail = text.slice(0, 300);
      try {
        const problem = JSON.parse(text) as { detail?: string; title?: string };
        detail = problem.detail ?? problem.title ?? detail;
      } catch {
        // not problem+json
      }
      throw new LedgerReadError(`GET ${url} answered ${response.status}${detail ? `: ${detail}` : ''}`, response.status);
    }
    return new Uint8Array(await response.arrayBuffer());
  }
}
