import { CredentialAuthenticator, InMemoryRegistryRepository, RegistryViewService, generateCredential, hashSecret } from '@borderledger/registry';
import type { ExecutionContext } from '@nestjs/common';
import { LedgerReadGuard } from './read-access.guard';

const MACHINE_TOKEN = 'witness-read-token-0123456789';

/** An active participant with one credential, in an in-memory registry the guard really authenticates against. */
async function registryWithReader() {
  const repository = new InMemoryRegistryRepository();
  await repository.admit({ id: 'skyfreight', name: 'SkyFreight', roles: ['carrier'], jurisdiction: 'NL' }, { keyId: 'ed25519:sky', publicKey: new Uint8Array(32).fill(7), validFrom: new Date(0) });
  const credential = generateCredential();
  await repository.insertCredential({ id: credential.credentialId, participantId: 'skyfreight', secretHash: await hashSecret(credential.secret), label: 'reads' });
  const view = new RegistryViewService(repository, { refreshIntervalMs: 60_000, missRefreshGapMs: 0 });
  await view.refresh();
  return { repository, view, credential, guard: new LedgerReadGuard(new CredentialAuthenticator(view), [MACHINE_TOKEN]) };
}

function request(authorization?: string) {
  const headers: Record<string, string> = {};
  const context = {
    switchToHttp: () => ({ getRequest: () => ({ headers: authorization ? { authorization } : {} }), getResponse: () => ({ setHeader: (name: string, value: string) => (headers[name] = value) }) }),
  } as unknown as ExecutionContext;
  return { context, headers };
}

describe('LedgerReadGuard', () => {
  it('lets an active participant read with its registry credential', async () => {
    const { guard, credential } = await registryWithReader();
    await expect(guard.canActivate(request(`Bearer ${credential.token}`).context)).resolves.toBe(true);
  });

  it('lets a machine reader in with a configured read token', async () => {
    const { guard } = await registryWithReader();
    await expect(guard.canActivate(request(`Bearer ${MACHINE_TOKEN}`).context)).resolves.toBe(true);
  });

  it('refuses a missing, unknown or forged token with 401 and a Bearer challenge', async () => {
    const { guard, credential } = await registryWithReader();
    const forged = `${credential.credentialId}.${'A'.repeat(credential.secret.length)}`;
    for (const authorization of [undefined, 'Bearer not-a-token-we-know-of', `Bearer ${forged}`, `Basic ${MACHINE_TOKEN}`]) {
      const { context, headers } = request(authorization);
      await expect(guard.canActivate(context)).rejects.toMatchObject({ problem: { status: 401, type: expect.stringContaining('unauthenticated') } });
      expect(headers['WWW-Authenticate']).toBe('Bearer realm="borderledger"');
    }
  });

  it('refuses a revoked credential and a suspended participant on their next read', async () => {
    const { guard, credential, repository, view } = await registryWithReader();
    await repository.setStatus('skyfreight', 'suspended');
    await view.refresh();
    await expect(guard.canActivate(request(`Bearer ${credential.token}`).context)).rejects.toMatchObject({ problem: { status: 403 } });

    await repository.setStatus('skyfreight', 'active');
    await repository.revokeCredential(credential.credentialId, new Date());
    await view.refresh();
    await expect(guard.canActivate(request(`Bearer ${credential.token}`).context)).rejects.toMatchObject({ problem: { status: 401 } });
  });

  it('takes no machine reader when no read token is configured', async () => {
    const { view } = await registryWithReader();
    const guard = new LedgerReadGuard(new CredentialAuthenticator(view), []);
    await expect(guard.canActivate(request(`Bearer ${MACHINE_TOKEN}`).context)).rejects.toMatchObject({ problem: { status: 401 } });
  });
});
