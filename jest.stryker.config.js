// The flat jest config Stryker runs (its jest runner takes one project, not
// `projects`): the unit project, plus the few stack tests that drive the alias
// writer through moto and the fault proxy. `@mlship/*` goes to the packages'
// src/ inside Stryker's sandbox: through node_modules the workspace links
// would load the original, unmutated files and no kit mutant could be killed.
import base from './jest.config.js';

const unit = base.projects.find((project) => project.displayName === 'unit');

export default {
  ...unit,
  displayName: undefined,
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
