/**
 * update-lambda-and-wait through its committed bundle, against moto behind
 * the Lambda fault proxy: a directory whose symbolic link leads out of the
 * tree, and a deploy that published a version but could not move the alias.
 */
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Moto } from '../support/moto';
import { runAction, type RunOptions } from '../support/run-action';
import { createFunction } from '../stack/fault-proxy/fixtures.mjs';
import { startLambdaStack, type LambdaStack, type Proxy } from '../support/lambda-stack';

let bed: LambdaStack;
let moto: Moto;
let proxy: Proxy;
let workspace: string;

beforeAll(async () => {
  bed = await startLambdaStack({ 'v1.zip': 'v1' }, 'ulw-untrusted-');
  ({ moto, proxy, workspace } = bed);
}, 60_000);

afterAll(async () => bed?.close());

function deploy(inputs: Record<string, string>, options: RunOptions = {}) {
  return runAction('update-lambda-and-wait', {
    cwd: workspace,
    ...options,
    inputs,
    env: { ...moto.env, AWS_ENDPOINT_URL_LAMBDA: proxy.url },
  });
}

it('refuses a directory whose symbolic link leads out of the tree, naming it, before changing anything', async () => {
  await createFunction(moto.endpoint, 'links-out');
  const outside = mkdtempSync(join(tmpdir(), 'ulw-outside-'));
  writeFileSync(join(outside, 'credentials'), 'aws_secret_access_key = DO-NOT-SHIP');
  const dir = join(workspace, 'package');
  mkdirSync(dir);
  writeFileSync(join(dir, 'index.py'), 'def handler(e, c):\n    return 1\n');
  symlinkSync(join(outside, 'credentials'), join(dir, 'creds'));
  const result = await deploy({ 'function-name': 'links-out', 'zip-file': 'package' });
  expect(result.code).toBe(1);
  expect(result.errors).toEqual([
    expect.stringMatching(/^zip-file: creds is a symbolic link to .*credentials, an absolute path: refusing to package it/),
  ]);
  expect(proxy.requests('UpdateFunctionCode', 'links-out')).toEqual([]);
  expect(result.report()).toMatchObject({ outcome: 'failure', stoppedAt: 'Reading the code' });
});

it('keeps the version output when the alias could not be moved, and says which step stopped', async () => {
  await createFunction(moto.endpoint, 'alias-fails');
  proxy.configure({ errorRate: 1, faultOps: ['CreateAlias'], errorStatus: 500 });
  try {
    const result = await deploy({
      'function-name': 'alias-fails',
      'zip-file': 'v1.zip',
      alias: 'live',
      'wait-timeout': '3s',
      'poll-interval': '250ms',
    });
    expect(result.code).toBe(1);
    expect(result.outputs['version']).toBe('1');
    expect(result.outputs['version-arn']).toMatch(/:function:alias-fails:1$/);
    const report = result.report() as { stoppedAt?: string; version?: string; steps?: string[]; headline: string };
    expect(report).toMatchObject({ outcome: 'failure', version: '1', stoppedAt: 'Pointing alias live' });
    expect(report.steps).toEqual([expect.stringMatching(/^updated the code/), 'published version 1']);
    expect(report.headline).toMatch(/^Deploy of alias-fails failed at "Pointing alias live" \(version 1 was published and stays\): /);
    expect(result.summary).toContain('**Stopped at:** Pointing alias live (the steps above were done)');
  } finally {
    proxy.configure({ errorRate: 0, faultOps: [] });
  }
});
