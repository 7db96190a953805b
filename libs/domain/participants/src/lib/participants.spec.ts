import { EVENT_TYPES, fixtureSigningKey, toBase64Url } from '@borderledger/events';
import {
  AdmitParticipantCommand,
  ChangeParticipantStatusCommand,
  IssueCredentialCommand,
  RegistryError,
  RegistrySnapshot,
  RevokeCredentialCommand,
  RotateKeyCommand,
  formatApiToken,
  parseApiToken,
  permittedEventTypes,
  rolesMayEmit,
  type Participant,
  type ParticipantKeyRecord,
} from '../index';

const t = (iso: string) => new Date(iso);

function participant(id: string, overrides: Partial<Participant> = {}): Participant {
  return { id, name: id, roles: ['platform'], jurisdiction: 'NL', status: 'active', createdAt: t('2026-01-01T00:00:00Z'), updatedAt: t('2026-01-01T00:00:00Z'), ...overrides };
}

function key(participantId: string, seed: string, validFrom: string, validUntil: string | null): ParticipantKeyRecord {
  const k = fixtureSigningKey(seed);
  return { keyId: k.keyId, participantId, publicKey: k.publicKey, validFrom: t(validFrom), validUntil: validUntil === null ? null : t(validUntil) };
}

function issuesOf(run: () => unknown): { path: string; rule: string }[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).code).toBe('INVALID_COMMAND');
    return (error as RegistryError).issues.map(({ path, rule }) => ({ path, rule }));
  }
  throw new Error('expected the command to be refused');
}

describe('permissions from the catalogue', () => {
  it('lets a platform emit orders and payments but not customs decisions or shipments after booking', () => {
    expect(rolesMayEmit(['platform'], 'buy.order.placed')).toBe(true);
    expect(rolesMayEmit(['platform'], 'pay.payment.captured')).toBe(true);
    expect(rolesMayEmit(['platform'], 'customs.hold.placed')).toBe(false);
    expect(rolesMayEmit(['platform'], 'ship.consignment.departed')).toBe(false);
    expect(rolesMayEmit(['carrier'], 'ship.consignment.departed')).toBe(true);
    expect(rolesMayEmit(['carrier'], 'no.such.event')).toBe(false);
  });

  it('gives an auditor nothing to emit and every type to the union of all roles', () => {
    expect(permittedEventTypes(['auditor'])).toEqual([]);
    expect(new Set(permittedEventTypes(['platform', 'carrier', 'logistics', 'customs', 'governance']))).toEqual(new Set(EVENT_TYPES));
  });
});

describe('API tokens', () => {
  const secret = toBase64Url(new Uint8Array(32).fill(7));
  it('round-trips blk_<id>.<secret>', () => {
    const token = formatApiToken('blk_0123456789abcdef0123', secret);
    expect(token).toBe(`blk_0123456789abcdef0123.${secret}`);
    expect(parseApiToken(token)).toEqual({ credentialId: 'blk_0123456789abcdef0123', secret });
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'blk_0123456789abcdef0123', `blk_0123456789ABCDEF0123.${secret}`, `blk_0123456789abcdef0123.${secret}x`, `xyz_0123456789abcdef0123.${secret}`, `blk_0123456789abcdef0123:${secret}`]) {
      expect(parseApiToken(bad)).toBeUndefined();
    }
    expect(() => formatApiToken('blk_1', secret)).toThrow(RangeError);
  });
});

describe('commands validate themselves', () => {
  const publicKey = toBase64Url(fixtureSigningKey('x').publicKey);

  it('admits a well-formed participant and derives the key id', () => {
    const command = AdmitParticipantCommand.create({ id: 'shopwave', name: 'Shopwave B.V.', roles: ['platform', 'logistics'], jurisdiction: 'NL', publicKey });
    expect(command.keyId).toBe(fixtureSigningKey('x').keyId);
    expect(AdmitParticipantCommand.create({ id: 'a', name: 'A', roles: ['auditor'], jurisdiction: 'DE' }).publicKey).toBeUndefined();
  });

  it('names every bad field and rule at once', () => {
    expect(
      issuesOf(() => AdmitParticipantCommand.create({ id: 'Shop Wave', name: '', roles: ['platform', 'pirate'], jurisdiction: 'XX', extra: 1 })),
    ).toEqual(
      expect.arrayContaining([
        { path: 'id', rule: 'pattern' },
        { path: 'name', rule: 'minLength' },
        { path: 'roles[1]', rule: 'enum' },
        { path: 'jurisdiction', rule: 'enum' },
        { path: 'extra', rule: 'unknown-field' },
      ]),
    );
    expect(issuesOf(() => AdmitParticipantCommand.create({ name: 'x', roles: [], jurisdiction: 'NL' }))).toEqual(
      expect.arrayContaining([
        { path: 'id', rule: 'required' },
        { path: 'roles', rule: 'minItems' },
      ]),
    );
    expect(issuesOf(() => AdmitParticipantCommand.create({ id: 'a', name: 'A', roles: ['platform', 'platform'], jurisdiction: 'NL' }))).toEqual([
      { path: 'roles', rule: 'unique' },
    ]);
  });

  it('refuses public keys that are not usable Ed25519 points', () => {
    // The identity point (small order) and a y that is not on the curve.
    const identity = toBase64Url(Uint8Array.of(1, ...new Array(31).fill(0)));
    const offCurve = toBase64Url(Uint8Array.of(2, ...new Array(31).fill(0)));
    for (const bad of [identity, offCurve]) {
      expect(issuesOf(() => RotateKeyCommand.create({ participantId: 'a', publicKey: bad }))).toEqual([{ path: 'publicKey', rule: 'ed25519-point' }]);
    }
    expect(issuesOf(() => RotateKeyCommand.create({ participantId: 'a', publicKey: 'abc' }))).toEqual([{ path: 'publicKey', rule: 'pattern' }]);
    expect(RotateKeyCommand.create({ participantId: 'a', publicKey, gracePeriodSeconds: 60 }).gracePeriodSeconds).toBe(60);
    expect(issuesOf(() => RotateKeyCommand.create({ participantId: 'a', gracePeriodSeconds: -1 }))).toEqual([{ path: 'gracePeriodSeconds', rule: 'minimum' }]);
  });

  it('validates credential and status commands', () => {
    expect(IssueCredentialCommand.create({ participantId: 'a', label: 'erp' }).label).toBe('erp');
    expect(issuesOf(() => IssueCredentialCommand.create({ participantId: 'a', label: 'x'.repeat(101) }))).toEqual([{ path: 'label', rule: 'maxLength' }]);
    expect(issuesOf(() => RevokeCredentialCommand.create({ participantId: 'a', credentialId: 'blk_xyz' }))).toEqual([{ path: 'credentialId', rule: 'pattern' }]);
    expect(ChangeParticipantStatusCommand.create({ participantId: 'a', status: 'suspended' }).status).toBe('suspended');
    expect(issuesOf(() => ChangeParticipantStatusCommand.create({ participantId: 'a', status: 'deleted' }))).toEqual([{ path: 'status', rule: 'enum' }]);
  });
});

describe('RegistrySnapshot', () => {
  const old = key('shopwave', 'old', '2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z');
  const current = key('shopwave', 'new', '2026-06-01T00:00:00Z', null);
  const snapshot = new RegistrySnapshot({
    participants: [participant('shopwave'), participant('sleepy', { status: 'suspended' }), participant('skyfreight', { roles: ['carrier'] })],
    keys: [old, current, key('sleepy', 'sleepy', '2026-01-01T00:00:00Z', null)],
    credentials: [],
  });

  it('verifies a rotated key inside its window and not after', () => {
    expect(snapshot.keyValidAt(old.keyId, t('2026-03-01T00:00:00Z'))).toEqual({ participantId: 'shopwave', keyId: old.keyId, publicKey: old.publicKey });
    expect(snapshot.keyValidAt(old.keyId, t('2026-06-01T00:00:00Z'))).toBeUndefined();
    expect(snapshot.keyValidAt(old.keyId, t('2025-12-31T23:59:59Z'))).toBeUndefined();
    expect(snapshot.keyValidAt(current.keyId, t('2026-06-01T00:00:00Z'))?.keyId).toBe(current.keyId);
    expect(snapshot.keyValidAt('ed25519:unknown', t('2026-06-01T00:00:00Z'))).toBeUndefined();
  });

  it('signs with the newest key open at the time', () => {
    expect(snapshot.signingKeyAt('shopwave', t('2026-03-01T00:00:00Z'))?.keyId).toBe(old.keyId);
    expect(snapshot.signingKeyAt('shopwave', t('2026-07-01T00:00:00Z'))?.keyId).toBe(current.keyId);
    const overlapping = new RegistrySnapshot({
      participants: [participant('shopwave')],
      keys: [key('shopwave', 'a', '2026-01-01T00:00:00Z', '2026-06-02T00:00:00Z'), key('shopwave', 'b', '2026-06-01T00:00:00Z', null)],
      credentials: [],
    });
    expect(overlapping.signingKeyAt('shopwave', t('2026-06-01T12:00:00Z'))?.keyId).toBe(fixtureSigningKey('b').keyId);
    expect(overlapping.keyValidAt(fixtureSigningKey('a').keyId, t('2026-06-01T12:00:00Z'))).toBeDefined();
  });

  it('lets only active participants emit what their roles allow', () => {
    expect(snapshot.mayEmit('shopwave', 'buy.order.placed')).toBe(true);
    expect(snapshot.mayEmit('shopwave', 'ship.consignment.departed')).toBe(false);
    expect(snapshot.mayEmit('skyfreight', 'ship.consignment.departed')).toBe(true);
    expect(snapshot.mayEmit('sleepy', 'buy.order.placed')).toBe(false);
    expect(snapshot.mayEmit('nobody', 'buy.order.placed')).toBe(false);
    // A suspended participant's key still verifies what it signed.
    expect(snapshot.keyValidAt(fixtureSigningKey('sleepy').keyId, t('2026-03-01T00:00:00Z'))).toBeDefined();
  });

  it('is empty when built empty', () => {
    expect(RegistrySnapshot.empty().size).toEqual({ participants: 0, keys: 0, credentials: 0 });
    expect(snapshot.keysOf('shopwave').map((k) => k.keyId)).toEqual([current.keyId, old.keyId]);
  });
});
