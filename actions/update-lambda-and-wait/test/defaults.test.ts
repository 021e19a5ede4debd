import { actionYmlDefaults } from '../../../test/support/action-defaults.mjs';
import { readInputs } from '../src/inputs';

// The runner fills in action.yml's defaults; the code has its own for direct
// runs and tests. Reading with none and with action.yml's must agree.
it("the code's defaults are action.yml's", () => {
  const required = {
    'INPUT_FUNCTION-NAME': 'model-service',
    'INPUT_IMAGE-URI': '123456789012.dkr.ecr.us-east-1.amazonaws.com/m@sha256:' + 'a'.repeat(64),
    AWS_REGION: 'us-east-1',
  };
  expect(readInputs(required)).toEqual(readInputs({ ...actionYmlDefaults(new URL('../action.yml', import.meta.url)), ...required }));
});
