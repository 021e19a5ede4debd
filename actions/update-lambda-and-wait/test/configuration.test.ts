// Configuration with the code: the inputs as the runner hands them over, and
// the one UpdateFunctionConfiguration request planned from what the function
// has (the calls themselves run against moto in test/integration/lambda-configuration.test.ts).
import { InputError, InputReader } from '@mlship/action-kit';
import type { CurrentConfiguration } from '../src/configuration/api';
import { checkConfigurationFits, planConfiguration, redactValues } from '../src/configuration/update';
import { environmentBytes, isReservedKey, readConfiguration, secretValues } from '../src/configuration/inputs';
import type { FunctionState } from '../src/lambda-api';

const read = (inputs: Record<string, string>) =>
  readConfiguration(new InputReader(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))));

function inputError(inputs: Record<string, string>): InputError {
  try {
    read(inputs);
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('no InputError');
}

const current = (over: Partial<CurrentConfiguration> = {}): CurrentConfiguration => ({
  packageType: 'Zip',
  variables: { MODEL_STAGE: 'prod', KEEP: 'me', OLD_FLAG: '1' },
  memorySize: 512,
  timeoutSeconds: 3,
  description: '',
  image: {},
  ...over,
});

describe('environment input', () => {
  it('reads KEY=VALUE and -KEY lines, skipping blanks and comments, values kept whole', () => {
    expect(read({ environment: '\n# model\nMODEL_STAGE=canary\nURL=https://x/?a=b==\nEMPTY=\n  -OLD_FLAG  \n' })).toEqual({
      environment: { set: { MODEL_STAGE: 'canary', URL: 'https://x/?a=b==', EMPTY: '' }, remove: ['OLD_FLAG'] },
    });
  });

  it.each([
    ['1ABC=x', /line 1: '1ABC' is not a valid variable name/],
    ['A=x', /line 1: 'A' is not a valid variable name \(a letter, then at least one more/],
    ['MY-KEY=x', /'MY-KEY' is not a valid variable name/],
    ['AWS_REGION=eu-west-1', /line 1: AWS_REGION is reserved by Lambda/],
    ['OK=1\n-AWS_LAMBDA_FUNCTION_NAME', /line 2: AWS_LAMBDA_FUNCTION_NAME is reserved/],
    ['aws_secret_access_key=x', /aws_secret_access_key is reserved/],
    ['KEY=1\nKEY=2', /KEY is given twice \(lines 1 and 2\)/],
    ['KEY=1\n-KEY', /KEY is given twice/],
  ])('refuses %j', (environment, message) => {
    const err = inputError({ environment });
    expect(err.message).toMatch(message);
    expect(err.message).toContain("Input 'environment'");
  });

  it('never quotes a line without =, which may be a bare secret', () => {
    const err = inputError({ environment: 'OK=1\nsk_live_0123456789abcdef' });
    expect(err.message).toContain('line 2 is neither KEY=VALUE nor -KEY');
    expect(err.message).not.toContain('sk_live');
    expect(`${err.message} ${JSON.stringify(err)}`).not.toContain('0123456789abcdef');
  });

  it('refuses variables over 4 KB as Lambda measures them, without quoting any value', () => {
    const big = `BLOB=${'s'.repeat(4090)}`;
    const err = inputError({ environment: big });
    expect(err.message).toMatch(/is 4\d{3} bytes as Lambda measures it \(the JSON of all variables\), over Lambda's limit of 4096 bytes/);
    expect(err.message).not.toContain('sss');
    expect(environmentBytes({ A1: 'x' })).toBe('{"A1":"x"}'.length);
  });

  it('allows AWS_LAMBDA_EXEC_WRAPPER, the one settable AWS_LAMBDA_ key', () => {
    expect(isReservedKey('AWS_LAMBDA_EXEC_WRAPPER')).toBe(false);
    expect(isReservedKey('AWS_LAMBDA_LOG_GROUP_NAME')).toBe(true);
  });

  it('masks every value of three characters or more', () => {
    expect(secretValues(read({ environment: 'API_KEY=sk_live_123\nFLAG=1\nNAME=abc' }))).toEqual(['sk_live_123', 'abc']);
  });
});

describe('other configuration inputs', () => {
  it.each([
    [{ 'memory-size': '64' }, 'memory-size', /at least 128/],
    [{ 'memory-size': '20000' }, 'memory-size', /at most 10240/],
    [{ 'memory-size': '1.5' }, 'memory-size', /must be an integer/],
    [{ timeout: '0' }, 'timeout', /at least 1/],
    [{ timeout: '901' }, 'timeout', /at most 900/],
    [{ description: 'x'.repeat(257) }, 'description', /257 characters; Lambda allows at most 256/],
    [{ 'image-command': '["a", 1]' }, 'image-command', /JSON array of strings/],
    [{ 'image-entrypoint': '[nope' }, 'image-entrypoint', /not a JSON array/],
    [{ 'image-working-directory': 'relative/dir' }, 'image-working-directory', /absolute path/],
  ])('refuses %j', (inputs, input, message) => {
    const err = inputError(inputs);
    expect(err.message).toContain(`Input '${input}'`);
    expect(err.message).toMatch(message);
  });

  it('reads image settings as a JSON array or one item per line', () => {
    expect(read({ 'image-command': '["app.handler"]', 'image-entrypoint': '/bin/sh\n-c', 'image-working-directory': '/var/task' })).toEqual(
      {
        image: { command: ['app.handler'], entryPoint: ['/bin/sh', '-c'], workingDirectory: '/var/task' },
      },
    );
  });

  it('is empty when nothing is given', () => {
    expect(read({})).toEqual({});
  });
});

describe('planning the update', () => {
  it('merges into the variables the function has: adds, changes, removes, keeps the rest', () => {
    const plan = planConfiguration(current(), {
      environment: { set: { MODEL_STAGE: 'canary', API_KEY: 'sk_live_123', KEEP: 'me' }, remove: ['OLD_FLAG', 'NEVER_SET'] },
    });
    expect(plan.update).toEqual({ Environment: { Variables: { MODEL_STAGE: 'canary', KEEP: 'me', API_KEY: 'sk_live_123' } } });
    expect(plan.changes).toEqual({
      changed: ['environment'],
      environment: { added: ['API_KEY'], changed: ['MODEL_STAGE'], removed: ['OLD_FLAG'] },
    });
    expect(plan.notPresent).toEqual(['NEVER_SET']);
    expect(plan.lines.join('\n')).not.toContain('sk_live');
    expect(plan.lines.join('\n')).not.toContain('canary');
  });

  it('sends nothing when everything is already as asked', () => {
    const plan = planConfiguration(current(), {
      environment: { set: { KEEP: 'me' }, remove: ['NOPE'] },
      memorySize: 512,
      timeoutSeconds: 3,
    });
    expect(plan.update).toEqual({});
    expect(plan.changes).toEqual({ changed: [] });
  });

  it('sends only the settings that differ', () => {
    const plan = planConfiguration(current(), { memorySize: 2048, timeoutSeconds: 3, description: 'sentiment v2' });
    expect(plan.update).toEqual({ MemorySize: 2048, Description: 'sentiment v2' });
    expect(plan.changes.changed).toEqual(['memory-size', 'description']);
    expect(plan.lines).toContain('memory-size: 512 → 2048 MB');
  });

  it('refuses a merged set over 4 KB, counting the variables the function has, without quoting any', () => {
    const existing = current({ variables: { BIG: 'v'.repeat(3000) } });
    expect(() => planConfiguration(existing, { environment: { set: { MORE: 'm'.repeat(1200) }, remove: [] } })).toThrow(
      /would be 4\d{3} bytes with the 1 the function has, over Lambda's limit of 4096 bytes/,
    );
  });

  it('keeps the ImageConfig fields not asked for (ImageConfig is replaced as a whole)', () => {
    const image = current({
      packageType: 'Image',
      image: { command: ['old.handler'], entryPoint: ['/entry.sh'], workingDirectory: '/app' },
    });
    const plan = planConfiguration(image, { image: { command: ['new.handler'] } });
    expect(plan.update).toEqual({ ImageConfig: { Command: ['new.handler'], EntryPoint: ['/entry.sh'], WorkingDirectory: '/app' } });
    expect(plan.changes.changed).toEqual(['image-command']);
  });

  it('refuses ImageConfig on a Zip function, naming the inputs', () => {
    const fn = { name: 'fn', arn: 'arn', packageType: 'Zip' } as FunctionState;
    expect(() => checkConfigurationFits(fn, { image: { command: ['x'], workingDirectory: '/x' } })).toThrow(
      'function fn is a Zip function: image-command, image-working-directory only apply to Image functions (ImageConfig); nothing was changed',
    );
    expect(() => checkConfigurationFits(fn, { memorySize: 256 })).not.toThrow();
  });
});

it('takes every value out of an AWS message about the variables', () => {
  const message =
    'Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: {"API_KEY":"sk_live_123","KEEP":"me"}';
  const text = redactValues(message, ['sk_live_123', 'me']);
  expect(text).not.toContain('sk_live_123');
  expect(text).toContain('String measured: (not shown: it holds the variable values)');
  expect(redactValues('bad value sk_live_123 for API_KEY', ['sk_live_123'])).toBe('bad value *** for API_KEY');
});
