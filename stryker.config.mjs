// Mutation testing of the code that decides deployments (issue 29): the bake,
// the alias writer, the gate's rules and baseline, the ledger, redaction and
// markdown escaping, the sticky comment, smoke-test's JSON rules and error
// budget, and tag templates. `npm run test:mutation`; .ci/run calls it.
//
// Cost control (2 cores): static mutants (module-load-time constants) would
// rerun every test that loads the module, so they are ignored; per-test
// coverage runs only the tests that reach a mutant; and the incremental file
// is committed, so CI re-tests only mutants in code or tests that changed.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.stryker.config.js' },
  testRunnerNodeArgs: ['--experimental-vm-modules'],
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  checkers: [],
  mutate: [
    'actions/update-lambda-and-wait/src/bake/**/*.ts',
    'actions/update-lambda-and-wait/src/alias/**/*.ts',
    'actions/model-threshold-gate/src/{rules,gate,ledger-baseline}.ts',
    'packages/action-kit/src/{ledger,redact}.ts',
    'packages/action-kit/src/sinks/markdown.ts',
    'actions/deployment-summary/src/comment.ts',
    'actions/smoke-test/src/checks/{json-rule,run-check}.ts',
    'actions/build-and-push-ecr/src/tag-templates.ts',
  ],
  // What the sandbox copy leaves out (from the root only: the kit has a src/reports/): bundles, docs, suites the unit run never loads.
  ignorePatterns: ['/dist', '/docs', '/bench', '/examples', '/reports', '/test/e2e', '/.stack', '/coverage'],
  thresholds: { high: 90, low: 80, break: 80 },
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  concurrency: 2,
  timeoutMS: 10000,
  // The dry run is every unit test once with per-test coverage: 1 to 2 minutes alone, more on a loaded machine.
  dryRunTimeoutMinutes: 15,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
