/**
 * smoke-test as a workflow step under act, from the working tree: what a user
 * sees (step results, outputs read by later steps, the masked key, the summary).
 */
import { runAct, type ActResult } from '../../../../test/support/act';
import { freePort, startServer, type TestServer } from '../../../../test/support/servers';

const API_KEY = 'act-k3y-0f9e8d7c';
let api: TestServer | undefined;
let result: ActResult;

beforeAll(async () => {
  // The API comes up only after the workflow started: wait-until-up has to wait for it.
  const port = await freePort();
  const later = setTimeout(async () => {
    api = await startServer(
      (req) => {
        if (req.path === '/health') return { body: { status: 'ok', model: { version: 'v2' } } };
        if (req.headers['x-api-key'] !== API_KEY) return { status: 403, body: { message: 'Forbidden' } };
        return { body: { predictions: [0.1, 0.9] } };
      },
      { port },
    );
  }, 1500);
  try {
    result = await runAct({
      workflow: 'actions/smoke-test/test/fixtures/act-smoke.yml',
      env: { SMOKE_URL: `http://127.0.0.1:${port}`, SMOKE_API_KEY: API_KEY },
      timeoutMs: 240_000,
    });
  } finally {
    clearTimeout(later);
  }
}, 300_000);

afterAll(async () => {
  await api?.close();
});

function explain(r: ActResult): string {
  return `act exit ${r.code}, job ${r.jobResult}\n${r.log.slice(-4000)}\n${r.stderr.slice(-2000)}`;
}

it('passes the checks once the API is up, and later steps read the outputs', () => {
  if (result.jobResult !== 'success') throw new Error(explain(result));
  expect(result.steps['smoke']?.results['Main']).toBe('success');
  expect(result.steps['smoke']?.outputs['passed']).toBe('true');
  expect(result.steps['consume']?.lines).toEqual(['passed=true wrong=false failed=/health p50-is-number=yes']);
  expect(result.summary).toContain('| health | ✅ passed | 200 |');
});

it('fails the step with a wrong model version, naming the check and the difference', () => {
  expect(result.steps['wrong']?.results['Main']).toBe('failure');
  expect(result.log).toContain(`Check '/health' failed: json: model.version expected "v3", got "v2"`);
});

it('never shows the API key', () => {
  expect(result.log + result.summary + JSON.stringify(result.steps)).not.toContain(API_KEY);
});
