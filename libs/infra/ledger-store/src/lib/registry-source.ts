// Where the ledger gets its RegistrySnapshot. Until the participant registry library lands, the
// ledger reads the Participant and ParticipantKey tables itself, behind this small interface,
// so swapping in the registry's view later touches one provider.
import type { PrismaService } from '@borderledger/data';
import { type RegistrySnapshot, createRegistrySnapshot } from '@borderledger/entry-validation';

export interface RegistrySource {
  /** A consistent snapshot of participants and their keys (history included: rotated keys stay). */
  load(): Promise<RegistrySnapshot>;
}

export class PrismaRegistrySource implements RegistrySource {
  constructor(private readonly prisma: PrismaService) {}

  async load(): Promise<RegistrySnapshot> {
    // One read-only transaction: participants and keys from the same snapshot.
    const [participants, keys] = await this.prisma.$transaction([
      this.prisma.participant.findMany({ select: { id: true, roles: true, status: true } }),
      this.prisma.participantKey.findMany({ select: { keyId: true, participantId: true, publicKey: true, validFrom: true, validUntil: true } }),
    ]);
    return createRegistrySnapshot({
      participants,
      keys: keys.map((k) => ({ ...k, publicKey: new Uint8Array(k.publicKey) })),
    });
  }
}

/**
 * Caches a snapshot for `ttlMs` and reloads early on demand (a miss on an unknown submitter or key
 * may be a participant admitted a moment ago). Reloads are rate-limited so a flood of bad
 * submissions cannot turn into a flood of registry reads.
 */
export class CachedRegistry {
  private snapshot: RegistrySnapshot | undefined;
  private loadedAt = 0;

  constructor(
    private readonly source: RegistrySource,
    private readonly ttlMs = 5_000,
    private readonly minReloadIntervalMs = 1_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async current(): Promise<RegistrySnapshot> {
    if (!this.snapshot || this.clock() - this.loadedAt >= this.ttlMs) await this.reload();
    return this.snapshot as RegistrySnapshot;
  }

  /** Reloads unless the snapshot is younger than minReloadIntervalMs; true when it reloaded. */
  async refresh(): Promise<boolean> {
    if (this.snapshot && this.clock() - this.loadedAt < this.minReloadIntervalMs) return false;
    await this.reload();
    return true;
  }

  private async reload(): Promise<void> {
    this.snapshot = await this.source.load();
    this.loadedAt = this.clock();
  }
}
