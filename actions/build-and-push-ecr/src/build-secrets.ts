/**
 * Build secrets and other BuildKit build inputs: `secrets` (id=value),
 * `secret-envs` (id=ENV_NAME), `secret-files` (id=path), `ssh`,
 * `build-contexts`. A secret value never reaches disk or a command line:
 * buildx gets `--secret id=x,env=VAR` and the value sits in the environment
 * of the docker child process only. BuildKit mounts it for the RUN steps that
 * ask (`RUN --mount=type=secret,id=x`), and never writes it into a layer.
 */
import { isAbsolute, resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { InputError, regularFileProblem, type Env } from '@mlship/action-kit';

export interface BuildSecrets {
  /** `--secret` specs, in input order. */
  secretSpecs: string[];
  /** Variables set on the docker child only: the values of `secrets`. */
  childEnv: Record<string, string>;
  /** Every secret value, to mask before anything runs. */
  values: string[];
  /** `--ssh` specs: `default` or `id=path`. */
  ssh: string[];
  /** `--build-context` specs: `name=path-or-image`. */
  buildContexts: string[];
}

const ID = /^[A-Za-z0-9_.-]+$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONTEXT_NAME = /^[a-z0-9][a-z0-9._/-]*$/i;

interface Pair {
  id: string;
  value: string;
  line: number;
}

/** `id=value` lines. A bad line is never quoted back: it may hold a secret. */
function pairs(input: string, text: string, example: string, quote: boolean): Pair[] {
  const out: Pair[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const id = eq > 0 ? line.slice(0, eq).trim() : '';
    const value = eq > 0 ? line.slice(eq + 1).trim() : '';
    const shown = quote ? `: '${line}'` : ' (the line is not shown: it may hold a secret)';
    if (!ID.test(id) || value === '') throw new InputError(input, `line ${index + 1} is not id=value${shown}`, example);
    if (seen.has(id)) throw new InputError(input, `line ${index + 1} repeats the id '${id}'`, example);
    seen.add(id);
    out.push({ id, value, line: index + 1 });
  });
  return out;
}

export interface SecretInputs {
  secrets: string;
  secretEnvs: string;
  secretFiles: string;
  ssh: string;
  buildContexts: string;
}

export function readBuildSecrets(raw: SecretInputs, env: Env, cwd: string): BuildSecrets {
  const result: BuildSecrets = { secretSpecs: [], childEnv: {}, values: [], ssh: [], buildContexts: [] };
  const ids = new Set<string>();
  const claim = (input: string, id: string): void => {
    if (ids.has(id))
      throw new InputError(input, `reuses the secret id '${id}', which another secret input already set`, `${input}: |\n  other-id=...`);
    ids.add(id);
  };

  pairs('secrets', raw.secrets, 'secrets: |\n  hf_token=${{ secrets.HF_TOKEN }}', false).forEach(({ id, value }, index) => {
    claim('secrets', id);
    const variable = `MLSHIP_BUILD_SECRET_${index}`;
    result.childEnv[variable] = value;
    result.values.push(value);
    result.secretSpecs.push(`id=${id},env=${variable}`);
  });

  for (const { id, value: name, line } of pairs('secret-envs', raw.secretEnvs, 'secret-envs: |\n  hf_token=HF_TOKEN', true)) {
    claim('secret-envs', id);
    if (!ENV_NAME.test(name))
      throw new InputError(
        'secret-envs',
        `line ${line}: '${name}' is not an environment variable name`,
        'secret-envs: |\n  hf_token=HF_TOKEN',
      );
    const value = env[name];
    if (value === undefined || value === '')
      throw new InputError(
        'secret-envs',
        `line ${line}: ${name} is not set in the environment of this step`,
        'env:\n  HF_TOKEN: ${{ secrets.HF_TOKEN }}',
      );
    result.values.push(value);
    result.secretSpecs.push(`id=${id},env=${name}`);
  }

  for (const { id, value: path, line } of pairs(
    'secret-files',
    raw.secretFiles,
    'secret-files: |\n  pip_conf=${{ runner.temp }}/pip.conf',
    true,
  )) {
    claim('secret-files', id);
    const file = isAbsolute(path) ? path : resolve(cwd, path);
    const problem = regularFileProblem(file);
    if (problem)
      throw new InputError('secret-files', `line ${line}: ${path} ${problem}`, 'secret-files: |\n  pip_conf=${{ runner.temp }}/pip.conf');
    result.secretSpecs.push(`id=${id},src=${file}`);
  }

  result.ssh = readSsh(raw.ssh, env, cwd);
  result.buildContexts = readBuildContexts(raw.buildContexts, cwd);
  return result;
}

function readSsh(text: string, env: Env, cwd: string): string[] {
  const example = 'ssh: default (with webfactory/ssh-agent before this step), or ssh: |\n  github=${{ runner.temp }}/deploy_key';
  const specs: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    if (line === 'default') {
      if (!env['SSH_AUTH_SOCK']) throw new InputError('ssh', 'is default, but SSH_AUTH_SOCK is not set (no SSH agent is running)', example);
      specs.push('default');
      return;
    }
    const eq = line.indexOf('=');
    const id = eq > 0 ? line.slice(0, eq).trim() : '';
    const paths =
      eq > 0
        ? line
            .slice(eq + 1)
            .split(',')
            .map((p) => p.trim())
        : [];
    if (!ID.test(id) || paths.length === 0 || paths.some((p) => p === ''))
      throw new InputError('ssh', `line ${index + 1} is neither default nor id=path: '${line}'`, example);
    const resolved = paths.map((p) => (isAbsolute(p) ? p : resolve(cwd, p)));
    const missing = resolved.find((p) => !existsSync(p));
    if (missing) throw new InputError('ssh', `line ${index + 1}: ${missing} was not found (a key file or an agent socket)`, example);
    specs.push(`${id}=${resolved.join(',')}`);
  });
  return specs;
}

function readBuildContexts(text: string, cwd: string): string[] {
  const example = 'build-contexts: |\n  weights=./models/v2\n  base=docker-image://python:3.12-slim';
  const names = new Set<string>();
  const specs: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const name = eq > 0 ? line.slice(0, eq).trim() : '';
    const value = eq > 0 ? line.slice(eq + 1).trim() : '';
    if (!CONTEXT_NAME.test(name) || value === '')
      throw new InputError('build-contexts', `line ${index + 1} is not name=path-or-image: '${line}'`, example);
    if (names.has(name)) throw new InputError('build-contexts', `line ${index + 1} repeats the name '${name}'`, example);
    names.add(name);
    // Without a scheme (docker-image://, https://, oci-layout://) buildx reads a local directory.
    if (/^[a-z-]+:\/\//.test(value)) {
      specs.push(`${name}=${value}`);
      return;
    }
    const dir = isAbsolute(value) ? value : resolve(cwd, value);
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new InputError(
        'build-contexts',
        `line ${index + 1}: ${value} is not a directory (${dir}); an image needs docker-image://`,
        example,
      );
    specs.push(`${name}=${dir}`);
  });
  return specs;
}

/** The buildx arguments for these inputs; the values themselves never appear in them. */
export function secretArgs(secrets: BuildSecrets): string[] {
  return [
    ...secrets.secretSpecs.flatMap((spec) => ['--secret', spec]),
    ...secrets.ssh.flatMap((spec) => ['--ssh', spec]),
    ...secrets.buildContexts.flatMap((spec) => ['--build-context', spec]),
  ];
}

export function usesBuildKitInputs(secrets: BuildSecrets): boolean {
  return secrets.secretSpecs.length + secrets.ssh.length + secrets.buildContexts.length > 0;
}
