// Integration tests: *.integration-spec.ts on the real PostgreSQL that the shared global setup
// starts (or the one DATABASE_URL names). Each suite works in its own schema.
module.exports = {
  displayName: 'data:integration',
  preset: '../../../jest.integration.preset.js',
  testMatch: ['<rootDir>/src/**/*.integration-spec.ts'],
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
};
