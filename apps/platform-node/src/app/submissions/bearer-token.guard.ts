import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

export const NODE_API_TOKEN = Symbol('NODE_API_TOKEN');

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Interim authentication for the foundation's plumbing path: one node-wide bearer token,
 * compared in constant time. Per-participant credentials replace it with the participants issue.
 */
@Injectable()
export class BearerTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(NODE_API_TOKEN) token: string) {
    this.expected = digest(token);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme !== 'Bearer' || !token || !timingSafeEqual(digest(token), this.expected)) {
      throw new UnauthorizedException('a valid bearer token is required (Authorization: Bearer <token>)');
    }
    return true;
  }
}
