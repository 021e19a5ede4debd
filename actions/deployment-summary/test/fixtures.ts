/**
 * Reports shaped like the real `report` outputs of the other four actions
 * (see packages/action-kit/src/reports/), for a model service deployed to
 * Lambda from ECR, plus the `${{ toJSON(steps) }}` the runner would pass.
 */
import type { BuildReport, GateReport, LambdaReport, SmokeCheckResult, SmokeReport } from '@mlship/action-kit';
import { BREACH_REASON, promotedTimeline, rolledBackTimeline } from '../../../test/support/bake-timelines';

const DIGEST = 'sha256:4f1c2b8e9a7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615243a';
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

export function gateReport(overrides: Partial<GateReport> = {}): GateReport {
  return {
    action: 'model-threshold-gate',
    schema: 1,
    outcome: 'success',
    headline: 'Model gate passed: 3 of 3 rules passed',
    passed: true,
    mode: 'enforce',
    rules: [
      {
        metric: 'accuracy',
        kind: 'threshold',
        op: '>=',
        bar: 0.9,
        value: 0.9312,
        verdict: 'pass',
        message: 'accuracy 0.9312 >= 0.9',
        input: 'thresholds',
        line: 1,
      },
      {
        metric: 'f1',
        kind: 'threshold',
        op: '>=',
        bar: 0.85,
        value: 0.8871,
        verdict: 'pass',
        message: 'f1 0.8871 >= 0.85',
        input: 'thresholds',
        line: 2,
      },
      {
        metric: 'latency_p95_ms',
        kind: 'regression',
        value: 41.5,
        baseline: 40,
        delta: 1.5,
        deltaPercent: 3.75,
        allowed: '+10%',
        direction: 'lower',
        verdict: 'pass',
        message: 'latency_p95_ms 41.5 vs baseline 40 (+3.75%, allowed +10%)',
        input: 'max-regression',
        line: 1,
      },
    ],
    failed: [],
    metricsSource: 'metrics/eval.json',
    baselineSource: 'metrics/baseline.json',
    ...overrides,
  };
}

export function buildReport(overrides: Partial<BuildReport> = {}): BuildReport {
  return {
    action: 'build-and-push-ecr',
    schema: 1,
    outcome: 'success',
    headline: `Pushed ${REGISTRY}/sentiment-model:0123456 (412.7 MB)`,
    region: 'us-east-1',
    registry: REGISTRY,
    repository: 'sentiment-model',
    imageUri: `${REGISTRY}/sentiment-model:0123456`,
    imageUriDigest: `${REGISTRY}/sentiment-model@${DIGEST}`,
    digest: DIGEST,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    sizeBytes: 412_734_221,
    tags: ['0123456', 'main'],
    pushed: true,
    skipped: false,
    scan: { status: 'COMPLETE', findings: { HIGH: 1, MEDIUM: 3, LOW: 7 }, threshold: 'CRITICAL', passed: true },
    consoleUrl:
      'https://us-east-1.console.aws.amazon.com/ecr/home?region=us-east-1#/repositories/private/123456789012/sentiment-model?region=us-east-1',
    builder: 'buildx',
    ...overrides,
  };
}

export function lambdaReport(overrides: Partial<LambdaReport> = {}): LambdaReport {
  return {
    action: 'update-lambda-and-wait',
    schema: 1,
    outcome: 'success',
    headline: 'sentiment-api: version 14 published, alias live at 10% (canary)',
    region: 'us-east-1',
    functionName: 'sentiment-api',
    functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:sentiment-api',
    packageType: 'Image',
    codeSource: 'image',
    codeSha256: '4f1c2b8e9a7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170615243a',
    resolvedImageUri: `${REGISTRY}/sentiment-model@${DIGEST}`,
    version: '14',
    versionArn: 'arn:aws:lambda:us-east-1:123456789012:function:sentiment-api:14',
    previousVersion: '13',
    alias: {
      name: 'live',
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:sentiment-api:live',
      version: '13',
      weights: { '14': 0.1 },
    },
    updateSeconds: 38.4,
    waitedForOthersSeconds: 6.2,
    lastUpdateStatus: 'Successful',
    steps: [
      'UpdateFunctionCode with the image digest',
      'Waited for LastUpdateStatus Successful (38.4 s)',
      'PublishVersion 14 (CodeSha256 checked)',
      'UpdateAlias live: 13, 10% on 14',
    ],
    dryRun: false,
    consoleUrl: 'https://us-east-1.console.aws.amazon.com/lambda/home?region=us-east-1#/functions/sentiment-api?tab=versions',
    ...overrides,
  };
}

/** A canary through `traffic-steps: 10%:5m, 50%:5m`: promoted, or rolled back on an error spike. */
export function canaryReport(result: 'promoted' | 'rolled-back'): LambdaReport {
  if (result === 'promoted')
    return lambdaReport({
      headline: 'sentiment-api: version 14 promoted to 100% of live after a 10m bake',
      alias: { name: 'live', version: '14' },
      bake: promotedTimeline(),
      rolledBack: false,
    });
  const reason = `${BREACH_REASON} in the window 12:06–12:07`;
  return lambdaReport({
    outcome: 'failure',
    headline: `sentiment-api: version 14 rolled back, live is on 13: ${reason}`,
    error: `Rolled back: ${reason}`,
    alias: { name: 'live', version: '13' },
    bake: rolledBackTimeline(),
    rolledBack: true,
    rollbackReason: reason,
  });
}

export function smokeCheck(overrides: Partial<SmokeCheckResult> = {}): SmokeCheckResult {
  return {
    name: 'health',
    kind: 'http',
    target: 'GET https://api.example.com/health',
    passed: true,
    status: 200,
    attempts: 1,
    p50Ms: 38,
    p95Ms: 61,
    maxMs: 64,
    ...overrides,
  };
}

export function smokeReport(overrides: Partial<SmokeReport> = {}): SmokeReport {
  const checks = overrides.checks ?? [
    smokeCheck(),
    smokeCheck({ name: 'predict', target: 'POST https://api.example.com/predict', p50Ms: 112, p95Ms: 180, maxMs: 203, attempts: 2 }),
    smokeCheck({ name: 'invoke', kind: 'lambda', target: 'sentiment-api:live', status: 200, p50Ms: 95, p95Ms: 140, maxMs: 151 }),
  ];
  return {
    action: 'smoke-test',
    schema: 1,
    outcome: 'success',
    headline: `${checks.length} of ${checks.length} checks passed`,
    passed: true,
    checks,
    failedChecks: [],
    durationMs: 2140,
    ...overrides,
  };
}

export function failedSmokeReport(): SmokeReport {
  const headline = '1 of 3 checks failed: predict (1 skipped)';
  return smokeReport({
    outcome: 'failure',
    headline,
    error: headline,
    passed: false,
    failedChecks: ['predict'],
    checks: [
      smokeCheck(),
      smokeCheck({
        name: 'predict',
        target: 'POST https://api.example.com/predict',
        passed: false,
        status: 502,
        attempts: 5,
        p50Ms: 3010,
        p95Ms: 3020,
        maxMs: 3021,
        reason: 'status 502, expected 200; body: {"message": "Internal server error"}',
      }),
      smokeCheck({
        name: 'invoke',
        kind: 'lambda',
        target: 'sentiment-api:live',
        passed: false,
        skipped: true,
        status: undefined,
        attempts: 0,
        p50Ms: undefined,
        p95Ms: undefined,
        maxMs: undefined,
        reason: 'not run: fail-fast after predict',
      }),
    ],
  });
}

export interface StepJson {
  outputs: Record<string, string>;
  outcome: string;
  conclusion: string;
}

export function step(report: object | undefined, outcome = 'success', extra: Record<string, string> = {}): StepJson {
  return { outputs: report ? { ...extra, report: JSON.stringify(report) } : extra, outcome, conclusion: outcome };
}

/** `${{ toJSON(steps) }}` of a green pipeline, in workflow order. */
export function greenSteps(): Record<string, StepJson> {
  return {
    checkout: step(undefined),
    gate: step(gateReport()),
    build: step(buildReport(), 'success', { 'image-uri': buildReport().imageUri as string }),
    deploy: step(lambdaReport(), 'success', { version: '14' }),
    smoke: step(smokeReport()),
  };
}
