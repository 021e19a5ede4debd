/**
 * The contract with the other actions: run their committed bundles for real
 * (the gate on inline metrics, smoke-test against a local HTTP server), then
 * hand their outputs to deployment-summary as `${{ toJSON(steps) }}` would.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeRuntimes, runAction, type RunResult } from '../../../test/support/run-action';

function asStep(result: RunResult): { outputs: Record<string, string>; outcome: string; conclusion: string } {
  const outcome = result.code === 0 ? 'success' : 'failure';
  return { outputs: result.outputs, outcome, conclusion: outcome };
}

describe.each(nodeRuntimes())('real reports under $label', ({ path: node }) => {
  let url = '';
  const server = createServer((req, res) => {
    const ok = req.url === '/health';
    res
      .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
      .end(JSON.stringify(ok ? { status: 'ready' } : { message: 'model not loaded' }));
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('renders the gate and smoke-test reports those actions really produce', async () => {
    const gate = await runAction('model-threshold-gate', {
      node,
      inputs: { metrics: '{"accuracy": 0.93, "f1": 0.81}', thresholds: 'accuracy >= 0.9\nf1 >= 0.85' },
    });
    const smoke = await runAction('smoke-test', { node, inputs: { url: `${url}/health` } });
    const broken = await runAction('smoke-test', { node, inputs: { url: `${url}/predict`, retries: '0' } });
    expect(gate.code).toBe(1);
    expect(smoke.errors).toEqual([]);
    expect(smoke.code).toBe(0);
    expect(broken.code).toBe(1);
    for (const run of [gate, smoke, broken]) expect(run.outputs['report']).toBeDefined();

    const steps = {
      gate: asStep(gate),
      smoke: asStep(smoke),
      predict: asStep(broken),
      deploy: { outputs: {}, outcome: 'skipped', conclusion: 'skipped' },
    };
    const result = await runAction('deployment-summary', {
      node,
      inputs: { steps: JSON.stringify(steps), 'job-status': 'failure', environment: 'staging' },
    });
    expect(result.errors).toEqual([]);
    expect(result.code).toBe(0);
    // The whole report (the comment and the markdown output); the page refers to the sections the steps wrote.
    const md = result.outputs['markdown'] as string;
    expect(result.summary).toContain('- ❌ **Model gate**: Model gate failed: 1 of 2 rules failed (f1) (its section is above)');
    expect(result.summary).toContain('⏭️ **Skipped:** `deploy`');
    expect(result.summary).not.toContain('did not succeed');
    expect(md).toMatch(/^## ❌ Deployment to staging failed/);
    expect(md).toContain('### ❌ Model gate (step `gate`: failure)');
    expect(md).toMatch(/\| `f1` \| 0\.81 \| >= 0\.85 \|.*❌ fail/);
    expect(md).toContain('### ✅ Smoke checks (step `smoke`)');
    expect(md).toContain('### ❌ Smoke checks (step `predict`: failure)');
    expect(md).toMatch(/\| 503 \|/);
    expect(md).toContain('⏭️ **Skipped:** `deploy`');
    expect(md.indexOf('Model gate')).toBeLessThan(md.indexOf('Smoke checks'));
    expect(result.report()).toMatchObject({ verdict: 'failure', sections: ['Model gate', 'Smoke checks', 'Smoke checks'] });
  });
});
