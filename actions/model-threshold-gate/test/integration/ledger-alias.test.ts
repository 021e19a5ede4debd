/**
 * baseline-environment's alias check against moto (GetAlias), with the record
 * read from the local fake of the GitHub REST API: when production's alias no
 * longer serves the version the ledger recorded, production changed outside
 * the pipeline, and the gate says so, naming both versions.
 */
import {
  CreateAliasCommand,
  CreateFunctionCommand,
  LambdaClient,
  PublishVersionCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { TEST_CREDENTIALS, configureMoto, createLambdaRole, startMoto, type Moto } from '../../../../test/support/moto';
import { ledgerStatuses, startFakeGitHub, type FakeGitHub } from '../../../../test/support/fake-github';
import { runAction } from '../../../../test/support/run-action';

let moto: Moto;
let github: FakeGitHub;
let lambda: LambdaClient;

beforeAll(async () => {
  moto = await startMoto();
  await configureMoto(moto.endpoint, { lambda: { use_docker: false } });
  const role = await createLambdaRole(moto.endpoint);
  lambda = new LambdaClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: TEST_CREDENTIALS });
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: 'sentiment-api',
      Role: role,
      Runtime: 'python3.12',
      Handler: 'app.handler',
      Code: { ZipFile: zipSync({ 'app.py': strToU8('def handler(event, context):\n    return {}\n') }) },
    }),
  );
  await lambda.send(new PublishVersionCommand({ FunctionName: 'sentiment-api', Description: 'one' }));
  await lambda.send(new CreateAliasCommand({ FunctionName: 'sentiment-api', Name: 'live', FunctionVersion: '1' }));
  github = await startFakeGitHub();
  github.addDeployment({
    sha: 'b'.repeat(40),
    environment: 'production',
    task: 'deploy:mlship',
    payload: {
      mlship: 1,
      writer: 'deployment-summary',
      environment: 'production',
      commit: 'b'.repeat(40),
      function: 'sentiment-api',
      region: 'us-east-1',
      alias: 'live',
      version: '1',
      gate: { passed: true, mode: 'enforce', metrics: { accuracy: 0.93 }, rules: [] },
    },
    statuses: ledgerStatuses('success'),
  });
}, 90_000);

afterAll(async () => {
  lambda?.destroy();
  await github?.close();
  await moto?.stop();
});

const gate = () =>
  runAction('model-threshold-gate', {
    inputs: {
      metrics: '{"accuracy": 0.925}',
      'baseline-environment': 'production',
      'github-token': 'ghs_test',
      thresholds: 'accuracy >= 0.9',
      'max-regression': 'accuracy 0.02',
    },
    env: { ...moto.env, GITHUB_API_URL: github.url },
  });

it('says nothing more when the alias still serves the recorded version', async () => {
  const result = await gate();
  expect(result.code).toBe(0);
  expect(result.warnings).toEqual([]);
  expect(result.report()).toMatchObject({ baselineRecord: { aliasVersionNow: '1' } });
  expect(result.report()['baselineRecord']).not.toHaveProperty('aliasMoved');
});

it('warns, naming both versions, when the alias was moved outside the pipeline', async () => {
  // Someone deploys by hand: new code, a new version, the alias moved.
  const code = { ZipFile: zipSync({ 'app.py': strToU8('def handler(event, context):\n    return {"hotfix": 1}\n') }) };
  await lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'sentiment-api', ...code }));
  const { Version } = await lambda.send(new PublishVersionCommand({ FunctionName: 'sentiment-api', Description: 'two' }));
  expect(Version).toBe('2');
  await lambda.send(new UpdateAliasCommand({ FunctionName: 'sentiment-api', Name: 'live', FunctionVersion: '2' }));
  const result = await gate();
  // The gate still judges against the record: the warning tells people the baseline may not be what serves.
  expect(result.code).toBe(0);
  const id = github.deployments[0]!.id;
  expect(result.warnings).toEqual([
    `production changed outside the pipeline: alias live of sentiment-api serves version 2, but the last recorded deployment (${id}) put version 1 there. The baseline is version 1's metrics.`,
  ]);
  expect(result.report()).toMatchObject({ baselineRecord: { aliasVersionNow: '2', aliasMoved: true, version: '1' } });
  expect(result.summary).toContain('production changed outside the pipeline: alias live serves version 2, the record says 1.');
});
