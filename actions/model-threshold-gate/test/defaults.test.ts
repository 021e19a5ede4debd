import { actionYmlDefaults } from '../../../test/support/action-defaults.mjs';
import { readInputs } from '../src/inputs';
import { loadJmes } from '../src/jmes';

// The runner fills in action.yml's defaults; the code has its own for direct
// runs and tests. Reading with none and with action.yml's must agree.
it("the code's defaults are action.yml's", async () => {
  const required = { INPUT_METRICS: '{"accuracy": 0.93}', INPUT_THRESHOLDS: 'accuracy >= 0.9' };
  const defaults = actionYmlDefaults(new URL('../action.yml', import.meta.url));
  expect(await readInputs(required, process.cwd(), loadJmes)).toEqual(
    await readInputs({ ...defaults, ...required }, process.cwd(), loadJmes),
  );
});
