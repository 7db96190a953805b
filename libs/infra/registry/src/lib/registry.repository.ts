// Storage of the participant registry behind a small interface: PostgreSQL through Prisma in
// services, an in-memory twin for unit tests of the use cases and of the nodes.
import type { ParticipantRole } from '@borderledger/events';
import { PARTICIPANT_ROLES } from '@borderledger/events';
import { PrismaService, isUniqueViolation } from '@borderledger/data';
import type { CredentialRecord, Participant, ParticipantKeyRecord, ParticipantStatus, RegistryRecords } from '@borderledger/participants';
import { RegistryError } from '@borderledger/participants';
import { inSpan } from '@borderledger/telemetry';
import { Injectable } from '@nestjs/common';

export interface NewParticipant {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly ParticipantRole[];
  readonly jurisdiction: string;
}

export interface NewKey {
  readonly keyId: string;
  readonly publicKey: Uint8Array;
  readonly validFrom: Date;
}

export interface NewCredential {
  readonly id: string;
  readonly participantId: string;
  readonly secretHash: string;
  readonly label: string;
}

export abstract class RegistryRepository {
  /** Creates the participant with its first key, atomically. PARTICIPANT_EXISTS / KEY_ALREADY_REGISTERED on clashes. */
  abstract admit(participant: NewParticipant, key: NewKey): Promise<{ participant: Participant; key: ParticipantKeyRecord }>;
  abstract findParticipant(id: string): Promise<Participant | undefined>;
  abstract listParticipants(): Promise<Participant[]>;
  abstract setStatus(id: string, status: ParticipantStatus): Promise<Participant | undefined>;
  abstract keysOf(participantId: string): Promise<ParticipantKeyRecord[]>;
  /**
   * Adds `key` and closes, at `closeAt`, every key of the participant still open then, in one
   * transaction. Returns the keys whose window it closed.
   */
  abstract rotateKey(participantId: string, key: NewKey, closeAt: Date): Promise<{ key: ParticipantKeyRecord; closed: ParticipantKeyRecord[] }>;
  abstract insertCredential(credential: NewCredential): Promise<CredentialRecord>;
  abstract findCredential(id: string): Promise<CredentialRecord | undefined>;
  abstract credentialsOf(participantId: string): Promise<CredentialRecord[]>;
  /** Sets revokedAt once; a second revocation keeps the first time. */
  abstract revokeCredential(id: string, at: Date): Promise<CredentialRecord | undefined>;
  /** Everything, for the in-memory RegistrySnapshot of a node. */
  abstract loadRecords(): Promise<RegistryRecords>;
}

type ParticipantRow = { id: string; name: string; roles: string[]; jurisdiction: string; status: string; createdAt: Date; updatedAt: Date };
type KeyRow = { keyId: string; participantId: string; publicKey: Uint8Array; validFrom: Date; validUntil: Date | null };

const knownRoles = new Set<string>(PARTICIPANT_ROLES);

function toParticipant(row: ParticipantRow): Participant {
  return {
    id: row.id,
    name: row.name,
    // A role this build does not know grants nothing.
    roles: row.roles.filter((r): r is ParticipantRole => knownRoles.has(r)),
    jurisdiction: row.jurisdiction,
    status: row.status === 'active' ? 'active' : 'suspended',
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toKey(row: KeyRow): ParticipantKeyRecord {
  return { keyId: row.keyId, participantId: row.participantId, publicKey: new Uint8Array(row.publicKey), validFrom: row.validFrom, validUntil: row.validUntil };
}

@Injectable()
export class PrismaRegistryRepository extends RegistryRepository {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async admit(participant: NewParticipant, key: NewKey): Promise<{ participant: Participant; key: ParticipantKeyRecord }> {
    return inSpan('registry.admit', async () => {
      try {
        return await this.prisma.$transaction(async (tx) => {
          const p = await tx.participant.create({ data: { ...participant, roles: [...participant.roles] } });
          const k = await tx.participantKey.create({ data: { ...key, publicKey: new Uint8Array(key.publicKey), participantId: participant.id } });
          return { participant: toParticipant(p), key: toKey(k) };
        });
      } catch (error) {
        if (isUniqueViolation(error)) {
          const existing = await this.prisma.participant.findUnique({ where: { id: participant.id } });
          if (existing) throw new RegistryError('PARTICIPANT_EXISTS', `participant ${participant.id} already exists`);
          throw new RegistryError('KEY_ALREADY_REGISTERED', `key ${key.keyId} is already registered`);
        }
        throw error;
      }
    });
  }

  async findParticipant(id: string): Promise<Participant | undefined> {
    const row = await this.prisma.participant.findUnique({ where: { id } });
    return row ? toParticipant(row) : undefined;
  }

  async listParticipants(): Promise<Participant[]> {
    return (await this.prisma.participant.findMany({ orderBy: { id: 'asc' } })).map(toParticipant);
  }

  async setStatus(id: string, status: ParticipantStatus): Promise<Participant | undefined> {
    const { count } = await this.prisma.participant.updateMany({ where: { id }, data: { status } });
    return count === 0 ? undefined : this.findParticipant(id);
  }

  async keysOf(participantId: string): Promise<ParticipantKeyRecord[]> {
    const rows = await this.prisma.participantKey.findMany({ where: { participantId }, orderBy: { validFrom: 'desc' } });
    return rows.map(toKey);
  }

  async rotateKey(participantId: string, key: NewKey, closeAt: Date): Promise<{ key: ParticipantKeyRecord; closed: ParticipantKeyRecord[] }> {
    return inSpan('registry.rotateKey', async () => {
      try {
        return await this.prisma.$transaction(async (tx) => {
          // Lock the participant row: two rotations at once would each close only the other's key.
          await tx.$queryRaw`SELECT id FROM participants WHERE id = ${participantId} FOR UPDATE`;
          const open = await tx.participantKey.findMany({
            where: { participantId, OR: [{ validUntil: null }, { validUntil: { gt: closeAt } }] },
          });
          await tx.participantKey.updateMany({ where: { keyId: { in: open.map((k) => k.keyId) } }, data: { validUntil: closeAt } });
          const created = await tx.participantKey.create({ data: { ...key, publicKey: new Uint8Array(key.publicKey), participantId } });
          return { key: toKey(created), closed: open.map((k) => toKey({ ...k, validUntil: closeAt })) };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new RegistryError('KEY_ALREADY_REGISTERED', `key ${key.keyId} is already registered`);
        throw error;
      }
    });
  }

  async insertCredential(credential: NewCredential): Promise<CredentialRecord> {
    return this.prisma.apiCredential.create({ data: credential });
  }

  async findCredential(id: string): Promise<CredentialRecord | undefined> {
    return (await this.prisma.apiCredential.findUnique({ where: { id } })) ?? undefined;
  }

  async credentialsOf(participantId: string): Promise<CredentialRecord[]> {
    return this.prisma.apiCredential.findMany({ where: { participantId }, orderBy: { createdAt: 'asc' } });
  }

  async revokeCredential(id: string, at: Date): Promise<CredentialRecord | undefined> {
    await this.prisma.apiCredential.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    return this.findCredential(id);
  }

  async loadRecords(): Promise<RegistryRecords> {
    return inSpan('registry.loadRecords', async () => {
      const [participants, keys, credentials] = await this.prisma.$transaction([
        this.prisma.participant.findMany(),
        this.prisma.participantKey.findMany(),
        this.prisma.apiCredential.findMany(),
      ]);
      return { participants: participants.map(toParticipant), keys: keys.map(toKey), credentials };
    });
  }
}

/** The same contract in memory, for unit tests (no fakes outside unit tests). */
export class InMemoryRegistryRepository extends RegistryRepository {
  private readonly participants = new Map<string, Participant>();
  private readonly keys = new Map<string, ParticipantKeyRecord>();
  private readonly credentials = new Map<string, CredentialRecord>();

  constructor(private readonly clock: () => Date = () => new Date()) {
    super();
  }

  async admit(participant: NewParticipant, key: NewKey): Promise<{ participant: Participant; key: ParticipantKeyRecord }> {
    if (this.participants.has(participant.id)) throw new RegistryError('PARTICIPANT_EXISTS', `participant ${participant.id} already exists`);
    if (this.keys.has(key.keyId)) throw new RegistryError('KEY_ALREADY_REGISTERED', `key ${key.keyId} is already registered`);
    const now = this.clock();
    const p: Participant = { ...participant, roles: [...participant.roles], status: 'active', createdAt: now, updatedAt: now };
    const k: ParticipantKeyRecord = { ...key, participantId: participant.id, validUntil: null };
    this.participants.set(p.id, p);
    this.keys.set(k.keyId, k);
    return { participant: p, key: k };
  }

  async findParticipant(id: string): Promise<Participant | undefined> {
    return this.participants.get(id);
  }

  async listParticipants(): Promise<Participant[]> {
    return [...this.participants.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  async setStatus(id: string, status: ParticipantStatus): Promise<Participant | undefined> {
    const p = this.participants.get(id);
    if (!p) return undefined;
    const updated = { ...p, status, updatedAt: this.clock() };
    this.participants.set(id, updated);
    return updated;
  }

  async keysOf(participantId: string): Promise<ParticipantKeyRecord[]> {
    return [...this.keys.values()].filter((k) => k.participantId === participantId).sort((a, b) => b.validFrom.getTime() - a.validFrom.getTime());
  }

  async rotateKey(participantId: string, key: NewKey, closeAt: Date): Promise<{ key: ParticipantKeyRecord; closed: ParticipantKeyRecord[] }> {
    if (this.keys.has(key.keyId)) throw new RegistryError('KEY_ALREADY_REGISTERED', `key ${key.keyId} is already registered`);
    const closed: ParticipantKeyRecord[] = [];
    for (const k of await this.keysOf(participantId)) {
      if (k.validUntil === null || k.validUntil > closeAt) {
        const c = { ...k, validUntil: closeAt };
        this.keys.set(k.keyId, c);
        closed.push(c);
      }
    }
    const created: ParticipantKeyRecord = { ...key, participantId, validUntil: null };
    this.keys.set(key.keyId, created);
    return { key: created, closed };
  }

  async insertCredential(credential: NewCredential): Promise<CredentialRecord> {
    const record = { ...credential, createdAt: this.clock(), revokedAt: null };
    this.credentials.set(record.id, record);
    return record;
  }

  async findCredential(id: string): Promise<CredentialRecord | undefined> {
    return this.credentials.get(id);
  }

  async credentialsOf(participantId: string): Promise<CredentialRecord[]> {
    return [...this.credentials.values()].filter((c) => c.participantId === participantId);
  }

  async revokeCredential(id: string, at: Date): Promise<CredentialRecord | undefined> {
    const c = this.credentials.get(id);
    if (!c) return undefined;
    const revoked = c.revokedAt ? c : { ...c, revokedAt: at };
    this.credentials.set(id, revoked);
    return revoked;
  }

  async loadRecords(): Promise<RegistryRecords> {
    return { participants: [...this.participants.values()], keys: [...this.keys.values()], credentials: [...this.credentials.values()] };
  }
}
