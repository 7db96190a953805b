// Test helpers for the witness suites: a log to witness, its registry, request bodies, an
// in-memory evidence store and a minimal tlog-tiles server standing in for the ledger's read API.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRegistrySnapshot, type RegistrySnapshot } from '@borderledger/entry-validation';
import { fromBase64Url } from '@borderledger/events';
import { MemoryWitnessStateStore, TILE_WIDTH, encodeEntryBundle, formatAddCheckpointRequest, parseTilePath } from '@borderledger/merkle-log';
import { FixtureLog } from '@borderledger/verifier';
import type { RegistryProvider } from './add-checkpoint.use-case';
import type { EquivocationEvidence, WitnessEvidenceStore } from './prisma-witness-state.store';

export function fixtureRegistry(log: FixtureLog): RegistrySnapshot {
  const keys = log.trustedKeys();
  return createRegistrySnapshot({
    participants: keys.participants.map((p) => ({ id: p.id, roles: p.roles, status: 'active' })),
    keys: keys.participants.flatMap((p) =>
      p.keys.map((k) => ({ keyId: k.keyId, participantId: p.id, publicKey: fromBase64Url(k.publicKey), validFrom: new Date(k.validFrom), validUntil: k.validUntil ? new Date(k.validUntil) : null })),
    ),
  });
}

export class StaticRegistry implements RegistryProvider {
  refreshes = 0;
  constructor(public snapshot: RegistrySnapshot) {}
  async current(): Promise<RegistrySnapshot> {
    return this.snapshot;
  }
  async refresh(): Promise<boolean> {
    this.refreshes++;
    return true;
  }
}

export class MemoryEvidenceStore extends MemoryWitnessStateStore implements WitnessEvidenceStore {
  readonly reports: EquivocationEvidence[] = [];
  async reportEquivocation(evidence: EquivocationEvidence): Promise<boolean> {
    if (this.reports.some((r) => r.treeSize === evidence.treeSize && r.offeredNote === evidence.offeredNote)) return false;
    this.reports.push(evidence);
    return true;
  }
}

/** The add-checkpoint body a log sends: old size, consistency proof, signed checkpoint. */
export async function addCheckpointBody(log: FixtureLog, oldSize: number, newSize = log.size, note = log.checkpoint(newSize, [])): Promise<string> {
  const proof = oldSize === 0 ? [] : await log.consistencyProof(oldSize, newSize);
  return formatAddCheckpointRequest({ oldSize, proof, checkpointNote: note });
}

export interface StubLedger {
  readonly url: string;
  /** Entries the stub serves (defaults to all of the log). */
  published: number;
  /** Replaces the bytes served for an entry (a lying ledger). */
  readonly overrides: Map<number, Uint8Array>;
  requests: string[];
  close(): Promise<void>;
}

/**
 * A minimal stand-in for the ledger's read API: tlog-tiles entry bundles of a FixtureLog, behind
 * a bearer token. Partial bundles are served only at the published edge, as a tiled log does.
 */
export async function startStubLedger(log: FixtureLog, token?: string): Promise<StubLedger> {
  const stub: Omit<StubLedger, 'close' | 'url'> = { published: log.size, overrides: new Map(), requests: [] };
  const server: Server = createServer((req, res) => {
    stub.requests.push(req.url ?? '');
    if (token && req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401).end();
      return;
    }
    let parsed;
    try {
      parsed = parseTilePath((req.url ?? '').replace(/^\//, ''));
    } catch {
      res.writeHead(404).end();
      return;
    }
    if (parsed.kind !== 'entries') {
      res.writeHead(404).end();
      return;
    }
    const start = parsed.index * TILE_WIDTH;
    const available = Math.min(TILE_WIDTH, stub.published - start);
    const servable = parsed.width === TILE_WIDTH ? available === TILE_WIDTH : available < TILE_WIDTH && parsed.width <= available;
    if (!servable) {
      res.writeHead(404).end();
      return;
    }
    const entries = Array.from({ length: parsed.width }, (_, i) => stub.overrides.get(start + i) ?? log.leafData(start + i));
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from(encodeEntryBundle(entries)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(stub, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
