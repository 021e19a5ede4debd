// The flat jest config Stryker runs (its jest runner takes one project, not
// `projects`): the unit project, plus two tests that start moto themselves:
// the alias writer's against moto and the fault proxy (the only place a foreign
// write that keeps the routing and changes only the RevisionId is made for
// real), and the bake's CloudWatch port against moto's CloudWatch.
// `@mlship/*` goes to the packages' src/ inside Stryker's sandbox: through
// node_modules the workspace links would load the original, unmutated files
// and no kit mutant could be killed.
import { readFileSync } from 'node:fs';
import base from './jest.config.js';

const MOTO_TESTS = ['lambda-alias-writer', 'bake-metrics-port'];
const unit = base.projects.find((project) => project.displayName === 'unit');

export default {
  ...unit,
  displayName: undefined,
  testMatch: [...unit.testMatch, ...MOTO_TESTS.map((name) => `<rootDir>/test/integration/${name}.test.ts`)],
  testPathIgnorePatterns: unit.testPathIgnorePatterns.map((pattern) =>
    pattern === '/test/integration/' ? `/test/integration/(?!(${MOTO_TESTS.join('|')})\\.test\\.ts$)` : pattern,
  ),
  rootDir: '.',
  testTimeout: base.testTimeout,
  globalSetup: base.globalSetup,
  // Relates a kit module's mutants to the tests that import that module (see the file).
  dependencyExtractor: '<rootDir>/test/support/mutation-dependencies.cjs',
  moduleNameMapper: packageExportsToSources(['action-kit', 'aws-kit']),
};

// Each package's `exports` map, entry by entry, so a subpath such as
// `@mlship/action-kit/gate-section` (src/reports/gate-section.ts) resolves as it does through node_modules.
function packageExportsToSources(packages) {
  const mapper = {};
  for (const name of packages) {
    const { exports } = JSON.parse(readFileSync(new URL(`./packages/${name}/package.json`, import.meta.url), 'utf8'));
    for (const [subpath, target] of Object.entries(exports)) {
      const specifier = `@mlship/${name}${subpath.slice(1)}`.replace(/[/.-]/g, (c) => `\\${c}`);
      mapper[`^${specifier}$`] = `<rootDir>/packages/${name}/${target.slice(2)}`;
    }
  }
  return mapper;
}
