/**
 * Behind a company proxy: the fakes (GitHub, Slack, an app to smoke-test) and
 * moto (Lambda) are reachable only through a local forward proxy, under host
 * names no DNS knows. Every HTTP client of the actions must take the route
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY give it, or fail with ENOTFOUND.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateAliasCommand, CreateFunctionCommand, LambdaClient, PublishVersionCommand } from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { startForwardProxy, type ForwardProxy } from '../support/forward-proxy';
import { ledgerStatuses, startFakeGitHub, type FakeGitHub } from '../support/fake-github';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { AWS_TEST_ENV, TEST_CREDENTIALS, configureMoto, createLambdaRole, startMoto, type Moto } from '../support/moto';
import { runAction } from '../support/run-action';
import { selfSignedCert, startServer } from '../support/servers';
import { greenSteps } from '../../actions/deployment-summary/test/fixtures';

const TOKEN = 'ghs_proxyTokenForTests0123456789';

let proxy: ForwardProxy;
let github: FakeGitHub;
let slack: FakeSlack;
let moto: Moto;
let app: Server;
const portOf = (url: string): number => Number(new URL(url).port);

beforeAll(async () => {
  [proxy, github, slack, moto] = await Promise.all([startForwardProxy(), startFakeGitHub(), startFakeSlack(), startMoto()]);
  app = createServer((req, res) => res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'text/plain' }).end('ok'));
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  proxy.route('github.mlship.test', portOf(github.url));
  proxy.route('slack.mlship.test', portOf(slack.url));
  proxy.route('aws.mlship.test', moto.port);
  proxy.route('app.mlship.test', (app.address() as AddressInfo).port);

  await configureMoto(moto.endpoint, { lambda: { use_docker: false } });
  const lambda = new LambdaClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: TEST_CREDENTIALS });
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'sentiment-api',
      Role: await createLambdaRole(moto.endpoint),
      Runtime: 'python3.12',
      Handler: 'app.handler',
      Code: { ZipFile: zipSync({ 'app.py': strToU8('def handler(event, context):\n    return {}\n') }) },
    }),
  );
  await lambda.send(new PublishVersionCommand({ FunctionName: 'sentiment-api' }));
  await lambda.send(new CreateAliasCommand({ FunctionName: 'sentiment-api', Name: 'live', FunctionVersion: '1' }));
  lambda.destroy();
}, 90_000);

afterAll(async () => {
  await Promise.all([proxy?.close(), github?.close(), slack?.close(), moto?.stop()]);
  await new Promise((resolve) => app?.close(resolve));
});

beforeEach(() => {
  proxy.seen.length = 0;
});

const GITHUB_API_URL = (): string => `http://github.mlship.test:${portOf(github.url)}`;

it('deployment-summary records the deployment, comments and posts to Slack through HTTP_PROXY', async () => {
  const result = await runAction('deployment-summary', {
    event: { number: 17, pull_request: { number: 17, head: { sha: 'f'.repeat(40) } } },
    inputs: {
      steps: JSON.stringify(greenSteps()),
      'job-status': 'success',
      'github-token': TOKEN,
      environment: 'production',
      'deployment-status': 'true',
      'slack-bot-token': slack.token,
      'slack-channel': 'deploys',
    },
    env: {
      GITHUB_API_URL: GITHUB_API_URL(),
      SLACK_API_URL: `http://slack.mlship.test:${portOf(slack.url)}/api`,
      GITHUB_EVENT_NAME: 'pull_request',
      HTTP_PROXY: proxy.url,
      NO_PROXY: 'localhost,.internal.example',
    },
  });
  expect(result.warnings).toEqual([]);
  expect(result.code).toBe(0);
  expect(github.deployments.filter((d) => d.task === 'deploy:mlship')).toHaveLength(1);
  expect(github.comments).toHaveLength(1);
  expect(slack.messages).toHaveLength(1);
  expect(proxy.seen.some((line) => line.includes('github.mlship.test'))).toBe(true);
  expect(proxy.seen.some((line) => line.includes('slack.mlship.test'))).toBe(true);
});

it('model-threshold-gate reads the ledger and checks the alias (AWS SDK) through http_proxy', async () => {
  github.addDeployment({
    sha: 'b'.repeat(40),
    environment: 'staging',
    task: 'deploy:mlship',
    payload: {
      mlship: 1,
      writer: 'deployment-summary',
      environment: 'staging',
      function: 'sentiment-api',
      region: 'us-east-1',
      alias: 'live',
      version: '1',
      gate: { passed: true, mode: 'enforce', metrics: { accuracy: 0.93 }, rules: [] },
    },
    statuses: ledgerStatuses('success'),
  });
  const result = await runAction('model-threshold-gate', {
    inputs: {
      metrics: '{"accuracy": 0.925}',
      'baseline-environment': 'staging',
      'github-token': TOKEN,
      'max-regression': 'accuracy 0.02',
      'higher-is-better': 'accuracy',
    },
    env: {
      ...AWS_TEST_ENV,
      AWS_ENDPOINT_URL: `http://aws.mlship.test:${moto.port}`,
      GITHUB_API_URL: GITHUB_API_URL(),
      http_proxy: proxy.url,
    },
  });
  expect(result.errors).toEqual([]);
  expect(result.warnings).toEqual([]);
  expect(result.code).toBe(0);
  expect(result.report()).toMatchObject({ baselineRecord: { found: true, aliasVersionNow: '1' } });
  expect(proxy.seen.some((line) => line.includes('aws.mlship.test'))).toBe(true);
});

it('sends the proxy credentials in HTTPS_PROXY / HTTP_PROXY to the proxy only, and never prints them', async () => {
  const guarded = await startForwardProxy({ basicAuth: 'runner:pr0xy-pass' });
  guarded.route('github.mlship.test', portOf(github.url));
  try {
    const result = await runAction('model-threshold-gate', {
      inputs: {
        metrics: '{"accuracy": 0.925}',
        'baseline-environment': 'production',
        'github-token': TOKEN,
        thresholds: 'accuracy >= 0.9',
      },
      env: { GITHUB_API_URL: GITHUB_API_URL(), HTTP_PROXY: `http://runner:pr0xy-pass@${new URL(guarded.url).host}` },
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(guarded.authorizations.length).toBeGreaterThan(0);
    expect(new Set(guarded.authorizations)).toEqual(new Set([`Basic ${Buffer.from('runner:pr0xy-pass').toString('base64')}`]));
    expect(result.stdout).not.toContain('pr0xy-pass');
  } finally {
    await guarded.close();
  }
});

it('goes direct for a host NO_PROXY names (here: one no DNS knows, so it fails)', async () => {
  const result = await runAction('model-threshold-gate', {
    inputs: {
      metrics: '{"accuracy": 0.925}',
      'baseline-environment': 'production',
      'github-token': TOKEN,
      'max-regression': 'accuracy 0.02',
      'higher-is-better': 'accuracy',
      missing: 'warn',
    },
    env: { GITHUB_API_URL: GITHUB_API_URL(), HTTP_PROXY: proxy.url, no_proxy: '.mlship.test' },
  });
  expect(result.errors).toEqual([]);
  expect(result.warnings[0]).toMatch(/^No baseline: reading production's deployments failed: .*(ENOTFOUND|EAI_AGAIN|fetch failed)/);
  expect(proxy.seen).toEqual([]);
});

it('smoke-test uses HTTP_PROXY, and its `proxy` input over it, with the proxy password masked', async () => {
  const viaEnv = await runAction('smoke-test', {
    inputs: { url: 'http://app.mlship.test/health' },
    env: { HTTP_PROXY: proxy.url },
  });
  expect(viaEnv.code).toBe(0);
  expect(proxy.seen).toEqual(['GET http://app.mlship.test/health']);

  const guarded = await startForwardProxy({ basicAuth: 'runner:s3cret-pass' });
  guarded.route('app.mlship.test', (app.address() as AddressInfo).port);
  try {
    const proxyUrl = `http://runner:s3cret-pass@${new URL(guarded.url).host}`;
    const viaInput = await runAction('smoke-test', {
      inputs: { url: 'http://app.mlship.test/health', proxy: proxyUrl },
      // The environment's proxy would refuse: the input wins.
      env: { HTTP_PROXY: 'http://127.0.0.1:9' },
    });
    expect(viaInput.code).toBe(0);
    expect(guarded.seen).toEqual(['GET http://app.mlship.test/health']);
    expect(guarded.authorizations).toEqual([`Basic ${Buffer.from('runner:s3cret-pass').toString('base64')}`]);
    expect(viaInput.stdout).toContain('::add-mask::s3cret-pass');
    expect(
      viaInput.stdout
        .split('\n')
        .filter((l) => !l.startsWith('::add-mask::'))
        .join('\n'),
    ).not.toContain('s3cret-pass');
  } finally {
    await guarded.close();
  }
});

it('smoke-test reaches an https check with a private CA through HTTPS_PROXY (a CONNECT tunnel)', async () => {
  const tls = selfSignedCert('DNS:secure.mlship.test');
  const secure = await startServer(() => ({ status: 200, body: 'ok' }), { tls });
  proxy.route('secure.mlship.test', secure.port);
  try {
    const result = await runAction('smoke-test', {
      inputs: { url: 'https://secure.mlship.test/health', 'ca-file': tls.certFile },
      env: { https_proxy: proxy.url, NO_PROXY: 'app.mlship.test' },
    });
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    expect(proxy.seen).toEqual(['CONNECT secure.mlship.test:443']);
    expect(secure.seen.map((s) => s.path)).toEqual(['/health']);
  } finally {
    await secure.close();
  }
});

it('smoke-test rejects a proxy input that is not a URL, without echoing it', async () => {
  const result = await runAction('smoke-test', { inputs: { url: 'http://app.mlship.test/health', proxy: 'ftp://user:hunter2@x' } });
  expect(result.code).toBe(1);
  expect(result.errors).toEqual([expect.stringMatching(/^Input 'proxy' must be an http\(s\) proxy URL or none/)]);
  expect(result.stdout).not.toContain('hunter2');
});
