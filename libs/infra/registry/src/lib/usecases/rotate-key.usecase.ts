import { deriveKeyId, generateSigningKey } from '@borderledger/events';
import type { ParticipantKeyRecord } from '@borderledger/participants';
import { RegistryError, RotateKeyCommand } from '@borderledger/participants';
import { Injectable } from '@nestjs/common';
import { Clock } from '../clock';
import { RegistryRepository } from '../registry.repository';

export interface RotatedKey {
  readonly key: ParticipantKeyRecord;
  /** Keys whose validity window this rotation closed (at now + grace period). */
  readonly closed: readonly ParticipantKeyRecord[];
  readonly privateKey?: Uint8Array;
}

/**
 * Opens a new key now and closes the old ones (at once, or after a grace period). What an old key
 * signed inside its window keeps verifying: windows are closed, never deleted.
 */
@Injectable()
export class RotateKey {
  constructor(
    private readonly repository: RegistryRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: RotateKeyCommand): Promise<RotatedKey> {
    if (!(await this.repository.findParticipant(command.participantId))) {
      throw new RegistryError('PARTICIPANT_NOT_FOUND', `participant ${command.participantId} does not exist`);
    }
    const generated = command.publicKey ? undefined : generateSigningKey();
    const publicKey = command.publicKey ?? (generated as NonNullable<typeof generated>).publicKey;
    const now = this.clock.now();
    const closeAt = new Date(now.getTime() + command.gracePeriodSeconds * 1000);
    const { key, closed } = await this.repository.rotateKey(command.participantId, { keyId: deriveKeyId(publicKey), publicKey, validFrom: now }, closeAt);
    return generated ? { key, closed, privateKey: generated.privateKey } : { key, closed };
  }
}
