import { createHash, timingSafeEqual } from 'node:crypto';
import { ProblemError, problemType } from '@borderledger/service-runtime';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';

export const ADMIN_TOKEN = Symbol('ADMIN_TOKEN');

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The network operator's token (REGISTRY_ADMIN_TOKEN), compared in constant time. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(ADMIN_TOKEN) token: string) {
    this.expected = digest(token);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (token && timingSafeEqual(digest(token), this.expected)) return true;
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="borderledger-registry"');
    throw new ProblemError({ type: problemType('unauthenticated'), title: 'Authentication required', status: 401, detail: 'the operator token is required: Authorization: Bearer <REGISTRY_ADMIN_TOKEN>' });
  }
}
