// Imported from the runtime package itself (the generated client re-exports the same class):
// the generated code is git-ignored, so this import is also what tells Nx that apps using this
// library need @prisma/client in their generated package.json.
import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';

/** Prisma's code for a unique-constraint violation. */
export const UNIQUE_VIOLATION = 'P2002';

/** True when a write failed on a unique key, e.g. a redelivered event id (the idempotency key). */
export function isUniqueViolation(error: unknown): error is PrismaClientKnownRequestError {
  return error instanceof PrismaClientKnownRequestError && error.code === UNIQUE_VIOLATION;
}
