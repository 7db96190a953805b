// Public API of @borderledger/registry: the participant registry on PostgreSQL (Prisma) — use
// cases for the admin API, the RegistryView a node validates against, credential hashing and
// bearer-token authentication. The pure model lives in @borderledger/participants.
export { Clock, FixedClock } from './lib/clock';
export {
  DEFAULT_SCRYPT_COST,
  generateCredential,
  hashSecret,
  tokenDigest,
  verifySecret,
  type GeneratedCredential,
  type ScryptCost,
} from './lib/credential-hash';
export {
  InMemoryRegistryRepository,
  PrismaRegistryRepository,
  RegistryRepository,
  type NewCredential,
  type NewKey,
  type NewParticipant,
} from './lib/registry.repository';
export {
  DEFAULT_REGISTRY_VIEW_OPTIONS,
  REGISTRY_VIEW_OPTIONS,
  RegistryViewService,
  type RegistryViewOptions,
} from './lib/registry-view.service';
export { CredentialAuthenticator, type Authentication, type AuthenticationFailure } from './lib/credential-authenticator';
export { RegistryModule, type RegistryModuleOptions } from './lib/registry.module';
export { AdmitParticipant, type AdmittedParticipant } from './lib/usecases/admit-participant.usecase';
export { RotateKey, type RotatedKey } from './lib/usecases/rotate-key.usecase';
export { IssueCredential, type IssuedCredential } from './lib/usecases/issue-credential.usecase';
export { RevokeCredential } from './lib/usecases/revoke-credential.usecase';
export { ChangeParticipantStatus } from './lib/usecases/change-participant-status.usecase';
export {
  DEMO_PARTICIPANTS,
  seedParticipants,
  type ParticipantSecrets,
  type ParticipantSpec,
  type SeedChange,
  type SeedOutcome,
} from './lib/seed/seed-participants';
export { SECRETS_FILE_VERSION, readSecretsFile, writeKeystores, writeSecretsFile, type SecretsFile } from './lib/seed/secrets-file';
