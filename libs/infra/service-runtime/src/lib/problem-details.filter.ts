import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, ProblemError, problemType, type ProblemDetails } from './problem-details';

/** Turns every error that reaches HTTP into RFC 9457 problem+json; internals are never echoed. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = { ...this.toProblem(error), instance: request.originalUrl };
    if (problem.status >= 500) this.logger.error({ err: error }, 'request failed');
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).json(problem);
  }

  private toProblem(error: unknown): ProblemDetails {
    if (error instanceof ProblemError) return error.problem;
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
      const code = HttpStatus[status]?.toLowerCase().replace(/_/g, '-') ?? 'http-error';
      return { type: problemType(code), title: error.name.replace(/Exception$/, ''), status, detail };
    }
    if (isExposedClientError(error)) {
      // http-errors raised by Express middleware before routing, e.g. body-parser's 413 for a body over its limit.
      const code = HttpStatus[error.status]?.toLowerCase().replace(/_/g, '-') ?? 'bad-request';
      const title = code.charAt(0).toUpperCase() + code.slice(1).replace(/-/g, ' ');
      return { type: problemType(code), title, status: error.status, detail: error.message };
    }
    return {
      type: problemType('internal-error'),
      title: 'Internal error',
      status: 500,
      detail: 'The service failed to handle the request; it has been logged with its trace id.',
    };
  }
}

/** The http-errors convention: `expose` marks a message that is safe to show the client. */
function isExposedClientError(error: unknown): error is { status: number; message: string } {
  const e = error as { status?: unknown; expose?: unknown; message?: unknown } | null;
  return !!e && typeof e.status === 'number' && e.status >= 400 && e.status < 500 && e.expose === true && typeof e.message === 'string';
}
