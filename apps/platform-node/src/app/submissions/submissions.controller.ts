import { EventPublisher } from '@borderledger/kafka';
import { ProblemError, problemType } from '@borderledger/service-runtime';
import { Body, Controller, HttpCode, Inject, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation } from '@nestjs/swagger';
import { BearerTokenGuard } from './bearer-token.guard';
import { SUBMISSIONS_TOPIC, submissionSchema, submissionViolations } from './submit-event';

@Controller('v1/submissions')
@UseGuards(BearerTokenGuard)
@ApiBearerAuth()
export class SubmissionsController {
  constructor(
    private readonly publisher: EventPublisher,
    @Inject(SUBMISSIONS_TOPIC) private readonly topic: string,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Publish one submission to the ledger (plumbing path)' })
  async submit(@Body() body: unknown): Promise<{ eventId: string; status: 'accepted' }> {
    const parsed = submissionSchema.safeParse(body);
    if (!parsed.success) {
      throw new ProblemError({
        type: problemType('invalid-submission'),
        title: 'Invalid submission',
        status: 422,
        errors: submissionViolations(parsed.error),
      });
    }
    const submission = parsed.data;
    await this.publisher.publish(this.topic, [{ key: submission.consignmentRef, value: JSON.stringify(submission) }]);
    return { eventId: submission.eventId, status: 'accepted' };
  }
}
