// Public API of @borderledger/witness: the C2SP tlog-witness add-checkpoint endpoint every node
// mounts (WitnessModule), its configuration, and the pieces behind it.
export { WitnessModule, type WitnessModuleOptions } from './lib/witness.module';
export { WitnessConfigError, witnessSettingsFromConfig, witnessVariables, type WitnessSettings } from './lib/witness-config';
export { AddCheckpointCommand, MalformedAddCheckpointError } from './lib/add-checkpoint.command';
export { AddCheckpointUseCase, type AddCheckpointDependencies, type RegistryProvider, type WitnessOutcome } from './lib/add-checkpoint.use-case';
export { AddCheckpointController, TLOG_SIZE_CONTENT_TYPE } from './lib/add-checkpoint.controller';
export { HttpLedgerEntrySource, LedgerUnavailableError, type HttpLedgerEntrySourceOptions, type LedgerEntrySource } from './lib/ledger-entry-source';
export { PrismaWitnessStateStore, type EquivocationEvidence, type WitnessEvidenceStore } from './lib/prisma-witness-state.store';
export { WitnessMetrics } from './lib/witness-metrics';
