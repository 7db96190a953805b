import type { ValidationResult } from '../validation/validation';
import { makeIssue, runSchema } from '../validation/validation';
import type { EventPayload, EventType } from './catalogue';
import { getEventDefinition, getPayloadSchema, isEventType } from './catalogue';

/**
 * Validates a payload against its (type, schemaVersion) schema; the newest version when
 * `schemaVersion` is omitted. Unknown fields are errors: a field the schema does not know
 * would sit outside the commitment.
 */
export function validatePayload<T extends EventType>(
  eventType: T,
  payload: unknown,
  schemaVersion?: number,
): ValidationResult<EventPayload<T>>;
export function validatePayload(eventType: string, payload: unknown, schemaVersion?: number): ValidationResult<unknown>;
export function validatePayload(eventType: string, payload: unknown, schemaVersion?: number): ValidationResult<unknown> {
  if (!isEventType(eventType)) {
    return { ok: false, issues: [makeIssue([], 'unknown-event-type', `unknown event type "${eventType}"`)] };
  }
  const schema = getPayloadSchema(eventType, schemaVersion);
  if (!schema) {
    const known = getEventDefinition(eventType).schemaVersions.join(', ');
    return {
      ok: false,
      issues: [
        makeIssue([], 'unsupported-schema-version', `${eventType} has no schema version ${schemaVersion} (known: ${known})`),
      ],
    };
  }
  return runSchema(schema, payload);
}
