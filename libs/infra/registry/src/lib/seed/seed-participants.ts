// Demo and test participants, converged rather than recreated: a second run with the same secrets
// file changes nothing; a run after the database was reset re-admits the participants with the
// keys from the file; a participant whose current key or credential the file lacks (or that no
// longer verifies) gets a rotated key or a new credential.
import type { ParticipantRole } from '@borderledger/events';
import { fromBase64Url, generateSigningKey, signingKeyFromPrivateKey, toBase64Url, type SigningKey } from '@borderledger/events';
import { AdmitParticipantCommand, IssueCredentialCommand, RegistryError, RotateKeyCommand, parseApiToken } from '@borderledger/participants';
import { Clock } from '../clock';
import { verifySecret } from '../credential-hash';
import type { RegistryRepository } from '../registry.repository';
import { AdmitParticipant } from '../usecases/admit-participant.usecase';
import { IssueCredential } from '../usecases/issue-credential.usecase';
import { RotateKey } from '../usecases/rotate-key.usecase';

export interface ParticipantSpec {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly ParticipantRole[];
  readonly jurisdiction: string;
}

/** One organisation per role, named as in the event fixtures (FIXTURE_PARTICIPANTS). */
export const DEMO_PARTICIPANTS: readonly ParticipantSpec[] = [
  { id: 'shopwave', name: 'Shopwave Marketplace B.V.', roles: ['platform'], jurisdiction: 'NL' },
  { id: 'skyfreight', name: 'SkyFreight Express GmbH', roles: ['carrier'], jurisdiction: 'DE' },
  { id: 'hubline', name: 'Hubline Fulfilment B.V.', roles: ['logistics'], jurisdiction: 'NL' },
  { id: 'customs-nl', name: 'Netherlands Customs Administration', roles: ['customs'], jurisdiction: 'NL' },
  { id: 'audit-co', name: 'Audit & Assurance Co.', roles: ['auditor'], jurisdiction: 'BE' },
];

/** Everything a participant's systems need; secret. */
export interface ParticipantSecrets extends ParticipantSpec {
  readonly keyId: string;
  /** base64url, 32 bytes. */
  readonly publicKey: string;
  /** base64url Ed25519 seed, 32 bytes: goes into the custodial keystore of the participant's nodes. */
  readonly privateKey: string;
  readonly credentialId: string;
  /** `blk_<id>.<secret>` for `Authorization: Bearer`. */
  readonly token: string;
}

export interface SeedChange {
  readonly id: string;
  readonly admitted: boolean;
  readonly keyRotated: boolean;
  readonly credentialIssued: boolean;
}

export interface SeedOutcome {
  readonly secrets: ParticipantSecrets[];
  readonly changes: SeedChange[];
}

function keyFrom(previous: Partial<ParticipantSecrets> | undefined): SigningKey | undefined {
  try {
    return previous?.privateKey ? signingKeyFromPrivateKey(fromBase64Url(previous.privateKey)) : undefined;
  } catch {
    return undefined;
  }
}

async function credentialStillValid(repository: RegistryRepository, participantId: string, token: string | undefined): Promise<boolean> {
  const parsed = token ? parseApiToken(token) : undefined;
  if (!parsed) return false;
  const stored = await repository.findCredential(parsed.credentialId);
  return !!stored && stored.participantId === participantId && stored.revokedAt === null && (await verifySecret(parsed.secret, stored.secretHash));
}

export async function seedParticipants(
  repository: RegistryRepository,
  specs: readonly ParticipantSpec[],
  previous: Readonly<Record<string, Partial<ParticipantSecrets>>> = {},
  clock: Clock = new Clock(),
): Promise<SeedOutcome> {
  const admit = new AdmitParticipant(repository, clock);
  const rotate = new RotateKey(repository, clock);
  const issue = new IssueCredential(repository);
  const secrets: ParticipantSecrets[] = [];
  const changes: SeedChange[] = [];

  for (const spec of specs) {
    const before = previous[spec.id];
    let key = keyFrom(before);
    let admitted = false;
    let keyRotated = false;
    if (!(await repository.findParticipant(spec.id))) {
      key ??= generateSigningKey();
      const command = (k: SigningKey) =>
        AdmitParticipantCommand.create({ id: spec.id, name: spec.name, roles: [...spec.roles], jurisdiction: spec.jurisdiction, publicKey: toBase64Url(k.publicKey) });
      try {
        await admit.execute(command(key));
      } catch (error) {
        if (!(error instanceof RegistryError && error.code === 'KEY_ALREADY_REGISTERED')) throw error;
        key = generateSigningKey();
        await admit.execute(command(key));
      }
      admitted = true;
    } else {
      const current = (await repository.keysOf(spec.id)).find((k) => k.validFrom <= clock.now() && (k.validUntil === null || k.validUntil > clock.now()));
      if (!key || !current || current.keyId !== key.keyId) {
        key = generateSigningKey();
        await rotate.execute(RotateKeyCommand.create({ participantId: spec.id, publicKey: toBase64Url(key.publicKey) }));
        keyRotated = true;
      }
    }

    let credentialId = before?.credentialId;
    let token = before?.token;
    let credentialIssued = false;
    if (!(await credentialStillValid(repository, spec.id, token))) {
      const issued = await issue.execute(IssueCredentialCommand.create({ participantId: spec.id, label: 'seeded demo credential' }));
      credentialId = issued.credential.id;
      token = issued.token;
      credentialIssued = true;
    }
    secrets.push({
      ...spec,
      roles: [...spec.roles],
      keyId: key.keyId,
      publicKey: toBase64Url(key.publicKey),
      privateKey: toBase64Url(key.privateKey),
      credentialId: credentialId as string,
      token: token as string,
    });
    changes.push({ id: spec.id, admitted, keyRotated, credentialIssued });
  }
  return { secrets, changes };
}
