// `./borderledger topic <name> [--last N]`: prints the newest messages of a Borderledger topic
// (key, partition, offset, headers, value), so a user can see what a node published without a
// Kafka tool install. <name> is a topic key of topicNames() (submissions, deadLetter, committed,
// checkpoints) or a full topic name. Uses KAFKA_BROKERS, else the local stack's default broker.
import { parseArgs } from 'node:util';
import { createKafkaClient, decodeHeaders, topicNames } from '@borderledger/kafka';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { last: { type: 'string', default: '5' }, prefix: { type: 'string', default: process.env['TOPIC_PREFIX'] ?? 'borderledger' }, help: { type: 'boolean', short: 'h' } },
});
const names = topicNames(values.prefix);
if (values.help || positionals.length !== 1) {
  process.stderr.write(`usage: ./borderledger topic <${Object.keys(names).join('|')}|full topic name> [--last N] [--prefix P]\n`);
  process.exit(values.help ? 0 : 2);
}
const topic = (names as Record<string, string>)[positionals[0]] ?? positionals[0];
const last = Number(values.last);
const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:59092').split(',');

async function main(): Promise<void> {
  const kafka = createKafkaClient({ brokers, clientId: 'borderledger-topic' });
  const admin = kafka.admin();
  await admin.connect();
  const existing = (await admin.listTopics()).filter((t) => !t.startsWith('__')).sort();
  if (!existing.includes(topic)) {
    await admin.disconnect();
    throw new Error(`topic ${topic} does not exist on ${brokers.join(',')}; existing topics: ${existing.join(', ') || 'none'}`);
  }
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const wanted = offsets.reduce((n, p) => n + Math.min(last, Number(p.high) - Number(p.low)), 0);
  if (wanted === 0) {
    process.stdout.write(`${topic}: no messages\n`);
    return;
  }
  const consumer = kafka.consumer({ groupId: `borderledger-topic-${process.pid}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ partition, message }) => {
          const high = Number(offsets.find((p) => p.partition === partition)?.high ?? 0);
          if (Number(message.offset) < high - last) return;
          process.stdout.write(
            `${JSON.stringify({ topic, partition, offset: message.offset, key: message.key?.toString() ?? null, headers: decodeHeaders(message.headers), value: message.value?.toString() ?? null })}\n`,
          );
          if (++seen >= wanted) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
}

main().catch((error: Error) => {
  process.stderr.write(`topic: ${error.message}\n`);
  process.exit(1);
});
