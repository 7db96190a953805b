// Problem types of the ingestion API (RFC 9457), documented in docs/api/ingestion.md. One list,
// so the docs, the OpenAPI description and the tests name the same codes.
import type { FieldViolation, ProblemDetails } from '@borderledger/service-runtime';
import { problemType } from '@borderledger/service-runtime';
import type { PathSegment } from '@borderledger/events';
import { formatPath } from '@borderledger/events';
import type * as z from 'zod';

export const INGESTION_PROBLEMS = {
  /** An event broke its schema or the envelope rules; `errors` names each field and rule. */
  'invalid-event': { title: 'Invalid event', status: 422 },
  /** None of the roles of the caller may emit this event type. */
  'event-type-not-permitted': { title: 'Event type not permitted', status: 403 },
  /** The event names another participant as submitter: a participant submits only as itself. */
  'submitter-mismatch': { title: 'Submitter is not the caller', status: 403 },
  /** The envelope's key is not a key of the caller that is valid now and at submittedAt. */
  'unknown-signing-key': { title: 'Unknown or expired signing key', status: 422 },
  'bad-signature': { title: 'Signature does not verify', status: 422 },
  'commitment-mismatch': { title: 'Payload does not match the commitment', status: 422 },
  /** Custodial mode, but this node holds no current key of the caller. */
  'no-custodial-key': { title: 'No custodial signing key', status: 422 },
  /** The event id is already used by a different event. */
  'event-id-conflict': { title: 'Event id already used', status: 409 },
  /** Request-level: the body is neither an event nor { events: [...] }. */
  'invalid-request': { title: 'Invalid request', status: 400 },
  'batch-too-large': { title: 'Batch too large', status: 413 },
  /** Request-level: no event of the request was accepted. */
  'invalid-events': { title: 'No event accepted', status: 422 },
  'forbidden-events': { title: 'No event permitted', status: 403 },
  unauthenticated: { title: 'Authentication required', status: 401 },
  'participant-suspended': { title: 'Participant suspended', status: 403 },
  'event-not-found': { title: 'Event not found', status: 404 },
} as const;
export type IngestionProblemCode = keyof typeof INGESTION_PROBLEMS;

export interface ItemProblem extends ProblemDetails {
  readonly errors: readonly FieldViolation[];
}

export function itemProblem(code: IngestionProblemCode, detail: string, errors: readonly FieldViolation[]): ItemProblem {
  const { title, status } = INGESTION_PROBLEMS[code];
  return { type: problemType(code), title, status, detail, errors };
}

export function violation(segments: readonly PathSegment[], rule: string, message: string): FieldViolation {
  return { path: formatPath(segments), rule, message };
}

/** zod issues of the request shapes as field violations (same rule names as @borderledger/events). */
export function shapeViolations(error: z.ZodError, prefix: readonly PathSegment[]): FieldViolation[] {
  const out: FieldViolation[] = [];
  for (const issue of error.issues) {
    const at = [...prefix, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) out.push(violation([...at, key], 'unknown-field', 'is not a field of this request'));
        break;
      case 'invalid_type':
        out.push(violation(at, issue.input === undefined ? 'required' : 'type', issue.input === undefined ? 'is required' : `must be ${issue.expected}`));
        break;
      default:
        out.push(violation(at, 'invalid', issue.message));
    }
  }
  return out;
}
