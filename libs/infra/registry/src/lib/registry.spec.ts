import { fixtureSigningKey, toBase64Url, verifyEnvelope, buildFixtureEvent } from '@borderledger/events';
import {
  AdmitParticipantCommand,
  ChangeParticipantStatusCommand,
  IssueCredentialCommand,
  RegistryError,
  RevokeCredentialCommand,
  RotateKeyCommand,
} from '@borderledger/participants';
import { FixedClock } from './clock';
import { CredentialAuthenticator } from './credential-authenticator';
import { generateCredential, hashSecret, verifySecret } from './credential-hash';
import { RegistryViewService } from './registry-view.service';
import { InMemoryRegistryRepository } from './registry.repository';
import { AdmitParticipant } from './usecases/admit-participant.usecase';
import { ChangeParticipantStatus } from './usecases/change-participant-status.usecase';
import { IssueCredential } from './usecases/issue-credential.usecase';
import { RevokeCredential } from './usecases/revoke-credential.usecase';
import { RotateKey } from './usecases/rotate-key.usecase';

const FAST = { log2N: 10, r: 8, p: 1 };

function setup() {
  const clock = new FixedClock(new Date('2026-11-20T09:00:00Z'));
  const repository = new InMemoryRegistryRepository(() => clock.now());
  const view = new RegistryViewService(repository, { refreshIntervalMs: 60_000, missRefreshGapMs: 0 });
  return {
    clock,
    repository,
    view,
    admit: new AdmitParticipant(repository, clock),
    rotate: new RotateKey(repository, clock),
    issue: new IssueCredential(repository),
    revoke: new RevokeCredential(repository, clock),
    status: new ChangeParticipantStatus(repository),
    authenticator: new CredentialAuthenticator(view),
  };
}

async function rejection(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryError);
  return error as RegistryError;
}

describe('credential hashing', () => {
  it('stores a PHC scrypt string with a per-credential salt and verifies only the right secret', async () => {
    const { secret, token, credentialId } = generateCredential();
    expect(token).toBe(`${credentialId}.${secret}`);
    const a = await hashSecret(secret, FAST);
    const b = await hashSecret(secret, FAST);
    expect(a).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(a).not.toBe(b); // different salts
    expect(a).not.toContain(secret);
    await expect(verifySecret(secret, a)).resolves.toBe(true);
    await expect(verifySecret(secret, b)).resolves.toBe(true);
    await expect(verifySecret(generateCredential().secret, a)).resolves.toBe(false);
    await expect(verifySecret(secret, a.replace('ln=10', 'ln=11'))).resolves.toBe(false);
    await expect(verifySecret(secret, 'plain')).resolves.toBe(false);
    await expect(verifySecret(secret, a.replace('ln=10', 'ln=40'))).resolves.toBe(false);
  });

  it('uses the default cost that the hash records', async () => {
    const { secret } = generateCredential();
    expect(await hashSecret(secret)).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$/);
  });
});

describe('registry use cases', () => {
  it('admits a participant with a supplied key, or generates one and returns the private key once', async () => {
    const { admit, repository } = setup();
    const supplied = fixtureSigningKey('shopwave');
    const a = await admit.execute(
      AdmitParticipantCommand.create({ id: 'shopwave', name: 'Shopwave', roles: ['platform'], jurisdiction: 'NL', publicKey: toBase64Url(supplied.publicKey) }),
    );
    expect(a.key.keyId).toBe(supplied.keyId);
    expect(a.privateKey).toBeUndefined();
    const b = await admit.execute(AdmitParticipantCommand.create({ id: 'skyfreight', name: 'SkyFreight', roles: ['carrier'], jurisdiction: 'DE' }));
    expect(b.privateKey).toHaveLength(32);
    expect(b.key.validUntil).toBeNull();
    expect((await repository.listParticipants()).map((p) => p.id)).toEqual(['shopwave', 'skyfreight']);

    expect((await rejection(admit.execute(AdmitParticipantCommand.create({ id: 'shopwave', name: 'again', roles: ['platform'], jurisdiction: 'NL' })))).code).toBe(
      'PARTICIPANT_EXISTS',
    );
    const reuse = AdmitParticipantCommand.create({ id: 'copycat', name: 'Copycat', roles: ['platform'], jurisdiction: 'NL', publicKey: toBase64Url(supplied.publicKey) });
    expect((await rejection(admit.execute(reuse))).code).toBe('KEY_ALREADY_REGISTERED');
  });

  it('rotates a key: the old one verifies what it signed inside its window, never after', async () => {
    const { admit, rotate, clock, view } = setup();
    const oldKey = fixtureSigningKey('hubline-1');
    await admit.execute(AdmitParticipantCommand.create({ id: 'hubline', name: 'Hubline', roles: ['logistics'], jurisdiction: 'NL', publicKey: toBase64Url(oldKey.publicKey) }));
    const signedBefore = buildFixtureEvent('ship.consignment.packed', { submitter: 'hubline', signingKey: oldKey });
    clock.advance(3_600_000);
    const rotatedAt = clock.now();
    const newKey = fixtureSigningKey('hubline-2');
    const rotated = await rotate.execute(RotateKeyCommand.create({ participantId: 'hubline', publicKey: toBase64Url(newKey.publicKey) }));
    expect(rotated.closed.map((k) => [k.keyId, k.validUntil])).toEqual([[oldKey.keyId, rotatedAt]]);
    await view.refresh();

    const before = new Date(rotatedAt.getTime() - 1000);
    const found = view.keyValidAt(oldKey.keyId, before);
    expect(found?.participantId).toBe('hubline');
    expect(verifyEnvelope(signedBefore.envelope, found?.publicKey ?? new Uint8Array()).ok).toBe(true);
    expect(view.keyValidAt(oldKey.keyId, rotatedAt)).toBeUndefined();
    expect(view.signingKeyAt('hubline', rotatedAt)?.keyId).toBe(newKey.keyId);

    // With a grace period the previous key stays open a while after the next one opens.
    clock.advance(1000);
    const third = await rotate.execute(RotateKeyCommand.create({ participantId: 'hubline', gracePeriodSeconds: 600 }));
    expect(third.privateKey).toHaveLength(32);
    expect(third.closed.map((k) => k.keyId)).toEqual([newKey.keyId]);
    expect(third.closed[0].validUntil?.getTime()).toBe(clock.now().getTime() + 600_000);
    await view.refresh();
    expect(view.keyValidAt(newKey.keyId, new Date(clock.now().getTime() + 599_000))).toBeDefined();
    expect(view.signingKeyAt('hubline', clock.now())?.keyId).toBe(third.key.keyId);

    expect((await rejection(rotate.execute(RotateKeyCommand.create({ participantId: 'nobody' })))).code).toBe('PARTICIPANT_NOT_FOUND');
  });

  it('issues credentials to active participants only and revokes only the owner’s', async () => {
    const { admit, issue, revoke, status } = setup();
    await admit.execute(AdmitParticipantCommand.create({ id: 'shopwave', name: 'Shopwave', roles: ['platform'], jurisdiction: 'NL' }));
    await admit.execute(AdmitParticipantCommand.create({ id: 'other', name: 'Other', roles: ['platform'], jurisdiction: 'NL' }));
    const issued = await issue.execute(IssueCredentialCommand.create({ participantId: 'shopwave', label: 'erp' }));
    expect(issued.token.startsWith(`${issued.credential.id}.`)).toBe(true);
    expect(issued.credential.secretHash).not.toContain(issued.token.split('.')[1]);

    const foreign = RevokeCredentialCommand.create({ participantId: 'other', credentialId: issued.credential.id });
    expect((await rejection(revoke.execute(foreign))).code).toBe('CREDENTIAL_NOT_FOUND');
    const revoked = await revoke.execute(RevokeCredentialCommand.create({ participantId: 'shopwave', credentialId: issued.credential.id }));
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    const again = await revoke.execute(RevokeCredentialCommand.create({ participantId: 'shopwave', credentialId: issued.credential.id }));
    expect(again.revokedAt).toEqual(revoked.revokedAt);

    await status.execute(ChangeParticipantStatusCommand.create({ participantId: 'other', status: 'suspended' }));
    expect((await rejection(issue.execute(IssueCredentialCommand.create({ participantId: 'other', label: 'x' })))).code).toBe('PARTICIPANT_SUSPENDED');
    expect((await rejection(issue.execute(IssueCredentialCommand.create({ participantId: 'ghost', label: 'x' })))).code).toBe('PARTICIPANT_NOT_FOUND');
    expect((await rejection(status.execute(ChangeParticipantStatusCommand.create({ participantId: 'ghost', status: 'active' })))).code).toBe(
      'PARTICIPANT_NOT_FOUND',
    );
  });
});

describe('CredentialAuthenticator', () => {
  it('authenticates a valid token and refuses every other case with its reason', async () => {
    const { admit, issue, revoke, status, view, authenticator } = setup();
    await admit.execute(AdmitParticipantCommand.create({ id: 'shopwave', name: 'Shopwave', roles: ['platform'], jurisdiction: 'NL' }));
    const { token, credential } = await issue.execute(IssueCredentialCommand.create({ participantId: 'shopwave', label: 'erp' }));

    // A credential issued after the last reload is found through the reload on a miss.
    const ok = await authenticator.authenticate(`Bearer ${token}`);
    expect(ok).toMatchObject({ ok: true, credentialId: credential.id, participant: { id: 'shopwave' } });
    expect(await authenticator.authenticate(token)).toMatchObject({ ok: true });

    const wrongSecret = `${credential.id}.${generateCredential().secret}`;
    expect(await authenticator.authenticate(`Bearer ${wrongSecret}`)).toEqual({ ok: false, reason: 'bad-secret' });
    expect(await authenticator.authenticate(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(await authenticator.authenticate('Bearer nope')).toEqual({ ok: false, reason: 'malformed' });
    expect(await authenticator.authenticate(`Bearer ${generateCredential().token}`)).toEqual({ ok: false, reason: 'unknown-credential' });

    await status.execute(ChangeParticipantStatusCommand.create({ participantId: 'shopwave', status: 'suspended' }));
    await view.refresh();
    expect(await authenticator.authenticate(`Bearer ${token}`)).toEqual({ ok: false, reason: 'suspended' });
    await status.execute(ChangeParticipantStatusCommand.create({ participantId: 'shopwave', status: 'active' }));
    await revoke.execute(RevokeCredentialCommand.create({ participantId: 'shopwave', credentialId: credential.id }));
    await view.refresh();
    expect(await authenticator.authenticate(`Bearer ${token}`)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('stops running scrypt for a credential id after repeated bad secrets', async () => {
    const { admit, issue, authenticator } = setup();
    await admit.execute(AdmitParticipantCommand.create({ id: 'shopwave', name: 'Shopwave', roles: ['platform'], jurisdiction: 'NL' }));
    const { token, credential } = await issue.execute(IssueCredentialCommand.create({ participantId: 'shopwave', label: 'erp' }));
    for (let i = 0; i < 10; i++) {
      expect(await authenticator.authenticate(`${credential.id}.${generateCredential().secret}`)).toEqual({ ok: false, reason: 'bad-secret' });
    }
    expect(await authenticator.authenticate(`${credential.id}.${generateCredential().secret}`)).toEqual({ ok: false, reason: 'locked' });
    // The locked id refuses even the right secret until the minute is over: the lock is per id.
    expect(await authenticator.authenticate(token)).toEqual({ ok: false, reason: 'locked' });
  });
});
