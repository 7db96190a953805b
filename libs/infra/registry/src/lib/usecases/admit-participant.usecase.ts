import { deriveKeyId, generateSigningKey } from '@borderledger/events';
import type { Participant, ParticipantKeyRecord } from '@borderledger/participants';
import { AdmitParticipantCommand } from '@borderledger/participants';
import { Injectable } from '@nestjs/common';
import { Clock } from '../clock';
import { RegistryRepository } from '../registry.repository';

export interface AdmittedParticipant {
  readonly participant: Participant;
  readonly key: ParticipantKeyRecord;
  /** Only when the registry generated the key pair: shown once, never stored. */
  readonly privateKey?: Uint8Array;
}

/** Admits an organisation with its roles, jurisdiction and first signing key. */
@Injectable()
export class AdmitParticipant {
  constructor(
    private readonly repository: RegistryRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: AdmitParticipantCommand): Promise<AdmittedParticipant> {
    const generated = command.publicKey ? undefined : generateSigningKey();
    const publicKey = command.publicKey ?? (generated as NonNullable<typeof generated>).publicKey;
    const { participant, key } = await this.repository.admit(
      { id: command.id, name: command.name, roles: command.roles, jurisdiction: command.jurisdiction },
      { keyId: deriveKeyId(publicKey), publicKey, validFrom: this.clock.now() },
    );
    return generated ? { participant, key, privateKey: generated.privateKey } : { participant, key };
  }
}
