// Jest runs the TypeScript sources as ESM through SWC. No module mocking:
// the code takes its clients, clocks and sleeps as parameters instead.
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
  },
];

const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironment: 'node',
  // Stryker's sandbox (a copy of the repository) must not shadow the real files while it runs.
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/'],
};

export default {
  testTimeout: 120_000,
  globalSetup: '<rootDir>/test/support/node-version.mjs',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/packages/*/test/**/*.test.ts', '<rootDir>/actions/*/test/**/*.test.ts'],
      // Tests that run the committed dist/ are bundle tests, and an action's
      // tests against the stack are integration tests: a unit run must not
      // pass on a stale bundle, nor need the stack.
      testPathIgnorePatterns: ['/node_modules/', 'bundle\\.test\\.ts$', '/test/integration/'],
    },
    {
      ...shared,
      displayName: 'bundle',
      testMatch: [
        '<rootDir>/test/bundle/**/*.test.ts',
        '<rootDir>/actions/*/test/**/bundle.test.ts',
        '<rootDir>/actions/*/test/**/*.bundle.test.ts',
      ],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/actions/*/test/integration/**/*.test.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
    },
  ],
};
