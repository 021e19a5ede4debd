import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyReport } from '@mlship/action-kit';
import { collect } from '../src/collect';
import type { RunContext } from '../src/context';
import type { JobStatus, StepState } from '../src/inputs';
import { COMMENT_LIMIT, render, renderWithin, type RenderInput } from '../src/render';
import {
  buildReport,
  canaryReport,
  failedSmokeReport,
  gateReport,
  greenSteps,
  lambdaReport,
  smokeCheck,
  smokeReport,
  step,
} from './fixtures';

const GOLDEN = new URL('./golden', import.meta.url).pathname;

const context: RunContext = {
  serverUrl: 'https://github.com',
  owner: 'octo-org',
  repo: 'model-service',
  runId: '4242',
  runAttempt: '1',
  sha: '0123456789abcdef0123456789abcdef01234567',
  ref: 'refs/heads/main',
  eventName: 'push',
};

function view(steps: Record<string, StepState>, jobStatus?: JobStatus, reports: AnyReport[] = []): RenderInput {
  return {
    collected: collect(steps, reports, jobStatus),
    title: 'Deployment',
    environment: 'production',
    environmentUrl: 'https://api.example.com',
    context,
  };
}

/** Compares with the golden file; UPDATE_GOLDEN=1 rewrites it instead. */
function expectGolden(name: string, markdown: string): void {
  const file = join(GOLDEN, `${name}.md`);
  if (process.env['UPDATE_GOLDEN'] === '1') {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, markdown);
  }
  expect(markdown).toBe(readFileSync(file, 'utf8'));
}

describe('rendering (golden files)', () => {
  it('renders a green pipeline from the report of each action, in pipeline order', () => {
    const md = render(view(greenSteps(), 'success'));
    expectGolden('green', md);
    expect(md).toMatch(/^## ✅ Deployment to production succeeded/);
    const order = ['### ✅ Model gate', '### ✅ Image', '### ✅ Lambda deploy', '### ✅ Smoke checks', '### Links'].map((h) =>
      md.indexOf(h),
    );
    expect(order.every((at, i) => at > (order[i - 1] ?? -1))).toBe(true);
  });

  it('shows a failed smoke test and a failure headline', () => {
    const steps = { ...greenSteps(), smoke: step(failedSmokeReport(), 'failure') };
    const md = render(view(steps, 'failure'));
    expectGolden('smoke-failed', md);
    expect(md).toMatch(/^## ❌ Deployment to production failed/);
    expect(md).toContain('### ❌ Smoke checks (step `smoke`: failure)');
    expect(md).toContain('⏭️ skipped');
  });

  it('shows a failed build and the skipped steps after it', () => {
    const failedBuild = buildReport({
      outcome: 'failure',
      headline: 'Image for sentiment-model failed: docker build exited with code 1',
      error: 'docker build exited with code 1\n#12 ERROR: failed to solve: requirements.txt: not found',
      imageUri: undefined,
      digest: undefined,
      sizeBytes: undefined,
      scan: undefined,
      tags: [],
      pushed: false,
    });
    const steps = {
      gate: step(gateReport()),
      build: step(failedBuild, 'failure'),
      deploy: { outputs: {}, outcome: 'skipped', conclusion: 'skipped' },
      smoke: { outputs: {}, outcome: 'skipped', conclusion: 'skipped' },
    };
    const md = render(view(steps, 'failure'));
    expectGolden('build-failed-rest-skipped', md);
    expect(md).toContain('### ❌ Image (step `build`: failure)');
    // Skipped is not "did not succeed".
    expect(md).toContain('⏭️ **Skipped:** `deploy`, `smoke`');
    const unnamed = render(view({ ...steps, '3': { outputs: {}, outcome: 'skipped', conclusion: 'skipped' } }, 'failure'));
    expect(unnamed).toContain('⏭️ **Skipped:** `deploy`, `smoke`, 1 step without an `id`');
    expect(md).not.toContain('did not succeed');
  });

  it("names production's record the gate compared with, and a moved alias", () => {
    const gate = gateReport({
      baselineRecord: {
        environment: 'production',
        found: true,
        deploymentId: 9,
        commit: 'c0ffee0123',
        version: '13',
        alias: 'live',
        aliasVersionNow: '15',
        aliasMoved: true,
      },
    });
    const md = render(view({ gate: step(gate) }, 'success'));
    expect(md).toContain("Baseline: production's deployment 9, commit `c0ffee0`, version 13.");
    expect(md).toContain('> ⚠️ production changed outside the pipeline: alias live serves version 15, the record says 13.');
    const first = render(
      view(
        { gate: step(gateReport({ baselineRecord: { environment: 'production', found: false, problem: 'the first deployment' } })) },
        'success',
      ),
    );
    expect(first).toContain('Baseline: none (the first deployment).');
  });

  it('in the job summary of the same job, refers to the sections the steps wrote instead of repeating them', () => {
    const steps = { ...greenSteps(), lint: { outputs: {}, outcome: 'failure', conclusion: 'success' } };
    const input = view(steps, 'success');
    const page = render(input, { maxRows: Number.POSITIVE_INFINITY, compact: true });
    expect(page).toContain('- ✅ **Image**: Pushed');
    expect(page).toContain('(its section is above)');
    expect(page).not.toMatch(/^### .*(Model gate|Image|Lambda deploy|Smoke checks)/m);
    expect(page).toContain('### Other steps that did not succeed');
    // A report from another job (the `reports` input) is not on the page: its section stays.
    const withForeign = view(steps, 'success', [smokeReport({ headline: 'from staging' })]);
    expect(render(withForeign, { maxRows: Number.POSITIVE_INFINITY, compact: true })).toMatch(/^### ✅ Smoke checks$/m);
  });

  it('says cancelled when the job was cancelled mid-deploy', () => {
    const steps = {
      gate: step(gateReport()),
      build: step(buildReport()),
      deploy: { outputs: {}, outcome: 'cancelled', conclusion: 'cancelled' },
    };
    const md = render(view(steps, 'cancelled'));
    expectGolden('cancelled', md);
    expect(md).toMatch(/^## 🚫 Deployment to production was cancelled/);
  });

  it('renders reports given by hand, such as a failed gate in report mode', () => {
    const gate = gateReport({
      headline: 'Model gate failed: 1 of 3 rules failed (f1), 1 warning (report mode: the job continues)',
      passed: false,
      mode: 'report',
      failed: ['f1'],
      rules: [
        { metric: 'accuracy', kind: 'threshold', op: '>=', bar: 0.9, value: 0.912, verdict: 'pass' },
        {
          metric: 'f1',
          kind: 'regression',
          value: 0.8,
          baseline: 0.85,
          delta: -0.05,
          deltaPercent: -5.882352,
          allowed: '-2%',
          direction: 'higher',
          verdict: 'fail',
          message: 'f1 dropped 5.88% (allowed -2%)',
        },
        { metric: 'auc', kind: 'threshold', op: '>=', bar: 0.8, value: null, valueText: 'NaN', verdict: 'warn', message: 'auc is NaN' },
      ],
    });
    const md = render({ ...view({}, undefined, [gate]), environment: undefined, environmentUrl: undefined });
    expectGolden('manual-gate-report-mode', md);
    expect(md).toMatch(/^## ✅ Deployment succeeded/);
  });
});

describe('progressive delivery (bake timeline)', () => {
  it('renders a promoted canary: outcome, rules, timeline table and both charts', () => {
    const md = render(view({ ...greenSteps(), deploy: step(canaryReport('promoted')) }, 'success'));
    expectGolden('canary-promoted', md);
    expect(md).toContain('**Progressive delivery**');
    expect(md).toContain('✅ **Promoted**: version 14 took 100% of `live` after 2 steps (10 windows judged).');
    expect(md.match(/```mermaid\n/g)).toHaveLength(2);
  });

  it('renders a rollback with the reason, the breach row and the pending window', () => {
    const md = render(
      view({ ...greenSteps(), deploy: step(canaryReport('rolled-back'), 'failure'), smoke: step(undefined, 'skipped') }, 'failure'),
    );
    expectGolden('canary-rolled-back', md);
    expect(md).toContain('### ❌ Lambda deploy (step `deploy`: failure)');
    expect(md).toContain('↩️ **Rolled back**: `live` is back on version 13: error rate 7.5% > 1% (15/200) in the window 12:06–12:07');
    expect(md).toContain(
      '| 12:06–12:07 | 2 · 50% | 200 / 204 | 15 / 0 | 7.5% / 0% | 1930ms / 798ms | 🔴 sentiment-api-5xx: ALARM | ❌ breach:',
    );
    expect(md).toContain('| ⏳ pending |');
  });

  it('shortens the timeline with the other tables to fit a comment, keeping the breach', () => {
    const input = view({ ...greenSteps(), deploy: step(canaryReport('rolled-back'), 'failure') }, 'failure');
    const full = render(input).length;
    const fitted = renderWithin(input, full - 200);
    expect(fitted.shortened).toBe(true);
    expect(fitted.text).toContain('❌ breach');
    expect(fitted.text).toMatch(/more windows? not shown here: see the \[full job summary\]\(https:\/\/github\.com\//);
  });

  it('shows a report whose bake is cut short as the step, not half rendered', () => {
    const broken = { ...canaryReport('promoted'), bake: { steps: [], rules: [], result: 'promoted' } };
    const c = collect({ deploy: step(broken) }, []);
    expect(c.entries).toHaveLength(0);
  });
});

it('names the configuration settings and variables that changed, never a value', () => {
  const report = lambdaReport({
    configuration: { changed: ['environment', 'memory-size'], environment: { added: ['API_KEY'], changed: ['MODEL_STAGE'], removed: [] } },
  });
  const md = render(view({ deploy: step(report) }, 'success'));
  expect(md).toContain('| **Configuration changed** | `environment` `memory-size` |');
  expect(md).toContain('| **Variables added** | `API_KEY` |');
  expect(md).toContain('| **Variables changed** | `MODEL_STAGE` |');
  const same = render(view({ deploy: step(lambdaReport({ configuration: { changed: [] } })) }, 'success'));
  expect(same).toContain('| **Configuration changed** | nothing: already as asked |');
});

describe('step names', () => {
  it('names a step without an id by its action, not by the number or name the runner made up', () => {
    const steps = { '2': step(failedSmokeReport(), 'failure'), __run_3: step(gateReport()), deploy: step(lambdaReport()) };
    expect(
      collect(steps, [])
        .entries.map((entry) => entry.stepId)
        .sort(),
    ).toEqual(['deploy', 'model-threshold-gate', 'smoke-test']);
  });
});

describe('verdict', () => {
  it('is failure when a step failed under continue-on-error even if the job succeeded', () => {
    const steps = { ...greenSteps(), smoke: step(failedSmokeReport(), 'failure') };
    expect(collect(steps, [], 'success').verdict).toBe('failure');
  });

  it('is derived from the steps when job-status is not given', () => {
    expect(collect(greenSteps(), []).verdict).toBe('success');
    expect(collect({ ...greenSteps(), x: { outputs: {}, outcome: 'cancelled' } }, []).verdict).toBe('cancelled');
  });

  it('ignores steps without a report that succeeded, and unparsable report outputs', () => {
    const c = collect(
      {
        a: { outputs: { report: 'not json' }, outcome: 'success' },
        b: { outputs: { report: '{"action":"other","schema":1}' }, outcome: 'success' },
      },
      [],
    );
    expect(c.entries).toHaveLength(0);
    expect(c.otherSteps).toHaveLength(0);
  });
});

describe('fitting a comment', () => {
  const manyChecks = Array.from({ length: 1500 }, (_, i) =>
    smokeCheck({
      name: `case-${i}`,
      target: `POST https://api.example.com/predict?case=${i}&payload=${'x'.repeat(40)}`,
      passed: i % 500 !== 7,
      reason: i % 500 === 7 ? 'status 500, expected 200' : undefined,
    }),
  );
  const big = smokeReport({ checks: manyChecks, passed: false, outcome: 'failure', headline: '3 of 1500 checks failed' });
  const input = view({ ...greenSteps(), smoke: step(big, 'failure') }, 'failure');

  it('shortens long tables, keeps the failures and points to the full job summary', () => {
    const full = render(input);
    expect(full.length).toBeGreaterThan(COMMENT_LIMIT);
    const fitted = renderWithin(input, COMMENT_LIMIT, '<!-- marker -->\n');
    expect(fitted.shortened).toBe(true);
    expect(fitted.text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(fitted.text.startsWith('<!-- marker -->\n')).toBe(true);
    for (const name of ['case-7', 'case-507', 'case-1007']) expect(fitted.text).toContain(`| ${name} |`);
    expect(fitted.text).toMatch(
      /more rows not shown here: see the \[full job summary\]\(https:\/\/github\.com\/octo-org\/model-service\/actions\/runs\/4242\)/,
    );
    expect(fitted.text).toContain('### Links');
  });

  it("fits GitHub's own limit, 65,536 characters, as an absolute number", () => {
    // Not COMMENT_LIMIT: raising the constant past GitHub's limit must fail
    // here, so the input is the smallest one just over 65,536 characters.
    const withChecks = (n: number) =>
      view(
        {
          ...greenSteps(),
          smoke: step(
            smokeReport({ checks: manyChecks.slice(0, n), passed: false, outcome: 'failure', headline: 'some checks failed' }),
            'failure',
          ),
        },
        'failure',
      );
    let low = 1;
    let high = manyChecks.length;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (render(withChecks(mid)).length > 65_536) high = mid;
      else low = mid + 1;
    }
    const justOver = withChecks(low);
    expect(render(justOver).length).toBeGreaterThan(65_536);
    expect(render(justOver).length).toBeLessThan(65_536 + 500);
    expect(renderWithin(justOver, COMMENT_LIMIT, '<!-- marker -->\n').text.length).toBeLessThanOrEqual(65_536);
  });

  it('cuts the text as a last resort when even empty tables do not fit', () => {
    const huge = buildReport({ outcome: 'failure', headline: 'x'.repeat(200_000) });
    const fitted = renderWithin(view({ build: step(huge, 'failure') }, 'failure'), COMMENT_LIMIT);
    expect(fitted.text.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(fitted.text).toMatch(/Cut to fit: see the \[full job summary\]/);
  });

  it('can count bytes, as the job summary limit does', () => {
    const emoji = buildReport({ outcome: 'failure', headline: '🚀'.repeat(100_000) });
    const fitted = renderWithin(view({ build: step(emoji, 'failure') }, 'failure'), 100_000, '', (t) => Buffer.byteLength(t));
    expect(Buffer.byteLength(fitted.text)).toBeLessThanOrEqual(100_000);
    expect(fitted.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('leaves a report that fits alone', () => {
    const fitted = renderWithin(view(greenSteps(), 'success'), COMMENT_LIMIT);
    expect(fitted.shortened).toBe(false);
    expect(fitted.text).toBe(render(view(greenSteps(), 'success')));
  });
});

describe('lambda and image details', () => {
  it('shows previous and new version, alias weights and the console links', () => {
    const md = render(view({ deploy: step(lambdaReport()), build: step(buildReport()) }, 'success'));
    expect(md).toContain(
      '13 → [**14**](https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/functions/sentiment-api/versions/14?tab=code)',
    );
    expect(md).toContain('`live` → 90% on 13, 10% on 14');
    expect(md).toContain('/ecr/repositories/private/123456789012/sentiment-model/_/image/sha256:4f1c2b8e');
    expect(md).toContain('| **Size** | 412.7 MB |');
    const fullRefs = render(
      view(
        { build: step(buildReport({ tags: ['123456789012.dkr.ecr.us-east-1.amazonaws.com/sentiment-model:0123456', 'other/repo:x'] })) },
        'success',
      ),
    );
    expect(fullRefs).toContain('| **Tags** | `0123456` `other/repo:x` |');
  });
});
