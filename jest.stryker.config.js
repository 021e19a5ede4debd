// The flat jest config Stryker runs (its jest runner takes one project, not
// `projects`): the unit project, plus the alias writer's test against moto and
// the fault proxy (it starts both itself), the only place a foreign write that
// keeps the routing and changes only the RevisionId is made for real. `@mlship/*` goes to the packages'
// src/ inside Stryker's sandbox: through node_modules the workspace links
// would load the original, unmutated files and no kit mutant could be killed.
import base from './jest.config.js';

const ALIAS_WRITER_TEST = '<rootDir>/test/integration/lambda-alias-writer.test.ts';
const unit = base.projects.find((project) => project.displayName === 'unit');

export default {
  ...unit,
  displayName: undefined,
  testMatch: [...unit.testMatch, ALIAS_WRITER_TEST],
  testPathIgnorePatterns: unit.testPathIgnorePatterns.map((pattern) =>
    pattern === '/test/integration/' ? '/test/integration/(?!lambda-alias-writer\\.test\\.ts$)' : pattern,
  ),
  rootDir: '.',
  testTimeout: base.testTimeout,
  globalSetup: base.globalSetup,
  // Relates a kit module's mutants to the tests that import that module (see the file).
  dependencyExtractor: '<rootDir>/test/support/mutation-dependencies.cjs',
  moduleNameMapper: {
    '^@mlship/(action-kit|aws-kit)$': '<rootDir>/packages/$1/src/index.ts',
    '^@mlship/(action-kit|aws-kit)/(.+)$': '<rootDir>/packages/$1/src/$2.ts',
  },
};
