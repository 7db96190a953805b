import { Kafka, logLevel, type LogEntry, type logCreator } from 'kafkajs';
import type { Logger } from 'pino';

export interface KafkaClientOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger?: Logger;
}

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs logs through pino so its lines carry trace ids and follow the service's level. */
function pinoLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...rest } = log;
      logger[levels[level] ?? 'info']({ kafka: rest }, message);
    };
}

export function createKafkaClient(options: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: logLevel.WARN,
    logCreator: options.logger ? pinoLogCreator(options.logger.child({ component: 'kafkajs' })) : undefined,
    // A broker restart takes a few seconds; keep retrying well past that rather than crash.
    retry: { initialRetryTime: 250, retries: 12, maxRetryTime: 5_000 },
  });
}

export interface TopicSpec {
  readonly topic: string;
  readonly numPartitions?: number;
}

/** Creates missing topics; existing ones are left as they are. */
export async function ensureTopics(kafka: Kafka, topics: readonly TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.numPartitions ?? 1, replicationFactor: 1 })),
    });
  } finally {
    await admin.disconnect();
  }
}
