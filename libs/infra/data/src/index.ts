export * from './lib/data';
