/**
 * Faults as a real network and a real runner produce them, against the
 * committed bundles run as the runner runs them:
 *  - a silent TCP endpoint (accepts, never answers) for hung AWS and GitHub APIs;
 *  - the Lambda fault proxy for an API outage during the wait;
 *  - real SIGINT sent to the running bundle, as the runner does on cancel;
 *  - a FIFO as the metrics file;
 *  - a GitHub API fake behind a front that answers 502 (GitHub's HTML page) once.
 * Each run is short: timeouts come in through inputs. With FAULT_LOG set,
 * each case appends {fault, code, ms} to that file (for the before/after table;
 * MLSHIP_DIST_ROOT runs another checkout's bundles).
 */
import { appendFileSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { AWS_TEST_ENV, type Moto } from '../support/moto';
import { nodeRuntimes, runAction, type RunOptions, type RunResult } from '../support/run-action';
import { ensureStack, type Stack } from '../support/stack';
import { makeFifo, signalWhen, startSilentEndpoint } from '../support/faults.mjs';
import { startFlakyFront } from '../support/flaky-front.mjs';
import { createFunction } from '../stack/fault-proxy/fixtures.mjs';
import { startLambdaStack, type LambdaStack, type Proxy } from '../support/lambda-stack';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github';
import { greenSteps } from '../../actions/deployment-summary/test/fixtures';
import { dockerConfig, ecrClient, uniqueName } from '../support/ecr-stack';

const [node24] = nodeRuntimes();
const AWS = AWS_TEST_ENV;
/** The runner's bar: after SIGINT a step ends within a second, non-zero, with Cancelled. */
const CANCEL_BUDGET_MS = 1000;

let silent: Awaited<ReturnType<typeof startSilentEndpoint>>;
beforeAll(async () => {
  silent = await startSilentEndpoint();
});
afterAll(async () => {
  await silent?.close();
});

function record(fault: string, result: RunResult, extra: Record<string, unknown> = {}): void {
  const file = process.env['FAULT_LOG'];
  if (file)
    appendFileSync(
      file,
      `${JSON.stringify({ fault, code: result.code, signal: result.signal, ms: Math.round(result.durationMs), error: result.errors[0]?.slice(0, 160), ...extra })}\n`,
    );
}

/** Runs a bundle, sends SIGINT once its output matches `when`; resolves with the result and the ms from signal to exit. */
async function cancelled(
  action: string,
  when: (stdout: string) => boolean,
  options: RunOptions,
): Promise<RunResult & { afterSignalMs: number }> {
  let sent: Promise<number> | undefined;
  const result = await runAction(action, {
    node: node24?.path,
    timeoutMs: 20_000,
    ...options,
    onSpawn: (child) => (sent = signalWhen(child, when)),
  });
  const sentAt = await (sent as Promise<number>).catch(() => NaN);
  const startedAt = performance.now() - result.durationMs;
  return { ...result, afterSignalMs: result.durationMs - (sentAt - startedAt) };
}

function expectCancelled(result: RunResult & { afterSignalMs: number }): void {
  expect(result.signal).toBeNull();
  expect(result.code).toBe(1);
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(/^Cancelled/);
  expect(result.afterSignalMs).toBeLessThan(CANCEL_BUDGET_MS);
}

describe('update-lambda-and-wait', () => {
  let bed: LambdaStack;
  let moto: Moto;
  let proxy: Proxy;
  let workspace: string;
  beforeAll(async () => {
    bed = await startLambdaStack({ 'v1.zip': 'v1' }, 'faults-ulw-');
    ({ moto, proxy, workspace } = bed);
  });
  afterAll(async () => bed?.close());

  it('ends at wait-timeout against a silent Lambda API, the call in flight aborted', async () => {
    const result = await runAction('update-lambda-and-wait', {
      node: node24?.path,
      cwd: workspace,
      timeoutMs: 20_000,
      inputs: { 'function-name': 'fn', 'zip-file': 'v1.zip', 'wait-timeout': '2s' },
      env: { ...AWS, AWS_ENDPOINT_URL_LAMBDA: silent.url },
    });
    record('lambda: silent API, wait-timeout 2s', result);
    expect(result.code).toBe(1);
    expect(result.errors).toEqual(['GetFunction did not succeed within wait-timeout (1 try); it was still in flight']);
    expect(result.durationMs).toBeLessThan(8000);
    expect(result.report()).toMatchObject({ outcome: 'failure', functionName: 'fn' });
  });

  it('stops within a second of SIGINT while a call hangs, with Cancelled and its report', async () => {
    const result = await cancelled('update-lambda-and-wait', (out) => out.includes('::group::Checking fn'), {
      cwd: workspace,
      inputs: { 'function-name': 'fn', 'zip-file': 'v1.zip', 'wait-timeout': '1m' },
      env: { ...AWS, AWS_ENDPOINT_URL_LAMBDA: silent.url },
    });
    record('lambda: SIGINT during a hung call', result, { afterSignalMs: Math.round(result.afterSignalMs) });
    expectCancelled(result);
    expect(result.report()).toMatchObject({ outcome: 'failure', error: 'Cancelled: the job received a stop signal' });
  });

  it('keeps polling through an API outage shorter than wait-timeout (longer than 10 polls)', async () => {
    const name = 'faults-outage';
    await createFunction(moto.endpoint, name);
    proxy.configure({ functions: { [name]: { updateMs: 6000 } } });
    // The outage starts when the update does: every GetFunction answers 503 for 4 s (16 polls at 250ms).
    let outageEnded = false;
    const watcher = (async () => {
      while (proxy.requests('UpdateFunctionCode', name).length === 0) await new Promise((r) => setTimeout(r, 20));
      proxy.configure({ errorRate: 1, errorStatus: 503, faultOps: ['GetFunction'] });
      await new Promise((r) => setTimeout(r, 4000));
      proxy.configure({ errorRate: 0, faultOps: [] });
      outageEnded = true;
    })();
    const result = await runAction('update-lambda-and-wait', {
      node: node24?.path,
      cwd: workspace,
      timeoutMs: 40_000,
      inputs: { 'function-name': name, 'zip-file': 'v1.zip', 'wait-timeout': '20s', 'poll-interval': '250ms' },
      env: { ...moto.env, AWS_ENDPOINT_URL_LAMBDA: proxy.url },
    });
    await watcher;
    record('lambda: 4 s of 503 during a 6 s update, wait-timeout 20s', result);
    expect(outageEnded).toBe(true);
    expect(proxy.requests('GetFunction', name).filter((e: { fault?: string }) => e.fault === 'error').length).toBeGreaterThanOrEqual(4);
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.outputs['version']).toBe('1');
  });
});

describe('build-and-push-ecr', () => {
  it('stops within a second of SIGINT while the ECR API hangs', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'faults-ecr-'));
    mkdirSync(join(ws, 'image'));
    writeFileSync(join(ws, 'image', 'Dockerfile'), 'FROM scratch\n');
    const result = await cancelled('build-and-push-ecr', (out) => out.includes('::group::Check the ECR repository'), {
      cwd: ws,
      inputs: { repository: 'ml/model', context: 'image' },
      env: { ...AWS, AWS_ENDPOINT_URL_ECR: silent.url },
    });
    record('ecr: SIGINT during a hung ECR call', result, { afterSignalMs: Math.round(result.afterSignalMs) });
    expectCancelled(result);
  });

  describe('with the local stack', () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await ensureStack();
    });

    it('stops a stalled docker build on SIGINT, whole process tree, before any tag moves', async () => {
      const repository = uniqueName('faults-stall');
      const ws = mkdtempSync(join(tmpdir(), 'faults-stall-'));
      mkdirSync(join(ws, 'image'));
      // buildkit fetches ADD <url> itself: from a server that never answers, the build stalls.
      writeFileSync(join(ws, 'image', 'Dockerfile'), `FROM scratch\nADD ${silent.url}/${repository}.bin /model.bin\n`);
      const result = await cancelled(
        'build-and-push-ecr',
        (out) => out.includes(`${silent.url}/${repository}.bin`) && /#\d+ http/.test(out),
        {
          cwd: ws,
          inputs: { repository, context: 'image', 'create-repository': 'true', tags: 'v1' },
          env: { ...stack.env, DOCKER_CONFIG: dockerConfig('real') },
        },
      );
      record('ecr: SIGINT during a stalled docker build', result, { afterSignalMs: Math.round(result.afterSignalMs) });
      expectCancelled(result);
      await new Promise((r) => setTimeout(r, 300));
      expect(
        spawnSync('pgrep', ['-f', `buildx build.*${repository}`])
          .stdout.toString()
          .trim(),
      ).toBe('');
      const ecr = ecrClient(stack.env['AWS_ENDPOINT_URL'] as string);
      const images = await ecr.send(new DescribeImagesCommand({ repositoryName: repository })).catch(() => ({ imageDetails: [] }));
      ecr.destroy();
      expect(images.imageDetails ?? []).toEqual([]);
      expect(result.report()).toMatchObject({ outcome: 'failure', pushed: false, tags: [] });
    });
  });
});

describe('model-threshold-gate', () => {
  it('refuses a FIFO as metrics-file at once instead of blocking on it', async () => {
    const fifo = makeFifo();
    const result = await runAction('model-threshold-gate', {
      node: node24?.path,
      timeoutMs: 5000,
      inputs: { thresholds: 'accuracy >= 0.9', 'metrics-file': fifo },
    });
    record('gate: metrics-file is a FIFO', result);
    expect(result.code).toBe(1);
    expect(result.errors).toEqual([
      `Input 'metrics-file' names '${fifo}', which is a named pipe (FIFO), not a regular file. Example: metrics-file: metrics.json`,
    ]);
  });
});

describe('deployment-summary', () => {
  const TOKEN = 'ghs_fakeTokenForFaults0123456789';
  let github: FakeGitHub;
  beforeEach(async () => {
    github = await startFakeGitHub();
  });
  afterEach(async () => {
    await github.close();
  });
  const prEvent = {
    number: 17,
    pull_request: {
      number: 17,
      head: { sha: 'feedfacefeedfacefeedfacefeedfacefeedface', repo: { full_name: 'octo-org/model-service' } },
      base: { repo: { full_name: 'octo-org/model-service' } },
    },
  };
  const options = (apiUrl: string): RunOptions => ({
    node: node24?.path,
    event: prEvent,
    timeoutMs: 30_000,
    inputs: {
      steps: JSON.stringify(greenSteps()),
      'job-status': 'success',
      'github-token': TOKEN,
      environment: 'production',
      'deployment-status': 'true',
    },
    env: { GITHUB_API_URL: apiUrl, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/17/merge' },
  });
  const summary = (apiUrl: string) => runAction('deployment-summary', options(apiUrl));

  it('posts the comment and the deployment status when GitHub answers 502 once to each', async () => {
    const front = await startFlakyFront(github.url, [
      { method: 'POST', path: /\/issues\/17\/comments$/ },
      { method: 'POST', path: /\/deployments\/\d+\/statuses$/ },
    ]);
    const result = await summary(front.url);
    await front.close();
    record('summary: 502 once on comment and status', result, { warnings: result.warnings.length });
    expect(front.failed.map((f) => f.status)).toEqual([502, 502]);
    expect(result.warnings).toEqual([]);
    expect(result.code).toBe(0);
    expect(github.comments).toHaveLength(1);
    expect(github.deployments).toHaveLength(1);
    expect(github.deployments[0]?.statuses).toHaveLength(1);
  });

  it('does not leave a second deployment when the answer to creating one is lost', async () => {
    // The fake creates it, the front loses the answer: GitHub's own 502 after the write.
    const front = await startFlakyFront(github.url, [{ method: 'POST', path: /\/deployments$/, lostAnswer: true }]);
    const result = await summary(front.url);
    await front.close();
    expect(front.failed).toHaveLength(1);
    expect(result.code).toBe(0);
    expect(result.warnings).toEqual([]);
    expect(github.deployments).toHaveLength(1);
    expect(github.deployments[0]?.statuses).toHaveLength(1);
  });

  it('reduces an HTML error page to its status and title in the warning', async () => {
    const front = await startFlakyFront(github.url, [{ method: 'POST', path: /\/issues\/17\/comments$/, times: 10 }]);
    const result = await summary(front.url);
    await front.close();
    expect(result.code).toBe(0);
    expect(result.warnings).toEqual([
      'Pull request comment failed: HTTP 502 (an HTML page titled "Unicorn! · GitHub"); the deployment summary is in the job summary only.',
    ]);
    expect(result.stdout).not.toContain('<html');
  });

  it('stops within a second of SIGINT while the GitHub API hangs', async () => {
    const result = await cancelled('deployment-summary', (out) => out.includes('::add-mask::'), options(silent.url));
    record('summary: SIGINT during a hung GitHub call', result, { afterSignalMs: Math.round(result.afterSignalMs) });
    expectCancelled(result);
  });
});
