// Governance (seed II.e, II.h): who is on the network, with which keys, under which policies,
// and how many co-signatures make a checkpoint final. Network-scoped: no consignment.
import * as z from 'zod';
import { PARTICIPANT_ROLES } from '../schema/codes';
import { field } from '../schema/field-meta';
import {
  base64Url32,
  countryCode,
  dateTime,
  keyId,
  participantId,
  reference,
  ruleId,
  text,
} from '../schema/primitives';

export const MAX_WITNESSES = 32;

const subject = field(participantId, { description: 'Participant concerned', cluster: 'governance' });

export const participantAdmittedV1 = z.strictObject({
  participantId: subject,
  legalName: field(text(140), { description: 'Legal name of the organisation', cluster: 'governance' }),
  country: field(countryCode, { description: 'Country of establishment', cluster: 'governance' }),
  identificationNumber: field(reference(), { description: 'EORI or other trader/authority identifier', cluster: 'governance' }).optional(),
  roles: field(z.array(field(z.enum(PARTICIPANT_ROLES), { description: 'Role', typeLabel: 'enum' })).min(1).max(PARTICIPANT_ROLES.length), {
    description: 'Roles granted; they decide which event types the participant may emit',
    cluster: 'governance',
  }),
  publicKey: field(base64Url32, { description: 'Initial Ed25519 public key (32 bytes, base64url)', cluster: 'governance' }),
  keyId: field(keyId, { description: 'Key id of `publicKey`', cluster: 'governance' }),
});

export const KEY_ROTATION_REASONS = ['scheduled', 'compromise', 'personnel-change', 'other'] as const;

export const keyRotatedV1 = z.strictObject({
  participantId: subject,
  previousKeyId: field(keyId, { description: 'Key being retired', cluster: 'governance' }),
  newPublicKey: field(base64Url32, { description: 'New Ed25519 public key (32 bytes, base64url)', cluster: 'governance' }),
  newKeyId: field(keyId, { description: 'Key id of `newPublicKey`', cluster: 'governance' }),
  reason: field(z.enum(KEY_ROTATION_REASONS), { description: 'Why the key rotates', cluster: 'governance', typeLabel: 'enum' }),
  effectiveFrom: field(dateTime, { description: 'From when the new key signs', cluster: 'governance' }),
  previousKeyValidUntil: field(dateTime, {
    description: 'Until when envelopes signed with the previous key are still accepted (absent after a compromise: never)',
    cluster: 'governance',
  }).optional(),
});

export const policyChangedV1 = z.strictObject({
  policyId: field(ruleId, { description: 'Policy identifier', cluster: 'governance' }),
  policyVersion: field(z.int().min(1).max(1_000_000), { description: 'New version number', cluster: 'governance', typeLabel: 'integer ≥ 1' }),
  policyDigest: field(base64Url32, {
    description: 'SHA-256 of the policy code, base64url: pins exactly what was approved',
    cluster: 'governance',
  }),
  summary: field(text(512), { description: 'What changes and why', cluster: 'governance' }),
  effectiveFrom: field(dateTime, { description: 'From when the version applies', cluster: 'governance' }),
});

export const quorumChangedV1 = z
  .strictObject({
    threshold: field(z.int().min(1).max(MAX_WITNESSES), {
      description: 'Co-signatures needed for a checkpoint to be final',
      cluster: 'governance',
      typeLabel: `integer 1–${MAX_WITNESSES}`,
    }),
    witnesses: field(z.array(field(participantId, { description: 'Witness participant' })).min(1).max(MAX_WITNESSES), {
      description: `Participants whose node co-signs checkpoints (1–${MAX_WITNESSES})`,
      cluster: 'governance',
    }),
    effectiveFrom: field(dateTime, { description: 'From when the quorum applies', cluster: 'governance' }),
  })
  .superRefine((value, ctx) => {
    // Refinements run even when members failed their own checks: look before using them.
    if (!Array.isArray(value.witnesses) || typeof value.threshold !== 'number') return;
    // A threshold above the witness count could never be met: the network would stall.
    if (value.threshold > value.witnesses.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['threshold'],
        message: `threshold ${value.threshold} exceeds the ${value.witnesses.length} witnesses`,
        params: { rule: 'consistency' },
      });
    }
    const seen = new Set<string>();
    value.witnesses.forEach((w, i) => {
      if (seen.has(w)) {
        ctx.addIssue({ code: 'custom', path: ['witnesses', i], message: `duplicate witness "${w}"`, params: { rule: 'unique' } });
      }
      seen.add(w);
    });
  });
