// Commands of the registry's write use cases. Each validates itself when created, so a use case
// only ever sees well-formed input; every bad field is reported at once.
import { COUNTRY_CODES, PARTICIPANT_ID_PATTERN, PARTICIPANT_ROLES, deriveKeyId, fromBase64Url } from '@borderledger/events';
import type { ParticipantRole } from '@borderledger/events';
import { ed25519 } from '@noble/curves/ed25519';
import * as z from 'zod';
import { CREDENTIAL_ID_PATTERN } from './api-token';
import type { ParticipantStatus } from './participant';
import { PARTICIPANT_STATUSES } from './participant';
import type { FieldIssue } from './registry-error';
import { RegistryError } from './registry-error';

const BASE64URL_32_PATTERN = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
/** Longest overlap of an old and a new key after a rotation: clients get time to switch. */
export const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 3600;

const participantId = z.string().regex(PARTICIPANT_ID_PATTERN, 'must be lower-case letters, digits and inner dashes (1–64)');
const name = z
  .string()
  .min(1)
  .max(140)
  // Empty is minLength's to report; otherwise at least one visible character, no control characters.
  .regex(/^(?:[^\p{Cc}]*\S[^\p{Cc}]*)?$/u, 'must be printable text');
const publicKey = z
  .string()
  .regex(BASE64URL_32_PATTERN, 'must be base64url (no padding) of a 32-byte Ed25519 public key')
  .refine(isUsablePublicKey, { message: 'is not a usable Ed25519 public key (invalid or small-order point)', params: { rule: 'ed25519-point' } });

/** A point that is on the curve and not of small order: anything else cannot carry a signature worth checking. */
function isUsablePublicKey(encoded: string): boolean {
  if (!BASE64URL_32_PATTERN.test(encoded)) return true; // the pattern reports it
  try {
    return !ed25519.Point.fromHex(fromBase64Url(encoded)).isSmallOrder();
  } catch {
    return false;
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

function ruleOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'required' : 'type';
    case 'too_small':
      return issue.origin === 'array' ? 'minItems' : issue.origin === 'string' ? 'minLength' : 'minimum';
    case 'too_big':
      return issue.origin === 'array' ? 'maxItems' : issue.origin === 'string' ? 'maxLength' : 'maximum';
    case 'invalid_format':
      return issue.format === 'regex' ? 'pattern' : 'format';
    case 'invalid_value':
      return 'enum';
    case 'unrecognized_keys':
      return 'unknown-field';
    case 'custom':
      return String(issue.params?.['rule'] ?? 'invalid');
    default:
      return 'invalid';
  }
}

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues: FieldIssue[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: formatPath([...issue.path, key]), rule: 'unknown-field', message: 'is not a field of this command' });
    } else {
      issues.push({ path: formatPath(issue.path), rule: ruleOf(issue), message: issue.message });
    }
  }
  throw new RegistryError('INVALID_COMMAND', `invalid ${what}: ${issues.map((i) => `${i.path || '(root)'} [${i.rule}]`).join(', ')}`, issues);
}

const admitSchema = z.strictObject({
  id: participantId,
  name,
  roles: z
    .array(z.enum(PARTICIPANT_ROLES))
    .min(1)
    .max(PARTICIPANT_ROLES.length)
    .refine((roles) => new Set(roles).size === roles.length, { message: 'must not repeat a role', params: { rule: 'unique' } }),
  jurisdiction: z.enum(COUNTRY_CODES),
  /** Omitted: the registry generates the pair and returns the private key once. */
  publicKey: publicKey.optional(),
});

export class AdmitParticipantCommand {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly ParticipantRole[];
  readonly jurisdiction: string;
  readonly publicKey: Uint8Array | undefined;
  private constructor(input: z.infer<typeof admitSchema>) {
    this.id = input.id;
    this.name = input.name;
    this.roles = input.roles;
    this.jurisdiction = input.jurisdiction;
    this.publicKey = input.publicKey === undefined ? undefined : fromBase64Url(input.publicKey);
  }
  static create(input: unknown): AdmitParticipantCommand {
    return new AdmitParticipantCommand(parse(admitSchema, input, 'participant'));
  }
  get keyId(): string | undefined {
    return this.publicKey && deriveKeyId(this.publicKey);
  }
}

const rotateSchema = z.strictObject({
  participantId,
  publicKey: publicKey.optional(),
  /** The old key stays valid this long after the new one opens (default 0: closes at once). */
  gracePeriodSeconds: z.int().min(0).max(MAX_ROTATION_GRACE_SECONDS).optional(),
});

export class RotateKeyCommand {
  readonly participantId: string;
  readonly publicKey: Uint8Array | undefined;
  readonly gracePeriodSeconds: number;
  private constructor(input: z.infer<typeof rotateSchema>) {
    this.participantId = input.participantId;
    this.publicKey = input.publicKey === undefined ? undefined : fromBase64Url(input.publicKey);
    this.gracePeriodSeconds = input.gracePeriodSeconds ?? 0;
  }
  static create(input: unknown): RotateKeyCommand {
    return new RotateKeyCommand(parse(rotateSchema, input, 'key rotation'));
  }
}

const issueSchema = z.strictObject({
  participantId,
  label: name.max(100),
});

export class IssueCredentialCommand {
  readonly participantId: string;
  readonly label: string;
  private constructor(input: z.infer<typeof issueSchema>) {
    this.participantId = input.participantId;
    this.label = input.label;
  }
  static create(input: unknown): IssueCredentialCommand {
    return new IssueCredentialCommand(parse(issueSchema, input, 'credential'));
  }
}

const revokeSchema = z.strictObject({
  participantId,
  credentialId: z.string().regex(CREDENTIAL_ID_PATTERN, 'must be blk_ followed by 20 hex digits'),
});

export class RevokeCredentialCommand {
  readonly participantId: string;
  readonly credentialId: string;
  private constructor(input: z.infer<typeof revokeSchema>) {
    this.participantId = input.participantId;
    this.credentialId = input.credentialId;
  }
  static create(input: unknown): RevokeCredentialCommand {
    return new RevokeCredentialCommand(parse(revokeSchema, input, 'credential revocation'));
  }
}

const statusSchema = z.strictObject({
  participantId,
  status: z.enum(PARTICIPANT_STATUSES),
});

/** Suspend (or reinstate) a participant. */
export class ChangeParticipantStatusCommand {
  readonly participantId: string;
  readonly status: ParticipantStatus;
  private constructor(input: z.infer<typeof statusSchema>) {
    this.participantId = input.participantId;
    this.status = input.status;
  }
  static create(input: unknown): ChangeParticipantStatusCommand {
    return new ChangeParticipantStatusCommand(parse(statusSchema, input, 'status change'));
  }
}
