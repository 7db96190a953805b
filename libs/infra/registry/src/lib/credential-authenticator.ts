import type { Participant } from '@borderledger/participants';
import { parseApiToken } from '@borderledger/participants';
import { Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { tokenDigest, verifySecret } from './credential-hash';
import { RegistryViewService } from './registry-view.service';

export type AuthenticationFailure = 'missing' | 'malformed' | 'unknown-credential' | 'revoked' | 'bad-secret' | 'locked' | 'suspended';

export type Authentication =
  | { readonly ok: true; readonly participant: Participant; readonly credentialId: string }
  | { readonly ok: false; readonly reason: AuthenticationFailure };

/** Failed secrets per credential id per minute before further attempts are refused unverified. */
const MAX_FAILURES_PER_MINUTE = 10;
const MAX_CACHED_TOKENS = 10_000;

/**
 * Bearer-token authentication against the registry. scrypt runs once per token and process: a
 * verified token's SHA-256 is cached, and every request still checks revocation and the
 * participant's status in the current snapshot. Failed secrets are counted per credential id so
 * a known id cannot be used to make the node burn scrypt time.
 */
@Injectable()
export class CredentialAuthenticator {
  private readonly verified = new Map<string, Buffer>();
  private readonly pending = new Map<string, Promise<boolean>>();
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(private readonly view: RegistryViewService) {}

  /** Accepts `Bearer <token>` (the Authorization header) or the bare token. */
  async authenticate(authorization: string | undefined): Promise<Authentication> {
    if (!authorization) return { ok: false, reason: 'missing' };
    const raw = authorization.startsWith('Bearer ') ? authorization.slice(7).trim() : authorization.trim();
    const token = parseApiToken(raw);
    if (!token) return { ok: false, reason: 'malformed' };

    let credential = this.view.credential(token.credentialId);
    if (!credential) {
      await this.view.refreshAfterMiss();
      credential = this.view.credential(token.credentialId);
    }
    if (!credential) return { ok: false, reason: 'unknown-credential' };
    if (credential.revokedAt) return { ok: false, reason: 'revoked' };

    const digest = tokenDigest(raw);
    const cached = this.verified.get(credential.id);
    if (!(cached && timingSafeEqual(cached, digest))) {
      if (this.isLocked(credential.id)) return { ok: false, reason: 'locked' };
      const key = `${credential.id}:${digest.toString('hex')}`;
      let check = this.pending.get(key);
      if (!check) {
        check = verifySecret(token.secret, credential.secretHash).finally(() => this.pending.delete(key));
        this.pending.set(key, check);
      }
      if (!(await check)) {
        this.recordFailure(credential.id);
        return { ok: false, reason: 'bad-secret' };
      }
      if (this.verified.size >= MAX_CACHED_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(credential.id, digest);
    }

    const participant = this.view.participant(credential.participantId);
    if (!participant) return { ok: false, reason: 'unknown-credential' };
    // Only after the secret checked out: an anonymous caller learns nothing about the participant.
    if (participant.status !== 'active') return { ok: false, reason: 'suspended' };
    return { ok: true, participant, credentialId: credential.id };
  }

  private isLocked(credentialId: string): boolean {
    const entry = this.failures.get(credentialId);
    if (!entry) return false;
    if (Date.now() - entry.since > 60_000) {
      this.failures.delete(credentialId);
      return false;
    }
    return entry.count >= MAX_FAILURES_PER_MINUTE;
  }

  private recordFailure(credentialId: string): void {
    const entry = this.failures.get(credentialId);
    if (!entry || Date.now() - entry.since > 60_000) this.failures.set(credentialId, { count: 1, since: Date.now() });
    else entry.count += 1;
  }
}
