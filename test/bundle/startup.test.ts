import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeRuntimes, readActionYml, repoRoot, runAction } from '../helpers/run-action';

const actions = readdirSync(join(repoRoot, 'actions'));

describe.each(nodeRuntimes())('bundles under $label', ({ path }) => {
  it.each(actions)('%s declares node24 and points at its committed bundle', (action) => {
    const yml = readActionYml(action);
    expect(yml.runs.using).toBe('node24');
    expect(yml.runs.main).toBe(`../../dist/${action}/index.js`);
  });

  it.each(actions)('%s starts and fails cleanly on a bad input, before any network call', async (action) => {
    // An unreachable endpoint: a network call would hang or fail differently.
    const result = await runAction(action, {
      node: path,
      inputs: badInputs[action] ?? {},
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' },
    });
    expect(result.code).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^Input '/);
    expect(result.stdout).not.toMatch(/\n\s+at /);
    expect(result.stderr).toBe('');
  });
});

/** One bad input per action; each action's own suite covers the rest. */
const badInputs: Record<string, Record<string, string>> = {
  'model-threshold-gate': { metrics: '{"accuracy": 0.9}', thresholds: '', 'max-regression': '' },
};

describe('lazy loading', () => {
  // The SDK and @actions/core must sit in chunks loaded with `await import()`
  // after inputs validate; the entry file is what every run pays for.
  it.each(actions)('%s keeps the AWS SDK and @actions/core out of its entry file', (action) => {
    const entry = readFileSync(join(repoRoot, 'dist', action, 'index.js'), 'utf8');
    expect(entry).not.toMatch(/x-amz-user-agent|aws-sdk-js/);
    expect(entry).not.toMatch(/Unable to access summary file/);
    expect(entry.length).toBeLessThan(150_000);
  });
});
