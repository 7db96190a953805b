import type { Participant } from '@borderledger/participants';
import { ProblemError, problemType } from '@borderledger/service-runtime';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { INGESTION_PROBLEMS } from '../submission/ingestion-problems';
import { GetEventStatus, type EventStatus } from '../submission/get-event-status';
import {
  IngestionRequestError,
  SubmitEvents,
  SubmitEventsCommand,
  statusWhenNothingAccepted,
  type SubmitEventsResult,
} from '../submission/submit-events';
import { eventStatusSchema, problemSchema, submitRequestSchema, submitResponseSchema } from './openapi-schemas';
import { CurrentParticipant, ParticipantAuthGuard } from './participant-auth.guard';
import { ParticipantThrottlerGuard } from './participant-throttler.guard';

export const DEFAULT_MAX_BATCH = 500;
export const MAX_BATCH = Symbol('MAX_BATCH');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const problemResponse = (status: number, description: string) =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: problemSchema } } });

@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/events')
@UseGuards(ParticipantAuthGuard, ParticipantThrottlerGuard)
export class EventsController {
  constructor(
    private readonly submitEvents: SubmitEvents,
    private readonly getEventStatus: GetEventStatus,
    @Inject(MAX_BATCH) private readonly maxBatch: number,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Submit one event or a batch',
    description:
      'Each event is either custodial ({ eventType, consignmentRef, occurredAt, payload, eventId? }: the node commits and signs with ' +
      'the caller’s key, a request’s new events as one batch signature) or client-signed ({ envelope, opening }: the node verifies ' +
      'a signature or batchSignature). Good events are accepted even when others in ' +
      'the batch are refused; each refusal names its index, fields and rules. Resubmitting an event id returns its original result.',
  })
  @ApiBody({ schema: submitRequestSchema(DEFAULT_MAX_BATCH) })
  @ApiResponse({ status: 202, description: 'At least one event accepted (or already known); per-event results', schema: submitResponseSchema })
  @problemResponse(400, 'The body is neither an event nor { events: [...] }')
  @problemResponse(401, 'Missing or invalid API credential')
  @problemResponse(403, 'No event permitted for the caller, or the caller is suspended')
  @problemResponse(413, 'More events than the batch limit, or a body over the size limit')
  @problemResponse(422, 'No event accepted: `errors` names each bad field (events[i]....) and rule; `results` has every event')
  @problemResponse(429, 'Rate limit of the participant exceeded (Retry-After)')
  async submit(@Body() body: unknown, @CurrentParticipant() participant: Participant): Promise<SubmitEventsResult> {
    let command: SubmitEventsCommand;
    try {
      command = SubmitEventsCommand.create(participant, body, this.maxBatch);
    } catch (error) {
      if (!(error instanceof IngestionRequestError)) throw error;
      const { title, status } = INGESTION_PROBLEMS[error.code];
      throw new ProblemError({ type: problemType(error.code), title, status, detail: error.message, errors: error.errors });
    }
    const result = await this.submitEvents.execute(command);
    if (result.accepted === 0) {
      const status = statusWhenNothingAccepted(result.results);
      const code = status === 403 ? 'forbidden-events' : 'invalid-events';
      throw new ProblemError({
        type: problemType(code),
        title: INGESTION_PROBLEMS[code].title,
        status,
        detail: `none of the ${result.results.length} event(s) was accepted; see errors and results`,
        errors: result.results.flatMap((r) => (r.status === 'refused' ? r.problem.errors : [])),
        results: result.results,
      });
    }
    return result;
  }

  @Get(':id')
  @ApiOperation({ summary: 'Status of an event the caller submitted: accepted, committed (with ledger index) or rejected (with reason)' })
  @ApiParam({ name: 'id', description: 'event id' })
  @ApiResponse({ status: 200, schema: eventStatusSchema })
  @problemResponse(401, 'Missing or invalid API credential')
  @problemResponse(404, 'No event with this id submitted by the caller (another participant’s events are never readable)')
  async status(@Param('id') id: string, @CurrentParticipant() participant: Participant): Promise<EventStatus> {
    const found = UUID.test(id) ? await this.getEventStatus.execute(participant.id, id) : undefined;
    if (!found) {
      const { title, status } = INGESTION_PROBLEMS['event-not-found'];
      throw new ProblemError({ type: problemType('event-not-found'), title, status, detail: `no event ${id.slice(0, 64)} submitted by ${participant.id}` });
    }
    return found;
  }
}
