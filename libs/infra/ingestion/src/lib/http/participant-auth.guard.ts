import type { Participant } from '@borderledger/participants';
import { CredentialAuthenticator } from '@borderledger/registry';
import { ProblemError, problemType } from '@borderledger/service-runtime';
import { Injectable, Logger, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { INGESTION_PROBLEMS } from '../submission/ingestion-problems';

export interface AuthenticatedRequest extends Request {
  participant?: Participant;
}

/**
 * Every call carries `Authorization: Bearer blk_<id>.<secret>`. The answer to a bad credential
 * never says why (unknown, revoked, wrong secret): the reason is logged, the token never is.
 */
@Injectable()
export class ParticipantAuthGuard implements CanActivate {
  private readonly logger = new Logger(ParticipantAuthGuard.name);

  constructor(private readonly authenticator: CredentialAuthenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const result = await this.authenticator.authenticate(request.headers.authorization);
    if (result.ok) {
      request.participant = result.participant;
      return true;
    }
    if (result.reason === 'suspended') {
      const { title, status } = INGESTION_PROBLEMS['participant-suspended'];
      throw new ProblemError({ type: problemType('participant-suspended'), title, status, detail: 'this participant is suspended: it may neither submit nor read' });
    }
    this.logger.log(`authentication refused: ${result.reason}`);
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="borderledger"');
    const { title, status } = INGESTION_PROBLEMS.unauthenticated;
    throw new ProblemError({
      type: problemType('unauthenticated'),
      title,
      status,
      detail: 'a valid API credential is required: Authorization: Bearer blk_<id>.<secret>',
    });
  }
}

/** The participant the guard authenticated. */
export const CurrentParticipant = createParamDecorator((_: unknown, context: ExecutionContext): Participant => {
  const participant = context.switchToHttp().getRequest<AuthenticatedRequest>().participant;
  if (!participant) throw new Error('CurrentParticipant used on a route without ParticipantAuthGuard');
  return participant;
});
