import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { formatBytes, InputError, InputReader, regularFileProblem, type Env } from '@mlship/action-kit';
import { resolveRegion } from '@mlship/aws-kit';
import { hasConfiguration, readConfiguration, type ConfigurationInputs } from './configuration/inputs';
import { readBakeSettings, type BakeSettings } from './bake/settings';
import type { ZipUpload } from './deploy/s3-upload';

export type CodeSource =
  | { kind: 'image'; imageUri: string }
  /** With `upload` (zip-file + s3-bucket): put in S3 under a content-addressed key first, any size. */
  | { kind: 'zip'; path: string; directory: boolean; upload?: ZipUpload }
  | { kind: 's3'; bucket: string; key: string; objectVersion?: string }
  | { kind: 'none' };

export interface Inputs {
  functionName: string;
  source: CodeSource;
  architectures?: 'x86_64' | 'arm64';
  publish: boolean;
  versionDescription: string;
  alias?: string;
  version?: string;
  canaryWeight?: number;
  waitTimeoutMs: number;
  pollIntervalMs: number;
  dryRun: boolean;
  region: string;
  /** Configuration with the code (environment, memory-size, timeout, description, image-*): what to change, nothing else. */
  configuration?: ConfigurationInputs;
  /** Progressive delivery (traffic-steps); undefined keeps the one-shot alias move. */
  bake?: BakeSettings;
  /** keep-versions: after a successful deploy, the newest published versions to keep; undefined keeps all. */
  keepVersions?: number;
}

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const PARTIAL_ARN = /^\d{12}:function:[a-zA-Z0-9_-]{1,64}$/;
const FULL_ARN = /^arn:aws[a-z-]*:lambda:[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}:\d{12}:function:[a-zA-Z0-9_-]{1,64}$/;
const ALIAS = /^(?!\d+$)[a-zA-Z0-9_-]{1,128}$/;
// registry/repository with a tag or a digest: Lambda needs to know which image.
const IMAGE_URI = /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+(:[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})$/;
/** Lambda's limit for a zip sent in the request (ZipFile); larger ones go through S3. */
export const MAX_DIRECT_ZIP_BYTES = 50 * 1024 * 1024;

function functionName(reader: InputReader): string {
  const value = reader.required('function-name', { example: 'function-name: model-inference' });
  const example = 'function-name: model-inference (or arn:aws:lambda:us-east-1:123456789012:function:model-inference)';
  if (NAME.test(value) || PARTIAL_ARN.test(value) || FULL_ARN.test(value)) return value;
  if (/:\d+$|:\$LATEST$/.test(value) || (value.split(':').length === 8 && value.startsWith('arn:'))) {
    throw new InputError(
      'function-name',
      `must not carry a version or alias qualifier ('${value}'): use the version and alias inputs`,
      example,
    );
  }
  if (value.includes(':')) throw new InputError('function-name', `is not a valid Lambda function ARN: '${value}'`, example);
  throw new InputError('function-name', `is not a valid function name (1 to 64 letters, digits, - or _): '${value}'`, example);
}

const S3_PREFIX = /^[a-zA-Z0-9!_.*'()/-]{1,200}$/;

/** zip-file with s3-bucket: the bucket to stage it in (s3-key is then computed, not given). */
function zipUpload(reader: InputReader): ZipUpload | undefined {
  if (reader.has('s3-key')) {
    throw new InputError(
      's3-key',
      'cannot be combined with zip-file: the zip is uploaded under a key made of its SHA-256 (set s3-key-prefix to choose the folder)',
      'zip-file: build/lambda.zip\ns3-bucket: my-artifacts\ns3-key-prefix: lambda',
    );
  }
  if (reader.has('s3-object-version')) {
    throw new InputError('s3-object-version', 'cannot be combined with zip-file', 'zip-file: build/lambda.zip\ns3-bucket: my-artifacts');
  }
  if (!reader.has('s3-bucket')) {
    if (reader.has('s3-key-prefix'))
      throw new InputError('s3-key-prefix', 'needs zip-file and s3-bucket', 'zip-file: build/lambda.zip\ns3-bucket: my-artifacts');
    return undefined;
  }
  const prefix = reader.string('s3-key-prefix') ?? 'lambda';
  if (!S3_PREFIX.test(prefix))
    throw new InputError('s3-key-prefix', `is not a plain S3 key prefix: '${prefix}'`, 's3-key-prefix: lambda/models');
  return { bucket: reader.raw('s3-bucket'), prefix };
}

function codeSource(reader: InputReader, workspace: string): CodeSource {
  const zip = reader.has('zip-file');
  const upload = zip ? zipUpload(reader) : undefined;
  // With zip-file, s3-bucket names where to stage the zip: not a second source.
  const given = (['image-uri', 'zip-file', 's3-bucket', 's3-key'] as const).filter(
    (name) => reader.has(name) && !(zip && name === 's3-bucket'),
  );
  const sources = [...new Set(given.map((name) => (name.startsWith('s3-') ? 's3-bucket + s3-key' : name)))];
  if (sources.length > 1) {
    throw new InputError(sources[0] as string, `and '${sources[1]}' are both set: give exactly one code source`, `${sources[0]}: ...`);
  }
  if (reader.has('s3-key-prefix') && !zip) {
    throw new InputError('s3-key-prefix', 'needs zip-file and s3-bucket', 'zip-file: build/lambda.zip\ns3-bucket: my-artifacts');
  }
  if (reader.has('s3-object-version') && !reader.has('s3-bucket')) {
    throw new InputError(
      's3-object-version',
      'needs s3-bucket and s3-key',
      's3-bucket: my-artifacts\ns3-key: lambda/model.zip\ns3-object-version: 3HL4kqtJlcpXroDTDmJ',
    );
  }
  if (reader.has('image-uri')) {
    const imageUri = reader.raw('image-uri');
    if (!IMAGE_URI.test(imageUri)) {
      throw new InputError(
        'image-uri',
        `is not an image URI with a tag or digest: '${imageUri}'`,
        'image-uri: 123456789012.dkr.ecr.us-east-1.amazonaws.com/model:abc123',
      );
    }
    return { kind: 'image', imageUri };
  }
  if (zip) {
    const raw = reader.raw('zip-file');
    const path = isAbsolute(raw) ? raw : resolve(workspace, raw);
    if (!existsSync(path))
      throw new InputError('zip-file', `does not exist: ${path}`, 'zip-file: build/lambda.zip (or a directory to zip)');
    const stat = statSync(path);
    if (stat.isDirectory()) return { kind: 'zip', path, directory: true, ...(upload ? { upload } : {}) };
    const problem = regularFileProblem(path);
    if (problem) throw new InputError('zip-file', `${problem}: ${path}`, 'zip-file: build/lambda.zip (or a directory to zip)');
    if (!path.toLowerCase().endsWith('.zip'))
      throw new InputError('zip-file', `is neither a .zip file nor a directory: ${path}`, 'zip-file: build/lambda.zip');
    if (!upload && stat.size > MAX_DIRECT_ZIP_BYTES) {
      throw new InputError(
        'zip-file',
        `is ${formatBytes(stat.size)}, over Lambda's direct upload limit of 50 MiB (${formatBytes(MAX_DIRECT_ZIP_BYTES)}): set s3-bucket and the action uploads it to S3 first (any size)`,
        'zip-file: build/lambda.zip\ns3-bucket: my-artifacts',
      );
    }
    return { kind: 'zip', path, directory: false, ...(upload ? { upload } : {}) };
  }
  if (reader.has('s3-bucket') || reader.has('s3-key')) {
    const example = 's3-bucket: my-artifacts\ns3-key: lambda/model.zip';
    const bucket = reader.required('s3-bucket', { example });
    const key = reader.required('s3-key', { example });
    return { kind: 's3', bucket, key, objectVersion: reader.string('s3-object-version') };
  }
  return { kind: 'none' };
}

function defaultDescription(env: Env): string {
  const sha = env['GITHUB_SHA'];
  const run =
    env['GITHUB_REPOSITORY'] && env['GITHUB_RUN_ID']
      ? `${env['GITHUB_SERVER_URL'] ?? 'https://github.com'}/${env['GITHUB_REPOSITORY']}/actions/runs/${env['GITHUB_RUN_ID']}`
      : undefined;
  return [sha ? `commit ${sha}` : undefined, run].filter(Boolean).join(' ') || 'deployed by update-lambda-and-wait';
}

function aliasAndVersion(reader: InputReader): { alias?: string; version?: string } {
  const alias = reader.string('alias');
  if (alias !== undefined && !ALIAS.test(alias)) {
    throw new InputError('alias', `is not a valid alias name (letters, digits, - or _, not only digits): '${alias}'`, 'alias: live');
  }
  const version = reader.string('version');
  if (version !== undefined && !/^[1-9]\d*$/.test(version)) {
    throw new InputError('version', `must be a published version number: '${version}'`, 'version: 7');
  }
  return { alias, version };
}

/** What the run changes: code, configuration or, in alias-only mode, which version the alias points at. */
function checkWhatMoves(source: CodeSource, version: string | undefined, alias: string | undefined, configures: boolean): void {
  if (configures && version !== undefined) {
    throw new InputError(
      'version',
      'is for alias-only mode and cannot be combined with configuration inputs: a published version never changes; leave version empty to publish a new one',
      'alias: live\nmemory-size: 2048',
    );
  }
  if (source.kind === 'none' && version === undefined && !configures) {
    throw new InputError(
      'image-uri / zip-file / s3-bucket + s3-key / version',
      'is missing: give one code source (image-uri, zip-file, or s3-bucket with s3-key), configuration (environment, memory-size, ...), or version with alias to move an alias only',
      'zip-file: build/lambda.zip',
    );
  }
  if (source.kind !== 'none' && version !== undefined) {
    throw new InputError(
      'version',
      'is for alias-only mode and cannot be combined with a code source: the new code becomes the new version',
      'alias: live\nversion: 7',
    );
  }
  if (source.kind === 'none' && !configures && alias === undefined) {
    throw new InputError('alias', 'is required when only version is given: name the alias to point at that version', 'alias: live');
  }
}

function waits(reader: InputReader): { pollIntervalMs: number; waitTimeoutMs: number } {
  const pollIntervalMs = reader.duration('poll-interval', '1s', { min: 250, max: 60_000, example: 'poll-interval: 1s' });
  const waitTimeoutMs = reader.duration('wait-timeout', '10m', { min: 1000, max: 6 * 3_600_000, example: 'wait-timeout: 10m' });
  if (pollIntervalMs > waitTimeoutMs) {
    throw new InputError('poll-interval', `(${pollIntervalMs}ms) is longer than wait-timeout (${waitTimeoutMs}ms)`, 'poll-interval: 1s');
  }
  return { pollIntervalMs, waitTimeoutMs };
}

/** Reads and checks every input. Throws InputError; makes no network call. */
export function readInputs(env: Env = process.env): Inputs {
  const reader = new InputReader(env);
  const name = functionName(reader);
  const workspace = env['GITHUB_WORKSPACE'] || process.cwd();
  const source = codeSource(reader, workspace);
  const { alias, version } = aliasAndVersion(reader);
  const configuration = readConfiguration(reader);
  const configures = hasConfiguration(configuration);
  checkWhatMoves(source, version, alias, configures);
  const canaryWeight = reader.number('canary-weight', {
    min: 0,
    max: 1,
    exclusiveMin: true,
    exclusiveMax: true,
    example: 'canary-weight: 0.1',
  });
  if (canaryWeight !== undefined && alias === undefined) {
    throw new InputError('canary-weight', 'needs alias: the weight is set on an alias', 'alias: live\ncanary-weight: 0.1');
  }
  const publish = reader.boolean('publish', true);
  if (!publish && alias !== undefined && (source.kind !== 'none' || configures)) {
    throw new InputError(
      'publish',
      'must be true when alias is set with new code or configuration: an alias points at a published version',
      'publish: true',
    );
  }
  const { pollIntervalMs, waitTimeoutMs } = waits(reader);
  // A configuration-only run publishes a new version too: it can be baked like new code.
  const bake = readBakeSettings(reader, {
    alias,
    publish,
    canaryWeight,
    hasCode: source.kind !== 'none' || configures,
    endpointOverride: Boolean(env['AWS_ENDPOINT_URL_CLOUDWATCH'] || env['AWS_ENDPOINT_URL']),
    workspace,
  });
  return {
    functionName: name,
    source,
    architectures: reader.enumOf('architectures', ['x86_64', 'arm64'] as const),
    publish,
    versionDescription: (reader.string('version-description') ?? defaultDescription(env)).slice(0, 256),
    alias,
    version,
    canaryWeight,
    waitTimeoutMs,
    pollIntervalMs,
    dryRun: reader.boolean('dry-run', false),
    region: resolveRegion(reader.string('aws-region'), env),
    configuration,
    bake,
    keepVersions: reader.integer('keep-versions', { min: 1, max: 10_000, example: 'keep-versions: 5' }),
  };
}
