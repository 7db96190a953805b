export {
  localStackStatus,
  startKafka,
  startLocalStack,
  startPostgres,
  stopKafka,
  stopLocalStack,
  stopPostgres,
} from './lib/local-stack';
export type { LocalStackStatus, RunningStack, ServiceState, ServiceStatus, StopOptions } from './lib/local-stack';
export type { RunningKafka } from './lib/kafka';
export type { RunningPostgres } from './lib/postgres';
export {
  DEFAULT_KAFKA_CONTROLLER_PORT,
  DEFAULT_KAFKA_PORT,
  DEFAULT_POSTGRES_DATABASE,
  DEFAULT_POSTGRES_PASSWORD,
  DEFAULT_POSTGRES_PORT,
  DEFAULT_POSTGRES_USER,
  DEFAULT_SHARED_DIR,
  resolveSettings,
} from './lib/options';
export type { Env, LocalStackOptions, ResolvedSettings } from './lib/options';
export { LocalStackError } from './lib/errors';
export type { LocalStackErrorCode } from './lib/errors';
