import { PrismaLedgerStore } from '@borderledger/ledger-store';
import { Controller, Get } from '@nestjs/common';
import { LedgerHead } from './commit/ledger-head';

@Controller('health')
export class HealthController {
  constructor(
    private readonly store: PrismaLedgerStore,
    private readonly head: LedgerHead,
  ) {}

  /** Readiness: the database answers. Carries the tree size, never data. */
  @Get()
  async health(): Promise<{ status: 'ok'; treeSize: number }> {
    await this.store.latestCheckpoint();
    return { status: 'ok', treeSize: this.head.size };
  }
}
