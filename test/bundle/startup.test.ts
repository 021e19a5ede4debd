import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeRuntimes, readActionYml, repoRoot, runAction } from '../support/run-action';

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

describe('post steps', () => {
  const withPost = actions.filter((action) => readActionYml(action).runs.post);
  // A module hook that lists every file the process loads, to see which chunks a run pays for.
  const hookDir = mkdtempSync(join(tmpdir(), 'loaded-'));
  const hook = join(hookDir, 'hook.mjs');
  writeFileSync(
    hook,
    "import { registerHooks } from 'node:module';\nimport { appendFileSync } from 'node:fs';\n" +
      "registerHooks({ load(url, context, next) { if (url.startsWith('file:')) appendFileSync(process.env.LOADED_LOG, url + '\\n'); return next(url, context); } });\n",
  );

  it('two actions have a post step, so the checks below check something', () => {
    expect(withPost.sort()).toEqual(['build-and-push-ecr', 'update-lambda-and-wait']);
  });

  it.each(withPost)('%s: the post step is its own entry, run after any outcome', (action) => {
    const yml = readActionYml(action);
    expect(yml.runs.post).toBe(`../../dist/${action}/post/index.js`);
    expect(yml.runs['post-if']).toBe('always()');
    const entry = readFileSync(join(repoRoot, 'dist', action, 'post', 'index.js'), 'utf8');
    expect(entry).not.toMatch(/x-amz-user-agent|aws-sdk-js|Unable to access summary file/);
  });

  it.each(withPost)('%s: with nothing saved by main, the post step loads its entry file alone and exits 0', async (action) => {
    const log = join(hookDir, `${action}.log`);
    const result = await runAction(action, { post: true, env: { NODE_OPTIONS: `--import=${hook}`, LOADED_LOG: log } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Nothing to (clean up|log out of)/m);
    const loaded = readFileSync(log, 'utf8').trim().split('\n');
    expect(loaded.map((url) => url.slice(url.indexOf('/dist/')))).toEqual([`/dist/${action}/post/index.js`]);
  });
});
