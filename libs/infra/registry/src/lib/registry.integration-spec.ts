import { applyMigrations, PrismaService } from '@borderledger/data';
import { fixtureSigningKey, toBase64Url } from '@borderledger/events';
import {
  AdmitParticipantCommand,
  ChangeParticipantStatusCommand,
  IssueCredentialCommand,
  RegistryError,
  RevokeCredentialCommand,
  RotateKeyCommand,
} from '@borderledger/participants';
import { stackEnvironment, suiteNamespace } from '@borderledger/testing';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { Clock } from './clock';
import { CredentialAuthenticator } from './credential-authenticator';
import { RegistryViewService } from './registry-view.service';
import { RegistryModule } from './registry.module';
import { PrismaRegistryRepository, RegistryRepository } from './registry.repository';
import { AdmitParticipant } from './usecases/admit-participant.usecase';
import { ChangeParticipantStatus } from './usecases/change-participant-status.usecase';
import { IssueCredential } from './usecases/issue-credential.usecase';
import { RevokeCredential } from './usecases/revoke-credential.usecase';
import { RotateKey } from './usecases/rotate-key.usecase';
import { PrismaModule } from '@borderledger/data';
import type { INestApplicationContext } from '@nestjs/common';

describe('participant registry on PostgreSQL', () => {
  const { databaseUrl } = stackEnvironment();
  const schema = suiteNamespace('registry');
  let app: INestApplicationContext;
  let db: Client;

  beforeAll(async () => {
    await applyMigrations({ databaseUrl, schema });
    const moduleRef = await Test.createTestingModule({
      imports: [PrismaModule.forRoot({ databaseUrl, schema }), RegistryModule.forRoot({ view: { refreshIntervalMs: 60_000, missRefreshGapMs: 0 } })],
    }).compile();
    app = await moduleRef.init();
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await app?.close();
    await db?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db?.end();
  });

  it('admits participants with keys and lists them with their roles; refuses duplicates', async () => {
    const admit = app.get(AdmitParticipant);
    const key = fixtureSigningKey('it-shopwave');
    const admitted = await admit.execute(
      AdmitParticipantCommand.create({ id: 'shopwave', name: 'Shopwave B.V.', roles: ['platform', 'logistics'], jurisdiction: 'NL', publicKey: toBase64Url(key.publicKey) }),
    );
    expect(admitted.participant).toMatchObject({ id: 'shopwave', roles: ['platform', 'logistics'], jurisdiction: 'NL', status: 'active' });
    expect(admitted.key.keyId).toBe(key.keyId);
    const repository = app.get(RegistryRepository);
    expect(repository).toBeInstanceOf(PrismaRegistryRepository);
    const keys = await repository.keysOf('shopwave');
    expect(Buffer.from(keys[0].publicKey).equals(Buffer.from(key.publicKey))).toBe(true);

    const dup = await admit
      .execute(AdmitParticipantCommand.create({ id: 'shopwave', name: 'x', roles: ['platform'], jurisdiction: 'NL' }))
      .catch((e: unknown) => e);
    expect((dup as RegistryError).code).toBe('PARTICIPANT_EXISTS');
    const sameKey = await admit
      .execute(AdmitParticipantCommand.create({ id: 'copycat', name: 'x', roles: ['platform'], jurisdiction: 'NL', publicKey: toBase64Url(key.publicKey) }))
      .catch((e: unknown) => e);
    expect((sameKey as RegistryError).code).toBe('KEY_ALREADY_REGISTERED');
    // The failed admission left nothing behind (one transaction).
    expect(await repository.findParticipant('copycat')).toBeUndefined();
  });

  it('rotates keys atomically, even when two rotations race, and keeps old windows verifiable', async () => {
    const admit = app.get(AdmitParticipant);
    const rotate = app.get(RotateKey);
    const first = await admit.execute(AdmitParticipantCommand.create({ id: 'skyfreight', name: 'SkyFreight', roles: ['carrier'], jurisdiction: 'DE' }));
    const [a, b] = await Promise.all([
      rotate.execute(RotateKeyCommand.create({ participantId: 'skyfreight' })),
      rotate.execute(RotateKeyCommand.create({ participantId: 'skyfreight' })),
    ]);
    const keys = await app.get(RegistryRepository).keysOf('skyfreight');
    expect(keys).toHaveLength(3);
    // Exactly one key is open; the others have closed windows.
    expect(keys.filter((k) => k.validUntil === null)).toHaveLength(1);
    expect([a.key.keyId, b.key.keyId]).toContain(keys.find((k) => k.validUntil === null)?.keyId);
    const view = app.get(RegistryViewService);
    await view.refresh();
    const inFirstWindow = new Date(first.key.validFrom.getTime() + 1);
    expect(view.keyValidAt(first.key.keyId, inFirstWindow)?.participantId).toBe('skyfreight');
    expect(view.keyValidAt(first.key.keyId, new Date())).toBeUndefined();
  });

  it('stores credentials hashed, authenticates, and applies revocation and suspension on reload', async () => {
    const issued = await app.get(IssueCredential).execute(IssueCredentialCommand.create({ participantId: 'shopwave', label: 'erp integration' }));
    const { rows } = await db.query(`SELECT secret_hash FROM "${schema}".api_credentials WHERE id = $1`, [issued.credential.id]);
    expect(rows[0].secret_hash).toMatch(/^\$scrypt\$/);
    expect(rows[0].secret_hash).not.toContain(issued.token.split('.')[1]);

    const authenticator = app.get(CredentialAuthenticator);
    expect(await authenticator.authenticate(`Bearer ${issued.token}`)).toMatchObject({ ok: true, participant: { id: 'shopwave' } });

    await app.get(ChangeParticipantStatus).execute(ChangeParticipantStatusCommand.create({ participantId: 'shopwave', status: 'suspended' }));
    await app.get(RegistryViewService).refresh();
    expect(await authenticator.authenticate(`Bearer ${issued.token}`)).toEqual({ ok: false, reason: 'suspended' });
    await app.get(ChangeParticipantStatus).execute(ChangeParticipantStatusCommand.create({ participantId: 'shopwave', status: 'active' }));

    await app.get(RevokeCredential).execute(RevokeCredentialCommand.create({ participantId: 'shopwave', credentialId: issued.credential.id }));
    await app.get(RegistryViewService).refresh();
    expect(await authenticator.authenticate(`Bearer ${issued.token}`)).toEqual({ ok: false, reason: 'revoked' });
  });

  it('loads the whole registry for a snapshot', async () => {
    const records = await app.get(RegistryRepository).loadRecords();
    expect(records.participants.map((p) => p.id).sort()).toEqual(['shopwave', 'skyfreight']);
    expect(records.keys).toHaveLength(4);
    expect(records.credentials).toHaveLength(1);
    expect(app.get(Clock).now()).toBeInstanceOf(Date);
    expect(app.get(PrismaService)).toBeDefined();
  });
});
