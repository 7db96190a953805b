import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { Clock } from './clock';
import { CredentialAuthenticator } from './credential-authenticator';
import { DEFAULT_REGISTRY_VIEW_OPTIONS, REGISTRY_VIEW_OPTIONS, RegistryViewService, type RegistryViewOptions } from './registry-view.service';
import { PrismaRegistryRepository, RegistryRepository } from './registry.repository';
import { AdmitParticipant } from './usecases/admit-participant.usecase';
import { ChangeParticipantStatus } from './usecases/change-participant-status.usecase';
import { IssueCredential } from './usecases/issue-credential.usecase';
import { RevokeCredential } from './usecases/revoke-credential.usecase';
import { RotateKey } from './usecases/rotate-key.usecase';

export interface RegistryModuleOptions {
  /** Provide RegistryViewService and CredentialAuthenticator (the nodes); the admin API needs neither. */
  readonly view?: Partial<RegistryViewOptions> | false;
}

const USE_CASES = [AdmitParticipant, RotateKey, IssueCredential, RevokeCredential, ChangeParticipantStatus];

/**
 * The participant registry on Prisma. Needs PrismaService from a global PrismaModule
 * (`PrismaModule.forRoot(...)` in the app).
 */
@Module({})
export class RegistryModule {
  static forRoot(options: RegistryModuleOptions = {}): DynamicModule {
    const providers: Provider[] = [Clock, { provide: RegistryRepository, useClass: PrismaRegistryRepository }, ...USE_CASES];
    if (options.view !== false) {
      providers.push(
        { provide: REGISTRY_VIEW_OPTIONS, useValue: { ...DEFAULT_REGISTRY_VIEW_OPTIONS, ...(options.view ?? {}) } },
        RegistryViewService,
        CredentialAuthenticator,
      );
    }
    return {
      module: RegistryModule,
      providers,
      exports: providers.map((p) => (typeof p === 'function' ? p : p.provide)).filter((token) => token !== REGISTRY_VIEW_OPTIONS),
    };
  }
}
