/**
 * The configuration inputs (environment, memory-size, timeout, description,
 * image-command, image-entrypoint, image-working-directory), checked before
 * any network call. Environment values may be secrets: no message here quotes
 * a value, only key names and line numbers.
 */
import { InputError, type InputReader } from '@mlship/action-kit';
import { readFunctionSettings, type FunctionSettings } from '../deploy/function-settings';

export interface EnvironmentChange {
  /** KEY=VALUE lines: set (added or changed). */
  set: Record<string, string>;
  /** -KEY lines: removed when present. */
  remove: string[];
}

export interface ImageConfigChange {
  command?: string[];
  entryPoint?: string[];
  workingDirectory?: string;
}

export interface ConfigurationInputs {
  environment?: EnvironmentChange;
  memorySize?: number;
  timeoutSeconds?: number;
  description?: string;
  image?: ImageConfigChange;
  /** Role, runtime, handler, layers, ephemeral storage, VPC and tags: what a new function is created with. */
  settings?: FunctionSettings;
}

/** Lambda's key pattern, `[a-zA-Z]([a-zA-Z0-9_])+` (API reference, Environment). */
const KEY = /^[a-zA-Z][a-zA-Z0-9_]+$/;

/**
 * Keys Lambda sets itself and refuses in a configuration (Lambda developer
 * guide, "Defined runtime environment variables"). AWS_LAMBDA_EXEC_WRAPPER is
 * the one AWS_LAMBDA_ key the guide lists as settable.
 */
const RESERVED = new Set([
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
  'TZ',
]);
const SETTABLE_AWS_LAMBDA = new Set(['AWS_LAMBDA_EXEC_WRAPPER']);

/** Lambda refuses a variable set whose JSON form is over 4 KB ("String measured: {...}"). */
export const ENVIRONMENT_LIMIT_BYTES = 4096;

const ENV_EXAMPLE = 'environment: |\n  MODEL_STAGE=prod\n  API_KEY=${{ secrets.API_KEY }}\n  -OLD_FLAG';

export function isReservedKey(key: string): boolean {
  const upper = key.toUpperCase();
  return RESERVED.has(upper) || (upper.startsWith('AWS_LAMBDA_') && !SETTABLE_AWS_LAMBDA.has(upper));
}

/** The JSON size Lambda measures for a set of variables. */
export function environmentBytes(variables: Record<string, string>): number {
  return Buffer.byteLength(JSON.stringify(variables), 'utf8');
}

function checkKey(key: string, line: number): void {
  if (!KEY.test(key)) {
    // The key is a name, not a value: quoting it is safe (a value never reaches here, it is after the `=`).
    throw new InputError(
      'environment',
      `line ${line}: '${key}' is not a valid variable name (a letter, then at least one more letter, digit or _)`,
      ENV_EXAMPLE,
    );
  }
  if (isReservedKey(key)) {
    throw new InputError('environment', `line ${line}: ${key} is reserved by Lambda and cannot be set or removed`, ENV_EXAMPLE);
  }
}

function readEnvironment(reader: InputReader): EnvironmentChange | undefined {
  if (!reader.has('environment')) return undefined;
  const set: Record<string, string> = {};
  const remove: string[] = [];
  const seen = new Map<string, number>();
  reader
    .untrimmed('environment')
    .split(/\r?\n/)
    .forEach((raw, index) => {
      const line = index + 1;
      const text = raw.trim();
      if (text === '' || text.startsWith('#')) return;
      let key: string;
      if (text.startsWith('-')) {
        key = text.slice(1).trim();
        checkKey(key, line);
        remove.push(key);
      } else {
        const eq = text.indexOf('=');
        // No `=`: the line may be a bare secret, so it is never quoted.
        if (eq <= 0)
          throw new InputError(
            'environment',
            `line ${line} is neither KEY=VALUE nor -KEY (the line is not shown: it may hold a secret)`,
            ENV_EXAMPLE,
          );
        key = text.slice(0, eq).trim();
        checkKey(key, line);
        set[key] = text.slice(eq + 1).trim();
      }
      const earlier = seen.get(key);
      if (earlier !== undefined) throw new InputError('environment', `${key} is given twice (lines ${earlier} and ${line})`, ENV_EXAMPLE);
      seen.set(key, line);
    });
  if (Object.keys(set).length === 0 && remove.length === 0) return undefined;
  const size = environmentBytes(set);
  if (size > ENVIRONMENT_LIMIT_BYTES) {
    throw new InputError(
      'environment',
      `is ${size} bytes as Lambda measures it (the JSON of all variables), over Lambda's limit of ${ENVIRONMENT_LIMIT_BYTES} bytes: keep large settings in SSM Parameter Store or Secrets Manager and pass their names`,
      'environment: |\n  MODEL_CONFIG_PARAMETER=/models/sentiment/config',
    );
  }
  return { set, remove };
}

/** A list for ImageConfig: a JSON array of strings, or one item per line. */
function readList(reader: InputReader, name: string, example: string): string[] | undefined {
  if (!reader.has(name)) return undefined;
  const text = reader.raw(name);
  let items: unknown;
  if (text.startsWith('[')) {
    try {
      items = JSON.parse(text);
    } catch {
      throw new InputError(name, 'starts with [ but is not a JSON array of strings', example);
    }
    if (!Array.isArray(items) || !items.every((i) => typeof i === 'string'))
      throw new InputError(name, 'must be a JSON array of strings', example);
  } else {
    items = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
  }
  const list = items as string[];
  // Lambda's limit for Command and EntryPoint.
  if (list.length > 1500) throw new InputError(name, `has ${list.length} items; Lambda allows at most 1500`, example);
  return list;
}

function readImage(reader: InputReader): ImageConfigChange | undefined {
  const command = readList(reader, 'image-command', 'image-command: \'["app.handler"]\'');
  const entryPoint = readList(reader, 'image-entrypoint', 'image-entrypoint: \'["/lambda-entrypoint.sh"]\'');
  const workingDirectory = reader.string('image-working-directory');
  if (workingDirectory !== undefined) {
    if (!workingDirectory.startsWith('/') || workingDirectory.length > 1000)
      throw new InputError(
        'image-working-directory',
        'must be an absolute path of at most 1000 characters',
        'image-working-directory: /var/task',
      );
  }
  if (command === undefined && entryPoint === undefined && workingDirectory === undefined) return undefined;
  return {
    ...(command ? { command } : {}),
    ...(entryPoint ? { entryPoint } : {}),
    ...(workingDirectory !== undefined ? { workingDirectory } : {}),
  };
}

/** Reads and checks the configuration inputs; undefined fields are left as they are on the function. */
export function readConfiguration(reader: InputReader): ConfigurationInputs {
  const memorySize = reader.integer('memory-size', { min: 128, max: 10_240, example: 'memory-size: 2048' });
  const timeoutSeconds = reader.integer('timeout', { min: 1, max: 900, example: 'timeout: 30' });
  const description = reader.string('description');
  if (description !== undefined && description.length > 256)
    throw new InputError(
      'description',
      `is ${description.length} characters; Lambda allows at most 256`,
      'description: sentiment model API',
    );
  const environment = readEnvironment(reader);
  const image = readImage(reader);
  const settings = readFunctionSettings(reader);
  return {
    ...(environment ? { environment } : {}),
    ...(memorySize !== undefined ? { memorySize } : {}),
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(image ? { image } : {}),
    ...(Object.keys(settings).length > 0 ? { settings } : {}),
  };
}

export function hasConfiguration(c: ConfigurationInputs): boolean {
  return Object.keys(c).length > 0;
}

/** Every value to mask before anything else runs: the environment values, which may be secrets. */
export function secretValues(c: ConfigurationInputs): string[] {
  // One or two characters would garble every log line and are no secret worth the name.
  return Object.values(c.environment?.set ?? {}).filter((v) => v.length >= 3);
}
