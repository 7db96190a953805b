import { timingSafeEqual } from 'node:crypto';
import { CredentialAuthenticator, tokenDigest } from '@borderledger/registry';
import { ProblemError, problemType } from '@borderledger/service-runtime';
import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';

/** Bearer tokens of machine readers (LEDGER_READ_TOKENS): the witnesses, operator tooling. */
export const LEDGER_READ_TOKENS = Symbol('LEDGER_READ_TOKENS');

/**
 * Who may read the ledger: every active participant, with its registry credential
 * (`Authorization: Bearer blk_<id>.<secret>`), and the machine readers holding one of
 * LEDGER_READ_TOKENS. Envelopes, proofs and checkpoints are what every participant verifies, so
 * any active participant may read them all; payloads are not served here (policy rules decide
 * those). A revoked credential or a suspended participant is refused on its next request (the
 * registry snapshot is reloaded every LEDGER_REGISTRY_TTL_MS). The answer never says why a
 * credential failed; the reason is logged, the token never is.
 */
@Injectable()
export class LedgerReadGuard implements CanActivate {
  private readonly logger = new Logger(LedgerReadGuard.name);
  private readonly machineTokens: Buffer[];

  constructor(
    private readonly authenticator: CredentialAuthenticator,
    @Inject(LEDGER_READ_TOKENS) tokens: readonly string[],
  ) {
    this.machineTokens = tokens.map(tokenDigest);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const authorization = context.switchToHttp().getRequest<Request>().headers.authorization;
    if (this.isMachineToken(authorization)) return true;
    const result = await this.authenticator.authenticate(authorization);
    if (result.ok) return true;
    if (result.reason === 'suspended') {
      throw new ProblemError({ type: problemType('participant-suspended'), title: 'Participant suspended', status: 403, detail: 'this participant is suspended: it may not read the ledger' });
    }
    this.logger.log(`read refused: ${result.reason}`);
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="borderledger"');
    throw new ProblemError({
      type: problemType('unauthenticated'),
      title: 'Unauthenticated',
      status: 401,
      detail: 'a valid bearer token is required: Authorization: Bearer blk_<id>.<secret> (a participant credential) or a ledger read token',
    });
  }

  /** Constant time over every token (no early exit), on digests so lengths leak nothing. */
  private isMachineToken(authorization: string | undefined): boolean {
    const [scheme, token] = (authorization ?? '').split(' ');
    const presented = scheme === 'Bearer' && token ? tokenDigest(token) : undefined;
    let ok = false;
    for (const accepted of this.machineTokens) ok = (presented !== undefined && timingSafeEqual(presented, accepted)) || ok;
    return ok;
  }
}
