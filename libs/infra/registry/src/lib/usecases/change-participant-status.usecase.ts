import type { Participant } from '@borderledger/participants';
import { ChangeParticipantStatusCommand, RegistryError } from '@borderledger/participants';
import { Injectable } from '@nestjs/common';
import { RegistryRepository } from '../registry.repository';

/** Suspends (or reinstates) a participant: a suspended one can neither submit nor read. */
@Injectable()
export class ChangeParticipantStatus {
  constructor(private readonly repository: RegistryRepository) {}

  async execute(command: ChangeParticipantStatusCommand): Promise<Participant> {
    const updated = await this.repository.setStatus(command.participantId, command.status);
    if (!updated) throw new RegistryError('PARTICIPANT_NOT_FOUND', `participant ${command.participantId} does not exist`);
    return updated;
  }
}
