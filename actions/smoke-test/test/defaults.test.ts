import { actionYmlDefaults } from '../../../test/support/action-defaults.mjs';
import { readInputs } from '../src/inputs';

// The runner fills in action.yml's defaults; the code has its own for direct
// runs and tests. Reading with none and with action.yml's must agree.
it("the code's defaults are action.yml's", async () => {
  const required = { INPUT_URL: 'https://api.example.com/health' };
  expect(await readInputs(required)).toEqual(
    await readInputs({ ...actionYmlDefaults(new URL('../action.yml', import.meta.url)), ...required }),
  );
});
