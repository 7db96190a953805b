// Integration suites (*.integration-spec.ts) run on the real PostgreSQL and Kafka broker: the
// global setup starts the local stack once per run, or uses KAFKA_BROKERS / DATABASE_URL when
// they point at existing servers (as scripts/test.ts does for the whole test run).
const { join } = require('node:path');
const preset = require('./jest.preset');

const testing = join(__dirname, 'libs/infra/testing/src');

module.exports = {
  ...preset,
  testMatch: ['**/?(*.)+(integration-spec).ts'],
  globalSetup: join(testing, 'global-setup.ts'),
  globalTeardown: join(testing, 'global-teardown.ts'),
  testTimeout: 120_000,
  maxWorkers: 1,
};
