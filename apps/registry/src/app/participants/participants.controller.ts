import { toBase64Url } from '@borderledger/events';
import {
  AdmitParticipantCommand,
  ChangeParticipantStatusCommand,
  IssueCredentialCommand,
  RegistryError,
  RevokeCredentialCommand,
  RotateKeyCommand,
  type CredentialRecord,
  type Participant,
  type ParticipantKeyRecord,
} from '@borderledger/participants';
import { AdmitParticipant, ChangeParticipantStatus, IssueCredential, RegistryRepository, RevokeCredential, RotateKey } from '@borderledger/registry';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminTokenGuard } from './admin-token.guard';
import { RegistryProblemFilter } from './registry-problem.filter';

const participantView = (p: Participant) => ({
  id: p.id,
  name: p.name,
  roles: p.roles,
  jurisdiction: p.jurisdiction,
  status: p.status,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});
const keyView = (k: ParticipantKeyRecord) => ({
  keyId: k.keyId,
  publicKey: toBase64Url(k.publicKey),
  validFrom: k.validFrom.toISOString(),
  validUntil: k.validUntil?.toISOString() ?? null,
});
/** Never the secret hash. */
const credentialView = (c: CredentialRecord) => ({ id: c.id, label: c.label, createdAt: c.createdAt.toISOString(), revokedAt: c.revokedAt?.toISOString() ?? null });
const privateKeyView = (privateKey: Uint8Array | undefined) =>
  privateKey ? { privateKey: toBase64Url(privateKey), privateKeyNotice: 'shown once and not stored: install it in the node keystore now' } : {};

function withParticipant(participantId: string, body: unknown): Record<string, unknown> {
  if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    throw new RegistryError('INVALID_COMMAND', 'the body must be a JSON object', [{ path: '', rule: 'type', message: 'must be an object' }]);
  }
  return { ...(body as Record<string, unknown> | undefined), participantId };
}

const roles = ['platform', 'carrier', 'logistics', 'customs', 'auditor', 'governance'];

@ApiTags('participants')
@ApiBearerAuth()
@Controller('v1/participants')
@UseGuards(AdminTokenGuard)
@UseFilters(RegistryProblemFilter)
export class ParticipantsController {
  constructor(
    private readonly repository: RegistryRepository,
    private readonly admit: AdmitParticipant,
    private readonly rotate: RotateKey,
    private readonly issue: IssueCredential,
    private readonly revoke: RevokeCredential,
    private readonly changeStatus: ChangeParticipantStatus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Admit an organisation with roles, jurisdiction and a first signing key (generated and shown once when publicKey is omitted)' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['id', 'name', 'roles', 'jurisdiction'],
      properties: {
        id: { type: 'string', example: 'shopwave' },
        name: { type: 'string', example: 'Shopwave B.V.' },
        roles: { type: 'array', items: { type: 'string', enum: roles } },
        jurisdiction: { type: 'string', example: 'NL' },
        publicKey: { type: 'string', description: 'base64url Ed25519 public key (32 bytes)' },
      },
    },
  })
  async create(@Body() body: unknown) {
    const admitted = await this.admit.execute(AdmitParticipantCommand.create(body));
    return { participant: participantView(admitted.participant), key: keyView(admitted.key), ...privateKeyView(admitted.privateKey) };
  }

  @Get()
  @ApiOperation({ summary: 'List participants' })
  async list() {
    return { participants: (await this.repository.listParticipants()).map(participantView) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A participant with its keys (validity windows) and credentials (never their secrets)' })
  async get(@Param('id') id: string) {
    const participant = await this.repository.findParticipant(id);
    if (!participant) throw new RegistryError('PARTICIPANT_NOT_FOUND', `participant ${id} does not exist`);
    const [keys, credentials] = await Promise.all([this.repository.keysOf(id), this.repository.credentialsOf(id)]);
    return { participant: participantView(participant), keys: keys.map(keyView), credentials: credentials.map(credentialView) };
  }

  @Post(':id/keys')
  @ApiOperation({ summary: 'Rotate the signing key: opens the new key now, closes the old one now or after gracePeriodSeconds' })
  @ApiBody({ required: false, schema: { type: 'object', properties: { publicKey: { type: 'string' }, gracePeriodSeconds: { type: 'integer' } } } })
  async rotateKey(@Param('id') id: string, @Body() body: unknown) {
    const rotated = await this.rotate.execute(RotateKeyCommand.create(withParticipant(id, body)));
    return { key: keyView(rotated.key), closed: rotated.closed.map(keyView), ...privateKeyView(rotated.privateKey) };
  }

  @Post(':id/credentials')
  @ApiOperation({ summary: 'Issue an API credential; the token is shown once, only its scrypt hash is stored' })
  @ApiBody({ schema: { type: 'object', required: ['label'], properties: { label: { type: 'string', example: 'order system' } } } })
  async issueCredential(@Param('id') id: string, @Body() body: unknown) {
    const issued = await this.issue.execute(IssueCredentialCommand.create(withParticipant(id, body)));
    return { credential: credentialView(issued.credential), token: issued.token, tokenNotice: 'shown once and not stored' };
  }

  @Delete(':id/credentials/:credentialId')
  @ApiOperation({ summary: 'Revoke a credential (nodes stop accepting it within REGISTRY_REFRESH_MS)' })
  async revokeCredential(@Param('id') id: string, @Param('credentialId') credentialId: string) {
    return { credential: credentialView(await this.revoke.execute(RevokeCredentialCommand.create({ participantId: id, credentialId }))) };
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Suspend: the participant can neither submit nor read; its past signatures still verify' })
  async suspend(@Param('id') id: string) {
    return { participant: participantView(await this.changeStatus.execute(ChangeParticipantStatusCommand.create({ participantId: id, status: 'suspended' }))) };
  }

  @Post(':id/reinstate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lift a suspension' })
  async reinstate(@Param('id') id: string) {
    return { participant: participantView(await this.changeStatus.execute(ChangeParticipantStatusCommand.create({ participantId: id, status: 'active' }))) };
  }
}
