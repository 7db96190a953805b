/**
 * Topic names in one place. A prefix separates deployments sharing a cluster and lets each test
 * suite use topics of its own.
 */
export const topicNames = (prefix: string) => ({
  /** Signed submissions from the ingestion nodes, keyed by consignment reference. */
  submissions: `${prefix}.submissions`,
  /** Submissions rejected after acceptance, with the reason in headers. */
  deadLetter: `${prefix}.submissions.dead-letter`,
});

export type TopicNames = ReturnType<typeof topicNames>;
