import { ProblemDetailsFilter, ProblemError, problemType } from '@borderledger/service-runtime';
import { RegistryError, type RegistryErrorCode } from '@borderledger/participants';
import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';

const STATUS: Record<RegistryErrorCode, { status: number; type: string; title: string }> = {
  INVALID_COMMAND: { status: 422, type: 'invalid-request', title: 'Invalid request' },
  PARTICIPANT_EXISTS: { status: 409, type: 'participant-exists', title: 'Participant exists' },
  KEY_ALREADY_REGISTERED: { status: 409, type: 'key-already-registered', title: 'Key already registered' },
  PARTICIPANT_SUSPENDED: { status: 409, type: 'participant-suspended', title: 'Participant suspended' },
  PARTICIPANT_NOT_FOUND: { status: 404, type: 'participant-not-found', title: 'Participant not found' },
  CREDENTIAL_NOT_FOUND: { status: 404, type: 'credential-not-found', title: 'Credential not found' },
};

/** Typed registry errors → RFC 9457 problem details (every bad field of a command in `errors`). */
@Catch(RegistryError)
export class RegistryProblemFilter implements ExceptionFilter {
  private readonly problems = new ProblemDetailsFilter();

  catch(error: RegistryError, host: ArgumentsHost): void {
    const { status, type, title } = STATUS[error.code];
    this.problems.catch(
      new ProblemError({ type: problemType(type), title, status, detail: error.message, ...(error.issues.length > 0 ? { errors: error.issues } : {}) }),
      host,
    );
  }
}
