export * from './lib/merkle-log';
