/**
 * The witness every Borderledger node mounts: POST /add-checkpoint (c2sp.org/tlog-witness) with
 * this node's cosigning key, its own state in PostgreSQL, and the node's view of the participant
 * registry for re-validating entries. See docs/design/witness.md.
 */
import { PrismaService } from '@borderledger/data';
import { CachedRegistry, PrismaRegistrySource } from '@borderledger/ledger-store';
import { createNodeEd25519Verifier } from '@borderledger/node-crypto';
import { cosignatureSignerFromKey, noteVerifierFromKey } from '@borderledger/merkle-log';
import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { AddCheckpointController } from './add-checkpoint.controller';
import { AddCheckpointUseCase, type RegistryProvider } from './add-checkpoint.use-case';
import { HttpLedgerEntrySource, type LedgerEntrySource } from './ledger-entry-source';
import { PrismaWitnessStateStore } from './prisma-witness-state.store';
import type { WitnessSettings } from './witness-config';
import { WitnessMetrics } from './witness-metrics';

export interface WitnessModuleOptions {
  readonly settings: WitnessSettings;
  /** This node's PostgreSQL (witness_checkpoints, equivocation_reports, participants, participant_keys). */
  readonly databaseUrl: string;
  readonly logger: Logger;
  /** Tests: the cosignature clock (POSIX seconds), another entry source or registry. */
  readonly clock?: () => number;
  readonly entrySource?: LedgerEntrySource;
  readonly registry?: RegistryProvider;
}

const WITNESS_PRISMA = Symbol('WITNESS_PRISMA');

@Module({})
export class WitnessModule {
  static forRoot(options: WitnessModuleOptions): DynamicModule {
    const { settings } = options;
    const logger = options.logger.child({ component: 'witness', witness: settings.name });
    return {
      module: WitnessModule,
      controllers: [AddCheckpointController],
      providers: [
        // Its own small pool: the witness must keep answering while the node's other work is busy.
        { provide: WITNESS_PRISMA, useFactory: () => new PrismaService({ databaseUrl: options.databaseUrl, poolSize: 4 }) },
        {
          provide: AddCheckpointUseCase,
          inject: [WITNESS_PRISMA],
          useFactory: (prisma: PrismaService) =>
            new AddCheckpointUseCase({
              cosigner: cosignatureSignerFromKey(settings.signingKey, () => Math.floor(Date.now() / 1000)),
              logs: [{ origin: settings.origin, verifiers: settings.logPublicKeys.map((k) => noteVerifierFromKey(k)) }],
              store: new PrismaWitnessStateStore(prisma, settings.name),
              entries:
                options.entrySource ??
                new HttpLedgerEntrySource({ baseUrl: settings.ledgerUrl, ...(settings.ledgerReadToken ? { token: settings.ledgerReadToken } : {}) }),
              registry: options.registry ?? new CachedRegistry(new PrismaRegistrySource(prisma)),
              verifySignature: createNodeEd25519Verifier(),
              metrics: new WitnessMetrics(),
              logger,
              ...(options.clock ? { clock: options.clock } : {}),
            }),
        },
      ],
    };
  }
}
