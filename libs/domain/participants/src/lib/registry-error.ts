/** One bad field of a command: the same shape as an RFC 9457 field violation. */
export interface FieldIssue {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
}

export const REGISTRY_ERROR_CODES = [
  'INVALID_COMMAND',
  'PARTICIPANT_EXISTS',
  'PARTICIPANT_NOT_FOUND',
  'PARTICIPANT_SUSPENDED',
  'KEY_ALREADY_REGISTERED',
  'CREDENTIAL_NOT_FOUND',
] as const;
export type RegistryErrorCode = (typeof REGISTRY_ERROR_CODES)[number];

/** Typed failure of a registry use case; the HTTP edge maps the code to problem+json. */
export class RegistryError extends Error {
  readonly code: RegistryErrorCode;
  readonly issues: readonly FieldIssue[];
  constructor(code: RegistryErrorCode, message: string, issues: readonly FieldIssue[] = []) {
    super(message);
    this.name = 'RegistryError';
    this.code = code;
    this.issues = issues;
  }
}
