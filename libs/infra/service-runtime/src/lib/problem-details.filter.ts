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
    return {
      type: problemType('internal-error'),
      title: 'Internal error',
      status: 500,
      detail: 'The service failed to handle the request; it has been logged with its trace id.',
    };
  }
}
