import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

export const LEDGER_READ_TOKENS = Symbol('LEDGER_READ_TOKENS');

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Interim read authentication: a bearer token from LEDGER_READ_TOKENS, compared in constant
 * time (on digests, so lengths leak nothing). No tokens configured means no reads: fail closed.
 * Per-participant credentials from the registry replace this list.
 */
@Injectable()
export class ReadTokenGuard implements CanActivate {
  private readonly accepted: Buffer[];

  constructor(@Inject(LEDGER_READ_TOKENS) tokens: readonly string[]) {
    this.accepted = tokens.map(digest);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    const presented = scheme === 'Bearer' && token ? digest(token) : undefined;
    // Compare against every token (no early exit) so timing does not tell which one matched.
    let ok = false;
    for (const accepted of this.accepted) ok = (presented !== undefined && timingSafeEqual(presented, accepted)) || ok;
    if (!ok) throw new UnauthorizedException('a valid bearer token is required (Authorization: Bearer <token>)');
    return true;
  }
}
