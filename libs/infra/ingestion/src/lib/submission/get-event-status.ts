import type { EventEnvelope } from '@borderledger/events';
import type { SubmissionState, SubmissionStore } from './submission.store';
import { statusUrl } from './submit-events';

export interface EventStatus {
  readonly eventId: string;
  readonly eventType: string;
  readonly consignmentRef: string | null;
  readonly status: SubmissionState;
  readonly statusUrl: string;
  readonly acceptedAt: string;
  readonly updatedAt: string;
  readonly published: boolean;
  readonly ledgerIndex?: number;
  readonly rejectionReason?: string;
  /** The submitter's own signed envelope; the opening (payload, salts) is never served here. */
  readonly envelope: EventEnvelope;
}

/** GET /v1/events/:id — only the submitter reads its events; another's id is "not found". */
export class GetEventStatus {
  constructor(private readonly store: Pick<SubmissionStore, 'findOwned'>) {}

  async execute(participantId: string, eventId: string): Promise<EventStatus | undefined> {
    const row = await this.store.findOwned(eventId, participantId);
    if (!row) return undefined;
    return {
      eventId: row.eventId,
      eventType: row.eventType,
      consignmentRef: row.consignmentRef,
      status: row.state,
      statusUrl: statusUrl(row.eventId),
      acceptedAt: row.acceptedAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
      published: row.publishedAt !== null,
      ...(row.ledgerIndex !== null ? { ledgerIndex: Number(row.ledgerIndex) } : {}),
      ...(row.rejectionReason !== null ? { rejectionReason: row.rejectionReason } : {}),
      envelope: row.envelope,
    };
  }
}
