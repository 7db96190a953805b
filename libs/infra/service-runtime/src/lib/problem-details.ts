/**
 * RFC 9457 problem details. Every error a client sees has this shape; `errors` lists each bad
 * field with the rule it broke so a client can fix a batch without guessing.
 */
export interface FieldViolation {
  /** JSON path of the field, e.g. `events[3].payload.goods[0].hsCode`. */
  readonly path: string;
  /** The rule it broke, e.g. `pattern`, `required`, `max_length`. */
  readonly rule: string;
  readonly message: string;
}

export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: readonly FieldViolation[];
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types are documented at this base, one page per code (docs/api/problems.md). */
export const problemType = (code: string) => `https://borderledger.dev/problems/${code}`;

/** A failure that carries its own problem details; thrown by use cases' HTTP adapters. */
export class ProblemError extends Error {
  constructor(readonly problem: ProblemDetails) {
    super(problem.detail ?? problem.title);
    this.name = 'ProblemError';
  }
}
