// Public API of @borderledger/participants: the registry's pure domain — records, commands that
// validate themselves, the RegistryView read model and the API token format.
export type { CredentialRecord, Participant, ParticipantKeyRecord, ParticipantStatus } from './lib/participant';
export { PARTICIPANT_STATUSES, keyWindowContains } from './lib/participant';
export { permittedEventTypes, rolesMayEmit } from './lib/permissions';
export type { ApiToken } from './lib/api-token';
export {
  API_TOKEN_PREFIX,
  CREDENTIAL_ID_BYTES,
  CREDENTIAL_ID_PATTERN,
  CREDENTIAL_SECRET_BYTES,
  CREDENTIAL_SECRET_PATTERN,
  formatApiToken,
  parseApiToken,
} from './lib/api-token';
export type { FieldIssue, RegistryErrorCode } from './lib/registry-error';
export { REGISTRY_ERROR_CODES, RegistryError } from './lib/registry-error';
export {
  AdmitParticipantCommand,
  ChangeParticipantStatusCommand,
  IssueCredentialCommand,
  MAX_ROTATION_GRACE_SECONDS,
  RevokeCredentialCommand,
  RotateKeyCommand,
} from './lib/commands';
export type { KeyAtTime, RegistryRecords, RegistryView } from './lib/registry-view';
export { RegistrySnapshot } from './lib/registry-view';
