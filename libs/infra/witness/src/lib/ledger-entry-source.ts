/**
 * Where a witness reads the entries a checkpoint adds. The HTTP implementation reads the ledger's
 * C2SP tlog-tiles entry bundles, the standard read path of a tiled log, so it needs no
 * Borderledger-specific endpoint: <base>/tile/entries/<N>[.p/<W>], each bundle a sequence of
 * big-endian uint16 length-prefixed entries (the entries are the envelopes' RFC 8785 bytes).
 */
import { TILE_WIDTH, decodeEntryBundle, entryBundlePath } from '@borderledger/merkle-log';

export interface LedgerEntrySource {
  /** Leaf data of entries [from, to), in index order; exactly to - from items or a rejection. */
  readEntries(from: number, to: number): Promise<Uint8Array[]>;
}

/** The ledger could not be read (down, refusing, answering nonsense): try again later. */
export class LedgerUnavailableError extends Error {
  override readonly name = 'LedgerUnavailableError';
}

export interface HttpLedgerEntrySourceOptions {
  readonly baseUrl: string;
  readonly token?: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export class HttpLedgerEntrySource implements LedgerEntrySource {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: HttpLedgerEntrySourceOptions) {
    this.fetch = options.fetch ?? fetch;
  }

  async readEntries(from: number, to: number): Promise<Uint8Array[]> {
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to < from) throw new RangeError(`bad entry range ${from}..${to}`);
    const out: Uint8Array[] = [];
    for (let n = Math.floor(from / TILE_WIDTH); n * TILE_WIDTH < to; n++) {
      const start = n * TILE_WIDTH;
      // The bundle must cover up to `to`; a partial one when `to` ends inside it.
      const width = Math.min(TILE_WIDTH, to - start);
      const bundle = await this.readBundle(n, width);
      out.push(...bundle.slice(Math.max(0, from - start), width));
    }
    if (out.length !== to - from) throw new LedgerUnavailableError(`the ledger returned ${out.length} entries for ${from}..${to - 1}`);
    return out;
  }

  /** A bundle of at least `width` entries: the partial bundle, or the full one once the log has grown past it. */
  private async readBundle(n: number, width: number): Promise<Uint8Array[]> {
    const paths = width === TILE_WIDTH ? [entryBundlePath(n)] : [entryBundlePath(n, width), entryBundlePath(n)];
    for (const path of paths) {
      const bytes = await this.get(path);
      if (!bytes) continue;
      let entries: Uint8Array[];
      try {
        entries = decodeEntryBundle(bytes);
      } catch (e) {
        throw new LedgerUnavailableError(`entry bundle ${path} does not decode: ${(e as Error).message}`);
      }
      if (entries.length < width) throw new LedgerUnavailableError(`entry bundle ${path} holds ${entries.length} entries, expected at least ${width}`);
      return entries;
    }
    throw new LedgerUnavailableError(`the ledger has no entry bundle ${paths.join(' or ')}`);
  }

  private async get(path: string): Promise<Uint8Array | undefined> {
    const url = `${this.options.baseUrl}/${path}`;
    let response: Response;
    try {
      response = await this.fetch(url, {
        headers: this.options.token ? { authorization: `Bearer ${this.options.token}` } : {},
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (e) {
      throw new LedgerUnavailableError(`GET ${url} failed: ${(e as Error).message}`);
    }
    if (response.status === 404) return undefined;
    if (!response.ok) throw new LedgerUnavailableError(`GET ${url} answered ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }
}
