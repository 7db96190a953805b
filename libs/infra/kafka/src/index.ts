export * from './lib/kafka-client';
export * from './lib/topics';
export * from './lib/trace-headers';
export * from './lib/event-publisher';
export * from './lib/batch-consumer';
