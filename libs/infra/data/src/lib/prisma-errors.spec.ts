import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';
import { Prisma } from '../generated/prisma/client';
import { isUniqueViolation } from './prisma-errors';

describe('isUniqueViolation', () => {
  const error = (code: string) => new PrismaClientKnownRequestError('x', { code, clientVersion: '7.10.0' });

  it('recognises P2002 only', () => {
    expect(isUniqueViolation(error('P2002'))).toBe(true);
    expect(isUniqueViolation(error('P2025'))).toBe(false);
    expect(isUniqueViolation(new Error('P2002'))).toBe(false);
  });

  it('matches the class the generated client throws', () => {
    expect(Prisma.PrismaClientKnownRequestError).toBe(PrismaClientKnownRequestError);
  });
});
