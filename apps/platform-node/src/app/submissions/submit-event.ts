import { z } from 'zod';
import type { FieldViolation } from '@borderledger/service-runtime';

export const SUBMISSIONS_TOPIC = Symbol('SUBMISSIONS_TOPIC');

/** The plumbing submission: enough to prove the path; the signed envelope replaces it (issue 3). */
export const submissionSchema = z.object({
  eventId: z.uuid({ message: 'must be a UUID' }),
  consignmentRef: z.string().min(1).max(64).regex(/^[A-Z0-9-]+$/, 'must be upper-case letters, digits and dashes'),
  payload: z.record(z.string(), z.unknown()),
});

export type Submission = z.infer<typeof submissionSchema>;

export function submissionViolations(error: z.ZodError): FieldViolation[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('') || '(body)',
    rule: issue.code,
    message: issue.message,
  }));
}
