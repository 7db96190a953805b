import type { CredentialRecord } from '@borderledger/participants';
import { IssueCredentialCommand, RegistryError } from '@borderledger/participants';
import { Injectable } from '@nestjs/common';
import { generateCredential, hashSecret } from '../credential-hash';
import { RegistryRepository } from '../registry.repository';

export interface IssuedCredential {
  readonly credential: CredentialRecord;
  /** `blk_<id>.<secret>`: returned once; only the scrypt hash of the secret is stored. */
  readonly token: string;
}

@Injectable()
export class IssueCredential {
  constructor(private readonly repository: RegistryRepository) {}

  async execute(command: IssueCredentialCommand): Promise<IssuedCredential> {
    const participant = await this.repository.findParticipant(command.participantId);
    if (!participant) throw new RegistryError('PARTICIPANT_NOT_FOUND', `participant ${command.participantId} does not exist`);
    if (participant.status !== 'active') throw new RegistryError('PARTICIPANT_SUSPENDED', `participant ${command.participantId} is suspended`);
    const { credentialId, secret, token } = generateCredential();
    const credential = await this.repository.insertCredential({
      id: credentialId,
      participantId: participant.id,
      secretHash: await hashSecret(secret),
      label: command.label,
    });
    return { credential, token };
  }
}
