/* global module */
// Jest's dependency extractor for the mutation run only (jest.stryker.config.js).
// Stryker runs, for each mutant, the test files jest relates to the mutated file
// through imports; two edges are cut so each mutant loads few, cheap test files:
//  - the kits' index re-exports every kit module, and every action imports it:
//    through it, a mutant in redact.ts would load some 50 test files. Here the
//    index has no dependencies: a kit module's mutants are tested by the tests
//    that import that module itself (`../src/redact`);
//  - the tests that start moto (a few seconds each time) relate only to the
//    modules they are about (the alias writer, the safety net, the CloudWatch
//    port), not to the bake engine they drive: the engine's own tests cover it.
// The score is therefore a lower bound: a kill only through a cut edge is not counted.
const INDEX = /packages[\\/](action-kit|aws-kit)[\\/]src[\\/]index\.ts$/;
const MOTO_TEST = /test[\\/]integration[\\/](lambda-alias-writer|bake-metrics-port)\.test\.ts$/;
const MOTO_SUBJECT = /\/(alias\/|bake\/safety-net|bake\/aws)/;

module.exports = {
  extract(code, filePath, defaultExtract) {
    if (INDEX.test(filePath)) return new Set();
    const found = defaultExtract(code, filePath);
    if (!MOTO_TEST.test(filePath)) return found;
    return new Set([...found].filter((spec) => !spec.includes('update-lambda-and-wait/src/') || MOTO_SUBJECT.test(spec)));
  },
  getCacheKey() {
    return 'mlship-mutation-dependencies-2';
  },
};
