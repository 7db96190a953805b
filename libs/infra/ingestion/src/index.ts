// Public API of @borderledger/ingestion: the NestJS module the platform, carrier and logistics
// nodes share (POST /v1/events, GET /v1/events/:id), its use cases, the custodial keystore, the
// Submission outbox and the status updater. API guide: docs/api/ingestion.md.
export { runIngestionNode, type IngestionNodeOptions } from './lib/run-ingestion-node';
export { IngestionModule, type IngestionModuleOptions } from './lib/ingestion.module';
export { ingestionNodeConfig, type IngestionNodeConfig } from './lib/ingestion-config';
export { DEFAULT_MAX_BATCH, EventsController } from './lib/http/events.controller';
export { ParticipantAuthGuard, CurrentParticipant, type AuthenticatedRequest } from './lib/http/participant-auth.guard';
export { ParticipantThrottlerGuard } from './lib/http/participant-throttler.guard';
export {
  KeystoreError,
  NodeKeystore,
  keystoreFileSchema,
  loadKeystore,
  parseKeystoreFile,
  type CustodialKey,
  type KeystoreFile,
} from './lib/keystore/node-keystore';
export { custodialKeyLookup } from './lib/keystore/custodial-keys';
export { INGESTION_PROBLEMS, type IngestionProblemCode, type ItemProblem } from './lib/submission/ingestion-problems';
export {
  fingerprintOf,
  prepareItem,
  type ItemContext,
  type ItemOutcome,
  type PreparedEvent,
  type SigningKeyLookup,
  type SubmissionMode,
  type ValidItem,
} from './lib/submission/event-item';
export { signCustodialEnvelopes, type EnvelopeToSign } from './lib/submission/custodial-signing';
export {
  IngestionRequestError,
  SubmitEvents,
  SubmitEventsCommand,
  statusUrl,
  statusWhenNothingAccepted,
  type ItemResult,
  type SubmitEventsOptions,
  type SubmitEventsPorts,
  type SubmitEventsResult,
} from './lib/submission/submit-events';
export { GetEventStatus, type EventStatus } from './lib/submission/get-event-status';
export {
  InMemorySubmissionStore,
  PrismaSubmissionStore,
  SubmissionStore,
  type CommittedUpdate,
  type NewSubmission,
  type RejectedUpdate,
  type StoredSubmission,
  type SubmissionState,
} from './lib/submission/submission.store';
export { InMemorySubmissionSink, KafkaSubmissionSink, SubmissionSink, submissionRecord, type OutgoingSubmission } from './lib/submission/submission-sink';
export { OutboxRelayService, type OutboxRelayOptions } from './lib/outbox/outbox-relay.service';
export { StatusUpdaterService } from './lib/status/status-updater.service';
export { decodeStatusRecord, type StatusRecord } from './lib/status/status-updater';
export { eventItemSchema, submitRequestSchema } from './lib/http/openapi-schemas';
