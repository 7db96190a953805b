// The read model every node validates against: who a participant is, which key was valid when,
// what it may emit. Synchronous on purpose: validation runs per event on hot paths, so an
// infrastructure adapter keeps a snapshot in memory and swaps it when the registry changes.
import type { CredentialRecord, Participant, ParticipantKeyRecord } from './participant';
import { keyWindowContains } from './participant';
import { rolesMayEmit } from './permissions';

export interface KeyAtTime {
  readonly participantId: string;
  readonly keyId: string;
  readonly publicKey: Uint8Array;
}

export interface RegistryView {
  participant(id: string): Participant | undefined;
  /**
   * The key with this id if `at` lies inside its validity window, whatever the owner's status:
   * a suspended participant's past signatures still verify. Callers that accept new events
   * check the participant's status as well (see `mayEmit`).
   */
  keyValidAt(keyId: string, at: Date): KeyAtTime | undefined;
  /** The newest key of a participant whose window contains `at` (the one a node signs with). */
  signingKeyAt(participantId: string, at: Date): ParticipantKeyRecord | undefined;
  keysOf(participantId: string): readonly ParticipantKeyRecord[];
  /** Active, and one of its roles is an emitter role of the event type. */
  mayEmit(participantId: string, eventType: string): boolean;
  credential(id: string): CredentialRecord | undefined;
}

export interface RegistryRecords {
  readonly participants: readonly Participant[];
  readonly keys: readonly ParticipantKeyRecord[];
  readonly credentials: readonly CredentialRecord[];
}

/** An immutable, indexed copy of the registry. */
export class RegistrySnapshot implements RegistryView {
  private readonly participants = new Map<string, Participant>();
  private readonly keys = new Map<string, ParticipantKeyRecord>();
  private readonly keysByParticipant = new Map<string, ParticipantKeyRecord[]>();
  private readonly credentials = new Map<string, CredentialRecord>();

  constructor(records: RegistryRecords) {
    for (const p of records.participants) this.participants.set(p.id, p);
    for (const k of records.keys) {
      this.keys.set(k.keyId, k);
      const list = this.keysByParticipant.get(k.participantId) ?? [];
      list.push(k);
      this.keysByParticipant.set(k.participantId, list);
    }
    // Newest first, so signingKeyAt picks the most recent key in an overlap.
    for (const list of this.keysByParticipant.values()) list.sort((a, b) => b.validFrom.getTime() - a.validFrom.getTime());
    for (const c of records.credentials) this.credentials.set(c.id, c);
  }

  static empty(): RegistrySnapshot {
    return new RegistrySnapshot({ participants: [], keys: [], credentials: [] });
  }

  get size(): { participants: number; keys: number; credentials: number } {
    return { participants: this.participants.size, keys: this.keys.size, credentials: this.credentials.size };
  }

  participant(id: string): Participant | undefined {
    return this.participants.get(id);
  }

  keyValidAt(keyId: string, at: Date): KeyAtTime | undefined {
    const key = this.keys.get(keyId);
    if (!key || !keyWindowContains(key, at)) return undefined;
    return { participantId: key.participantId, keyId: key.keyId, publicKey: key.publicKey };
  }

  signingKeyAt(participantId: string, at: Date): ParticipantKeyRecord | undefined {
    return this.keysByParticipant.get(participantId)?.find((k) => keyWindowContains(k, at));
  }

  keysOf(participantId: string): readonly ParticipantKeyRecord[] {
    return this.keysByParticipant.get(participantId) ?? [];
  }

  mayEmit(participantId: string, eventType: string): boolean {
    const participant = this.participants.get(participantId);
    return participant !== undefined && participant.status === 'active' && rolesMayEmit(participant.roles, eventType);
  }

  credential(id: string): CredentialRecord | undefined {
    return this.credentials.get(id);
  }
}
