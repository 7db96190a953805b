// Integration tests (*.integration-spec.ts): start the real PostgreSQL and Kafka in a
// temporary state folder on free ports. No global setup: starting the stack is what is
// under test here. One file at a time — they spawn JVMs on a 2-core machine.
module.exports = {
  displayName: 'local-stack:integration',
  preset: '../../../jest.preset.js',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.integration-spec.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  maxWorkers: 1,
  testTimeout: 300_000,
  coverageDirectory: '../../../coverage/libs/infra/local-stack-integration',
};
