// Public API of @borderledger/events: the Buy-Ship-Pay event catalogue, validation, payload
// commitments with selective disclosure, envelopes, signatures and fixtures. Pure domain code:
// no I/O, no Node-only APIs; it runs unchanged in a browser verifier.

// Catalogue
export type { EventPayload, EventProcess, EventScope, EventType, EventTypeDefinition, PayloadSchema } from './lib/catalogue/catalogue';
export {
  EVENT_PROCESSES,
  EVENT_TYPES,
  getEventDefinition,
  getPayloadSchema,
  isEventType,
  listEventDefinitions,
} from './lib/catalogue/catalogue';
export { CONSIGNMENT_REF_PATTERN } from './lib/catalogue/consignment-ref';
export { validatePayload } from './lib/catalogue/payload-validation';
export type { CountryCode, CurrencyCode, Ics2Referral, ParticipantRole, SelectivityLane } from './lib/schema/codes';
export {
  COUNTRY_CODES,
  CURRENCY_CODES,
  ICS2_REFERRALS,
  INCOTERMS,
  PARTICIPANT_ROLES,
  SELECTIVITY_LANES,
  TRANSPORT_DOCUMENT_TYPES,
  TRANSPORT_MODES,
} from './lib/schema/codes';
export type { DataCluster, FieldMeta } from './lib/schema/field-meta';
export { DATA_CLUSTERS, PERSONAL_DATA_CLUSTERS } from './lib/schema/field-meta';
export { HS_CODE_PATTERN, KEY_ID_PATTERN, PARTICIPANT_ID_PATTERN } from './lib/schema/primitives';

// Validation
export type { PathSegment, ValidationIssue, ValidationResult, ValidationRule } from './lib/validation/validation';
export { EventValidationError, VALIDATION_RULES, formatPath, prefixIssues, toPointer } from './lib/validation/validation';
export type { VerificationFailure, VerificationResult } from './lib/validation/verification';
export { VERIFICATION_FAILURES } from './lib/validation/verification';

// Canonical encoding, bytes and hashing
export type { Sha256 } from './lib/crypto/hash';
export { resetSha256, useSha256 } from './lib/crypto/hash';
export { canonicalBytes, canonicalJson } from './lib/encoding/canonical';
export { fromBase64Url, toBase64Url, utf8 } from './lib/encoding/bytes';
export { InclusionPathMemo } from './lib/merkle/merkle-tree';

// Payload commitments and selective disclosure
export type {
  CommitOptions,
  CommitmentTarget,
  CommittedPayload,
  DisclosedField,
  DisclosureVerification,
  JsonScalar,
  PayloadDisclosure,
  PayloadOpening,
  VerifiedField,
} from './lib/commitment/commitment';
export {
  DisclosureError,
  PAYLOAD_LEAF_TAG,
  SALT_BYTES,
  commitPayload,
  computeCommitment,
  createDisclosure,
  openingSalts,
  toPartialPayload,
  verifyDisclosure,
  verifyPayloadOpening,
} from './lib/commitment/commitment';
export type { LeafSlot, PayloadLayout } from './lib/commitment/layout';
export { fieldCluster, getPayloadLayout } from './lib/commitment/layout';
export type { FieldNode, ScalarKind } from './lib/schema/introspection';

// Envelope, keys, signatures, batches
export type { BatchSignedEnvelope, BuildEnvelopeInput, EnvelopeBatchSignature, EventEnvelope, SingleSignedEnvelope, UnsignedEnvelope } from './lib/envelope/envelope';
export {
  ENVELOPE_VERSION,
  MAX_CLOCK_SKEW_MS,
  MAX_ENVELOPE_BATCH_SIZE,
  UUID_V7_PATTERN,
  buildEnvelope,
  envelopeSigningInput,
  newEventId,
  uuidV7Timestamp,
  validateEnvelope,
  validateUnsignedEnvelope,
  withoutSignature,
} from './lib/envelope/envelope';
export type { SigningKey } from './lib/envelope/keys';
export { KEY_ID_PREFIX, deriveKeyId, generateSigningKey, signingKeyFromPrivateKey } from './lib/envelope/keys';
export { SigningError, signEnvelope, verifyEnvelope } from './lib/envelope/signing';
export type { EnvelopeBatchStatement, SignatureClaim } from './lib/envelope/signature-claim';
export { ENVELOPE_BATCH_KIND, batchStatementBytes, envelopeLeafHash, envelopeSignatureClaim, signedEnvelopeBytes, signedEnvelopeText } from './lib/envelope/signature-claim';
export { signEnvelopeBatch } from './lib/envelope/batch';
export type { CreateSignedEventInput, SignedEvent } from './lib/signed-event';
export { createSignedEvent, verifySignedEvent } from './lib/signed-event';

// Docs and JSON Schema
export type { EventTypeDoc, FieldDoc } from './lib/docs/catalogue-docs';
export { describeEnvelope, describeEventCatalogue, describeEventType, renderEventCatalogueMarkdown } from './lib/docs/catalogue-docs';
export type { JsonSchema, JsonSchemaOptions } from './lib/docs/json-schema';
export { catalogueJsonSchemas, envelopeJsonSchema, payloadJsonSchema } from './lib/docs/json-schema';

// Fixtures for tests
export type { FixtureEventOptions } from './lib/fixtures/fixtures';
export {
  FIXTURE_CONSIGNMENT_REF,
  FIXTURE_MASTER_CONSIGNMENT_REF,
  FIXTURE_OCCURRED_AT,
  FIXTURE_PARTICIPANTS,
  FIXTURE_SUBMITTED_AT,
  buildFixtureEvent,
  fixturePayload,
  fixtureRandomBytes,
  fixtureSigningKey,
} from './lib/fixtures/fixtures';
