// End-to-end suites run the built services as processes against the real stack.
module.exports = {
  displayName: 'e2e',
  preset: '../../jest.integration.preset.js',
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleFileExtensions: ['ts', 'js'],
  testTimeout: 180_000,
};
