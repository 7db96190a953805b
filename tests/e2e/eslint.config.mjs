import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  // Everything here is test code: its support files may use the test helpers.
  { files: ['**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
];
