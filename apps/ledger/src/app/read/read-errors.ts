import { MerkleLogError } from '@borderledger/merkle-log';
import { ProblemError, problemType, type FieldViolation } from '@borderledger/service-runtime';
import { LedgerReadError } from './ledger-queries';

const STATUS: Record<LedgerReadError['code'], number> = {
  'entry-not-found': 404,
  'checkpoint-not-found': 404,
  'no-final-checkpoint': 404,
  'tile-not-found': 404,
  'invalid-range': 400,
  'malformed-tile-path': 400,
};

/** Runs a query and maps its typed errors to RFC 9457 problems at the HTTP edge. */
export async function asProblems<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LedgerReadError) {
      throw new ProblemError({ type: problemType(error.code), title: error.code.replace(/-/g, ' '), status: STATUS[error.code], detail: error.message });
    }
    if (error instanceof MerkleLogError && error.code === 'missing-hash') {
      // A stored hash is missing: the node table is incomplete, which audit must look at.
      throw new ProblemError({ type: problemType('ledger-incomplete'), title: 'Ledger incomplete', status: 500, detail: error.message });
    }
    throw error;
  }
}

/** A non-negative safe integer from a path or query parameter, or a 400 naming the parameter. */
export function parseSize(name: string, value: string | undefined, options: { required?: boolean; min?: number } = {}): number | undefined {
  if (value === undefined || value === '') {
    if (!options.required) return undefined;
    throw invalid([{ path: name, rule: 'required', message: `${name} is required` }]);
  }
  const n = /^(0|[1-9][0-9]{0,15})$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < (options.min ?? 0)) {
    throw invalid([{ path: name, rule: 'integer', message: `${name} must be an integer ≥ ${options.min ?? 0}` }]);
  }
  return n;
}

export function invalid(errors: FieldViolation[]): ProblemError {
  return new ProblemError({ type: problemType('invalid-parameters'), title: 'Invalid parameters', status: 400, errors });
}
