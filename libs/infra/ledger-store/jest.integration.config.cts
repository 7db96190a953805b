module.exports = {
  displayName: 'ledger-store:integration',
  preset: '../../../jest.integration.preset.js',
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleFileExtensions: ['ts', 'js', 'html'],
};
