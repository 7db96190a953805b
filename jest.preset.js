const nxPreset = require('@nx/jest/preset').default;
const { join } = require('node:path');

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  reporters: ['default', join(__dirname, 'tools/jest/summary-reporter.cjs')],
};
