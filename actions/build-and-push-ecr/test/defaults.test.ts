import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actionYmlDefaults } from '../../../test/support/action-defaults.mjs';
import { readInputs } from '../src/inputs';

// The runner fills in action.yml's defaults; the code has its own for direct
// runs and tests. Reading with none and with action.yml's must agree.
it("the code's defaults are action.yml's", () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecr-defaults-'));
  mkdirSync(join(dir, 'img'));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
  // A fixed build time: the created label would otherwise differ when the two reads straddle a second.
  const required = { INPUT_REPOSITORY: 'ml/model', GITHUB_SHA: 'f'.repeat(40), AWS_REGION: 'us-east-1', SOURCE_DATE_EPOCH: '1700000000' };
  expect(readInputs(required, dir)).toEqual(
    readInputs({ ...actionYmlDefaults(new URL('../action.yml', import.meta.url)), ...required }, dir),
  );
});
