/** Build secrets and BuildKit inputs: parsed before anything runs, values kept off argv and out of errors. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '@mlship/action-kit';
import { buildxArgs } from '../src/build-args';
import { readInputs } from '../src/inputs';
import { inputEnv, inputErrorIn } from './input-env';

const dir = mkdtempSync(join(tmpdir(), 'ecr-secrets-'));
mkdirSync(join(dir, 'img'));
mkdirSync(join(dir, 'weights'));
writeFileSync(join(dir, 'img', 'Dockerfile'), 'FROM scratch\n');
writeFileSync(join(dir, 'pip.conf'), '[global]\n');
writeFileSync(join(dir, 'deploy_key'), 'key\n');

const base = { repository: 'ml/model', context: 'img' };
const env = (inputs: Record<string, string>, extra?: Record<string, string>): Record<string, string> =>
  inputEnv({ ...base, ...inputs }, extra);
const inputError = (inputs: Record<string, string>, extra?: Record<string, string>): InputError =>
  inputErrorIn(dir, { ...base, ...inputs }, extra);

const plan = { refs: ['r/m:1'], metadataFile: '/tmp/m.json', repositoryUri: 'r/m' };

describe('build secrets', () => {
  it('turns every kind into buildx flags whose values stay in the child environment', () => {
    const inputs = readInputs(
      env(
        {
          secrets: 'hf_token=s3cr3t-inline-1\nother=s3cr3t-inline-2',
          'secret-envs': 'pip_token=PIP_TOKEN',
          'secret-files': 'pip_conf=pip.conf',
          ssh: 'default\ngithub=deploy_key',
          'build-contexts': 'weights=./weights\nbase=docker-image://python:3.12-slim',
          'no-cache': 'true',
          pull: 'true',
          network: 'none',
        },
        { PIP_TOKEN: 's3cr3t-from-env', SSH_AUTH_SOCK: '/tmp/agent.sock' },
      ),
      dir,
    );
    expect(inputs.buildSecrets.childEnv).toEqual({ MLSHIP_BUILD_SECRET_0: 's3cr3t-inline-1', MLSHIP_BUILD_SECRET_1: 's3cr3t-inline-2' });
    expect(inputs.buildSecrets.values).toEqual(['s3cr3t-inline-1', 's3cr3t-inline-2', 's3cr3t-from-env']);
    const args = buildxArgs(inputs, plan);
    expect(args.join(' ')).not.toMatch(/s3cr3t/);
    const pairs = (flag: string): string[] => args.flatMap((a, i) => (a === flag ? [args[i + 1] as string] : []));
    expect(pairs('--secret')).toEqual([
      'id=hf_token,env=MLSHIP_BUILD_SECRET_0',
      'id=other,env=MLSHIP_BUILD_SECRET_1',
      'id=pip_token,env=PIP_TOKEN',
      `id=pip_conf,src=${join(dir, 'pip.conf')}`,
    ]);
    expect(pairs('--ssh')).toEqual(['default', `github=${join(dir, 'deploy_key')}`]);
    expect(pairs('--build-context')).toEqual([`weights=${join(dir, 'weights')}`, 'base=docker-image://python:3.12-slim']);
    expect(args).toEqual(expect.arrayContaining(['--no-cache', '--pull']));
    expect(pairs('--network')).toEqual(['none']);
  });

  it('adds nothing by default', () => {
    const args = buildxArgs(readInputs(env({}), dir), plan);
    for (const flag of ['--secret', '--ssh', '--build-context', '--no-cache', '--pull', '--network']) expect(args).not.toContain(flag);
  });

  it.each<[Record<string, string>, Record<string, string>, string, RegExp]>([
    [
      { secrets: 'hf_token s3cr3t-x' },
      {},
      'secrets',
      /^Input 'secrets' line 1 is not id=value \(the line is not shown: it may hold a secret\)\. Example: secrets:/,
    ],
    [{ secrets: 'a=s3cr3t-1\na=s3cr3t-2' }, {}, 'secrets', /line 2 repeats the id 'a'/],
    [{ secrets: 'a=s3cr3t-1', 'secret-envs': 'a=HOME' }, {}, 'secret-envs', /reuses the secret id 'a'/],
    [{ 'secret-envs': 'pip=PIP_TOKEN' }, {}, 'secret-envs', /line 1: PIP_TOKEN is not set in the environment of this step/],
    [{ 'secret-envs': 'pip=pip-token' }, {}, 'secret-envs', /'pip-token' is not an environment variable name/],
    [{ 'secret-files': 'conf=missing.conf' }, {}, 'secret-files', /line 1: missing.conf was not found/],
    [{ 'secret-files': 'conf=weights' }, {}, 'secret-files', /is a directory, not a regular file/],
    [{ ssh: 'default' }, {}, 'ssh', /SSH_AUTH_SOCK is not set/],
    [{ ssh: 'github=nokey' }, {}, 'ssh', /nokey was not found/],
    [{ ssh: 'agent' }, {}, 'ssh', /line 1 is neither default nor id=path: 'agent'/],
    [{ 'build-contexts': 'weights' }, {}, 'build-contexts', /line 1 is not name=path-or-image/],
    [{ 'build-contexts': 'base=python:3.12' }, {}, 'build-contexts', /python:3.12 is not a directory .*an image needs docker-image:\/\//],
    [{ 'no-cache': 'yes' }, {}, 'no-cache', /true or false/],
    [{ network: 'bridge' }, {}, 'network', /must be one of default, none, host/],
  ])('rejects %j naming %s', (inputs, extra, name, problem) => {
    const err = inputError(inputs, extra);
    expect(err.input).toBe(name);
    expect(err.message).toMatch(problem);
    expect(err.message).not.toContain('s3cr3t');
  });
});
