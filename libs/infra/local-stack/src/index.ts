export * from './lib/local-stack';
