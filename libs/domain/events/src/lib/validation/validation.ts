// Structured validation results. Every problem names the field (dotted path with [i] for
// array items, plus an RFC 6901 pointer) and the rule it broke, so the HTTP layer can emit
// RFC 9457 problem details without parsing messages.
import type * as z from 'zod';

export const VALIDATION_RULES = [
  'required',
  'type',
  'pattern',
  'format',
  'enum',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'multipleOf',
  'unknown-field',
  'unique',
  'consistency',
  'unknown-event-type',
  'unsupported-schema-version',
  'invalid',
] as const;
export type ValidationRule = (typeof VALIDATION_RULES)[number];

export type PathSegment = string | number;

export interface ValidationIssue {
  /** Dotted path, `goods[2].hsCode`; empty string for the value itself. */
  readonly path: string;
  /** RFC 6901 JSON Pointer of the same location, `/goods/2/hsCode`. */
  readonly pointer: string;
  readonly segments: readonly PathSegment[];
  readonly rule: ValidationRule;
  readonly message: string;
  /** Rule parameters (limits, pattern, allowed values) for clients; never the rejected value. */
  readonly params?: Readonly<Record<string, string | number | boolean | readonly string[]>>;
}

export type ValidationResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

// No TypeScript parameter properties or enums anywhere in this library: the docs script runs
// it under Node's type stripping, which only erases types.
export class EventValidationError extends Error {
  readonly code = 'EVENT_VALIDATION_FAILED';
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[], context = 'event') {
    super(`Invalid ${context}: ${issues.map((i) => `${i.path || '(root)'} [${i.rule}] ${i.message}`).join('; ')}`);
    this.name = 'EventValidationError';
    this.issues = issues;
  }
}

export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

export function toPointer(segments: readonly PathSegment[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

export function makeIssue(
  segments: readonly PathSegment[],
  rule: ValidationRule,
  message: string,
  params?: ValidationIssue['params'],
): ValidationIssue {
  return { path: formatPath(segments), pointer: toPointer(segments), segments: [...segments], rule, message, ...(params ? { params } : {}) };
}

export function prefixIssues(issues: readonly ValidationIssue[], prefix: readonly PathSegment[]): ValidationIssue[] {
  return issues.map((i) => makeIssue([...prefix, ...i.segments], i.rule, i.message, i.params));
}

function valueAt(root: unknown, segments: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let current: unknown = root;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, segment)) {
      return { found: false, value: undefined };
    }
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return { found: true, value: current };
}

function segmentsOf(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((p) => (typeof p === 'number' ? p : String(p)));
}

const MAX_LISTED_VALUES = 20;

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'number';
  return typeof value;
}

/** Maps zod 4 issues onto the rule vocabulary, one issue per offending field. */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], input: unknown): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const issue of issues) {
    const segments = segmentsOf(issue.path);
    switch (issue.code) {
      case 'invalid_type': {
        const { found, value } = valueAt(input, issue.path);
        if (!found || value === undefined) {
          out.push(makeIssue(segments, 'required', 'is required'));
        } else {
          const expected = issue.expected === 'int' ? 'integer' : String(issue.expected);
          out.push(makeIssue(segments, 'type', `must be ${expected}, got ${describeType(value)}`, { expected }));
        }
        break;
      }
      case 'too_small': {
        const min = Number(issue.minimum);
        if (issue.origin === 'string') out.push(makeIssue(segments, 'minLength', `must have at least ${min} characters`, { minLength: min }));
        else if (issue.origin === 'array') out.push(makeIssue(segments, 'minItems', `must have at least ${min} items`, { minItems: min }));
        else if (issue.inclusive === false) out.push(makeIssue(segments, 'exclusiveMinimum', `must be greater than ${min}`, { exclusiveMinimum: min }));
        else out.push(makeIssue(segments, 'minimum', `must be at least ${min}`, { minimum: min }));
        break;
      }
      case 'too_big': {
        const max = Number(issue.maximum);
        if (issue.origin === 'string') out.push(makeIssue(segments, 'maxLength', `must have at most ${max} characters`, { maxLength: max }));
        else if (issue.origin === 'array') out.push(makeIssue(segments, 'maxItems', `must have at most ${max} items`, { maxItems: max }));
        else out.push(makeIssue(segments, 'maximum', `must be at most ${max}`, { maximum: max }));
        break;
      }
      case 'invalid_format': {
        if (issue.format === 'regex') {
          const pattern = (issue.pattern ?? '').replace(/^\/(.*)\/[a-z]*$/s, '$1');
          out.push(makeIssue(segments, 'pattern', `must match ${pattern}`, { pattern }));
        } else {
          const format = issue.format === 'datetime' ? 'date-time' : String(issue.format);
          out.push(makeIssue(segments, 'format', `must be a valid ${format === 'date-time' ? 'RFC 3339 date-time with seconds and offset' : format}`, { format }));
        }
        break;
      }
      case 'invalid_value': {
        // Enums and literals report a missing value as invalid_value: it is still "required".
        const { found, value } = valueAt(input, issue.path);
        if (!found || value === undefined) {
          out.push(makeIssue(segments, 'required', 'is required'));
          break;
        }
        const values = issue.values.map(String);
        const listed = values.length <= MAX_LISTED_VALUES;
        out.push(
          makeIssue(
            segments,
            'enum',
            listed ? `must be one of ${values.join(', ')}` : `must be one of the ${values.length} allowed codes`,
            listed ? { allowed: values } : { allowedCount: values.length },
          ),
        );
        break;
      }
      case 'unrecognized_keys':
        for (const key of issue.keys) out.push(makeIssue([...segments, key], 'unknown-field', 'is not a field of this schema'));
        break;
      case 'not_multiple_of':
        out.push(makeIssue(segments, 'multipleOf', `must be a multiple of ${issue.divisor}`, { multipleOf: issue.divisor }));
        break;
      case 'custom': {
        const rule = (issue.params?.['rule'] as ValidationRule | undefined) ?? 'consistency';
        out.push(makeIssue(segments, rule, issue.message));
        break;
      }
      default:
        out.push(makeIssue(segments, 'invalid', issue.message));
    }
  }
  return dedupe(out);
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.pointer}\u0000${i.rule}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Runs a zod schema and returns the structured result. */
export function runSchema<T>(schema: z.ZodType<T>, input: unknown): ValidationResult<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: fromZodIssues(parsed.error.issues, input) };
}
