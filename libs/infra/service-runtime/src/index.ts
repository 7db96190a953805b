export * from './lib/problem-details';
export * from './lib/problem-details.filter';
export * from './lib/bootstrap-service';
