export * from './lib/suite-infrastructure';
export * from './lib/service-process';
