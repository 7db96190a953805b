import type { CredentialRecord, KeyAtTime, Participant, ParticipantKeyRecord, RegistryView } from '@borderledger/participants';
import { RegistrySnapshot } from '@borderledger/participants';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RegistryRepository } from './registry.repository';

export interface RegistryViewOptions {
  /** How often the snapshot is reloaded: the longest a revocation or suspension takes to apply. */
  readonly refreshIntervalMs: number;
  /** A lookup that misses reloads at most this often (a new participant is seen at once). */
  readonly missRefreshGapMs: number;
}

export const REGISTRY_VIEW_OPTIONS = Symbol('REGISTRY_VIEW_OPTIONS');
export const DEFAULT_REGISTRY_VIEW_OPTIONS: RegistryViewOptions = { refreshIntervalMs: 2_000, missRefreshGapMs: 1_000 };

/**
 * The RegistryView of a running node: an in-memory RegistrySnapshot reloaded on a timer and on a
 * miss. Lookups stay synchronous (validation is per event); a failed reload keeps the last good
 * snapshot and is logged.
 */
@Injectable()
export class RegistryViewService implements RegistryView, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RegistryViewService.name);
  private snapshot = RegistrySnapshot.empty();
  private loadedAt = 0;
  private inflight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repository: RegistryRepository,
    @Inject(REGISTRY_VIEW_OPTIONS) private readonly options: RegistryViewOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch((error: Error) => this.logger.warn(`registry reload failed, keeping the last snapshot: ${error.message}`));
    }, this.options.refreshIntervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Reloads now; concurrent callers share one reload. */
  refresh(): Promise<void> {
    this.inflight ??= (async () => {
      try {
        const started = Date.now();
        this.snapshot = new RegistrySnapshot(await this.repository.loadRecords());
        this.loadedAt = started;
      } finally {
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }

  /** After a miss: reload unless the snapshot is younger than missRefreshGapMs. */
  async refreshAfterMiss(): Promise<void> {
    if (Date.now() - this.loadedAt < this.options.missRefreshGapMs) return;
    await this.refresh().catch((error: Error) => this.logger.warn(`registry reload failed: ${error.message}`));
  }

  get current(): RegistrySnapshot {
    return this.snapshot;
  }

  participant(id: string): Participant | undefined {
    return this.snapshot.participant(id);
  }

  keyValidAt(keyId: string, at: Date): KeyAtTime | undefined {
    return this.snapshot.keyValidAt(keyId, at);
  }

  signingKeyAt(participantId: string, at: Date): ParticipantKeyRecord | undefined {
    return this.snapshot.signingKeyAt(participantId, at);
  }

  keysOf(participantId: string): readonly ParticipantKeyRecord[] {
    return this.snapshot.keysOf(participantId);
  }

  mayEmit(participantId: string, eventType: string): boolean {
    return this.snapshot.mayEmit(participantId, eventType);
  }

  credential(id: string): CredentialRecord | undefined {
    return this.snapshot.credential(id);
  }
}
