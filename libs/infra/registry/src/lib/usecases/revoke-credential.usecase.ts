import type { CredentialRecord } from '@borderledger/participants';
import { RegistryError, RevokeCredentialCommand } from '@borderledger/participants';
import { Injectable } from '@nestjs/common';
import { Clock } from '../clock';
import { RegistryRepository } from '../registry.repository';

/** Revokes a credential of the named participant; revoking twice keeps the first time. */
@Injectable()
export class RevokeCredential {
  constructor(
    private readonly repository: RegistryRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: RevokeCredentialCommand): Promise<CredentialRecord> {
    const existing = await this.repository.findCredential(command.credentialId);
    // Another participant's credential is "not found" under this participant: ids reveal nothing.
    if (!existing || existing.participantId !== command.participantId) {
      throw new RegistryError('CREDENTIAL_NOT_FOUND', `participant ${command.participantId} has no credential ${command.credentialId}`);
    }
    return (await this.repository.revokeCredential(command.credentialId, this.clock.now())) as CredentialRecord;
  }
}
