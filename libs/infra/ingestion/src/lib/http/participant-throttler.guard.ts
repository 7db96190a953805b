import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AuthenticatedRequest } from './participant-auth.guard';

/**
 * Rate limits per participant, not per IP: one organisation's integration runs from many
 * addresses, and many organisations may share a gateway. Runs after ParticipantAuthGuard.
 */
@Injectable()
export class ParticipantThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const participant = (request as unknown as AuthenticatedRequest).participant;
    return participant ? `participant:${participant.id}` : `ip:${String(request['ip'])}`;
  }

  /** One budget per participant across the API's routes (the default counts each route apart). */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}
