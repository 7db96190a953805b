export * from './lib/start-telemetry';
export * from './lib/logger';
export * from './lib/span';
export * from './lib/telemetry.module';
