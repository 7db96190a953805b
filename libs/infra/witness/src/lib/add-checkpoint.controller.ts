/**
 * POST /add-checkpoint, byte for byte as c2sp.org/tlog-witness defines it, so any log (ours or
 * not) can use this witness and our ledger can use any witness:
 *   200 text/plain      cosignature line(s) "— <name> <base64>\n"
 *   400                 malformed body, old size > checkpoint size, proof with old size 0
 *   403                 no signature from a trusted key of the origin
 *   404                 unknown origin
 *   409 text/x.tlog.size "<latest cosigned size>\n" — old size is not the latest cosigned one,
 *                        or the same size with another root (equivocation: also recorded)
 *   422                 the consistency proof does not verify — or (Borderledger) the entries the
 *                        checkpoint adds do not match it or break the admission rules
 *   503                 the entries could not be read from the ledger; retry
 * Errors other than 409 carry RFC 9457 problem+json; a tlog-witness client reads the status.
 */
import { PROBLEM_CONTENT_TYPE, problemType } from '@borderledger/service-runtime';
import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AddCheckpointCommand, MalformedAddCheckpointError } from './add-checkpoint.command';
import { AddCheckpointUseCase, type WitnessOutcome } from './add-checkpoint.use-case';

/** A request holds at most 63 proof lines and a note of at most 1 MiB. */
const MAX_BODY_BYTES = (1 << 20) + 64 * 64 + 64;

export const TLOG_SIZE_CONTENT_TYPE = 'text/x.tlog.size';

@ApiTags('witness')
@Controller()
export class AddCheckpointController {
  constructor(private readonly useCase: AddCheckpointUseCase) {}

  @Post('add-checkpoint')
  @HttpCode(200)
  @ApiOperation({
    summary: 'C2SP tlog-witness add-checkpoint: verify a new checkpoint (and, here, its entries) and cosign it',
    description: 'Body: "old <size>\\n", up to 63 base64 consistency-proof lines, an empty line, the signed checkpoint note. See docs/design/witness.md.',
  })
  @ApiConsumes('text/plain')
  @ApiProduces('text/plain', TLOG_SIZE_CONTENT_TYPE, PROBLEM_CONTENT_TYPE)
  @ApiBody({ schema: { type: 'string', example: 'old 0\n\nborderledger.example/log\n1\n…\n\n— borderledger.example/log …\n' } })
  @ApiResponse({ status: 200, description: 'cosignature line(s)' })
  @ApiResponse({ status: 409, description: 'latest cosigned size, text/x.tlog.size' })
  async addCheckpoint(@Req() request: Request, @Res() response: Response): Promise<void> {
    const body = await readBody(request);
    if (body === undefined) {
      problem(response, 400, 'malformed-request', 'Malformed add-checkpoint request', 'send the request body as text/plain (it was consumed as another content type)');
      return;
    }
    if (body === 'too-large') {
      problem(response, 413, 'request-too-large', 'Request too large', `an add-checkpoint body is at most ${MAX_BODY_BYTES} bytes`);
      return;
    }
    let command: AddCheckpointCommand;
    try {
      command = AddCheckpointCommand.fromBody(body);
    } catch (e) {
      if (e instanceof MalformedAddCheckpointError) {
        problem(response, 400, 'malformed-request', 'Malformed add-checkpoint request', e.message);
        return;
      }
      throw e;
    }
    respond(response, await this.useCase.execute(command));
  }
}

function respond(response: Response, outcome: WitnessOutcome): void {
  switch (outcome.kind) {
    case 'cosigned':
      response.status(200).type('text/plain; charset=utf-8').send(outcome.signatureLines);
      return;
    case 'conflict':
      tlogSize(response, outcome.latestSize);
      return;
    case 'equivocation':
      // Same size, another root: the spec's 409; the body still names the size we hold.
      tlogSize(response, outcome.latest.size);
      return;
    case 'malformed-request':
      problem(response, 400, 'malformed-request', 'Malformed add-checkpoint request', outcome.reason);
      return;
    case 'unauthenticated':
      problem(response, 403, 'checkpoint-not-signed', 'No trusted signature on the checkpoint', outcome.reason);
      return;
    case 'unknown-origin':
      problem(response, 404, 'unknown-origin', 'Unknown log origin', `this witness does not cosign ${JSON.stringify(outcome.origin)}`);
      return;
    case 'invalid-proof':
      problem(response, 422, 'invalid-consistency-proof', 'Consistency proof does not verify', `from size ${outcome.latest?.size ?? 0} to ${outcome.submitted.checkpoint.size}`);
      return;
    case 'invalid-entries':
      problem(response, 422, 'invalid-entries', 'The checkpoint adds entries this witness does not accept', outcome.verdict.reason, {
        code: outcome.verdict.code,
        ...(outcome.verdict.entryIndex !== undefined ? { entryIndex: outcome.verdict.entryIndex } : {}),
      });
      return;
    case 'ledger-unavailable':
      response.setHeader('retry-after', '1');
      problem(response, 503, 'ledger-unavailable', 'Cannot read the entries to re-validate', outcome.reason);
      return;
  }
}

/** Exactly "text/x.tlog.size" (express would append a charset to a string body). */
function tlogSize(response: Response, size: number): void {
  response.status(409).setHeader('content-type', TLOG_SIZE_CONTENT_TYPE);
  response.end(Buffer.from(`${size}\n`, 'ascii'));
}

function problem(response: Response, status: number, code: string, title: string, detail: string, extra: Record<string, unknown> = {}): void {
  response
    .status(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ type: problemType(code), title, status, detail, ...extra }));
}

/**
 * The raw body, whatever the Content-Type (tlog-witness names none). Nest's JSON and form parsers
 * leave other content types unread, so the stream is read here; a body they consumed is usable
 * only when the app keeps raw bodies (rawBody: true).
 */
async function readBody(request: Request): Promise<Uint8Array | undefined | 'too-large'> {
  if (request.readableEnded) {
    // With NestFactory.create(…, { rawBody: true }) a parser that consumed the body kept its bytes.
    const raw = (request as Request & { rawBody?: unknown }).rawBody;
    return Buffer.isBuffer(raw) ? new Uint8Array(raw) : undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return 'too-large';
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
