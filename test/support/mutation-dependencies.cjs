/* global module */
// Jest's dependency extractor for the mutation run only (jest.stryker.config.js).
// Stryker runs, for each mutant, the test files jest relates to the mutated file
// through imports. Every action imports the kit's index, which re-exports every
// kit module, so a mutant in redact.ts would load some 50 test files. Here the
// index has no dependencies: a kit module's mutants are tested by the tests that
// import that module itself (`../src/redact`), which is what those tests are for.
// The score is therefore a lower bound: a kill only through the index is not counted.
const INDEX = /packages[\\/](action-kit|aws-kit)[\\/]src[\\/]index\.ts$/;

module.exports = {
  extract(code, filePath, defaultExtract) {
    return INDEX.test(filePath) ? new Set() : defaultExtract(code, filePath);
  },
  getCacheKey() {
    return 'mlship-mutation-dependencies-1';
  },
};
