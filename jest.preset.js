const nxPreset = require('@nx/jest/preset').default;
const { join } = require('node:path');
const vm = require('node:vm');

// @platformatic/kafka is an ES module; Jest loads it through VM modules, which Node 24 keeps behind
// a flag. Nx sets it from the root .env; a bare `npx jest` has to be told (docs/decisions/0010).
if (typeof vm.SourceTextModule !== 'function') {
  throw new Error(
    'Jest needs Node VM modules here: run tests through `./borderledger test` or `npx nx test <project>` ' +
      '(both read NODE_OPTIONS from the root .env), or set NODE_OPTIONS="--experimental-vm-modules" yourself.',
  );
}

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  reporters: ['default', join(__dirname, 'tools/jest/summary-reporter.cjs')],
};
