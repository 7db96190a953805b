import { PrismaService } from '@borderledger/data';
import { Injectable } from '@nestjs/common';

export interface SubmissionReceiptRecord {
  readonly eventId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly messageKey: string;
  readonly payload: Record<string, unknown>;
  readonly traceparent: string | null;
}

@Injectable()
export class SubmissionReceiptsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** One multi-row insert; a redelivered event id is skipped, so replays never duplicate. */
  async recordAll(receipts: readonly SubmissionReceiptRecord[]): Promise<number> {
    const { count } = await this.prisma.submissionReceipt.createMany({
      data: receipts.map((r) => ({ ...r, payload: r.payload as object })),
      skipDuplicates: true,
    });
    return count;
  }
}
