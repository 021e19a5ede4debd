/**
 * The only file that touches the runner: hand the environment and
 * @actions/core (loaded after inputs validate) to the smoke test.
 */
import { loadToolkit, runMain } from '@mlship/action-kit';
import { smokeTest } from './smoke';

runMain(async ({ signal }) => {
  if (!(await smokeTest({ signal, env: process.env, loadKit: loadToolkit }))) process.exitCode = 1;
});
