/**
 * Topic names in one place. A prefix separates deployments sharing a cluster and lets each test
 * suite use topics of its own. Message formats: docs/design/messages.md.
 */
export const topicNames = (prefix: string) => ({
  /** Signed submissions from the ingestion nodes, keyed by consignment reference. */
  submissions: `${prefix}.submissions`,
  /** Submissions the ledger rejected, with the reason in headers. */
  deadLetter: `${prefix}.submissions.dead-letter`,
  /** Committed envelopes with their ledger index (no payloads), keyed by consignment reference. */
  committed: `${prefix}.committed`,
  /** Every new signed checkpoint (C2SP note text). */
  checkpoints: `${prefix}.checkpoints`,
});

export type TopicNames = ReturnType<typeof topicNames>;
