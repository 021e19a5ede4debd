import { CANCEL_GRACE_MS, errorMessage, sleep, systemClock } from '@mlship/action-kit';
import { runAction, type ActionParts } from '@mlship/action-kit/lifecycle';
import { createLambdaClient } from '@mlship/aws-kit/lambda';
import { configurationApi } from './configuration/api';
import { hasConfiguration, secretValues } from './configuration/inputs';
import { bakeWiring } from './bake/wiring';
import { readInputs, type Inputs } from './inputs';
import { lambdaApi } from './lambda-api';
import { buildReport, reportOutputs, summaryMarkdown } from './report';
import { emptyResult, run } from './deploy/run';
import type { DeployResult } from './deploy/types';
import { createApi } from './deploy/create-function';
import { versionsApi } from './deploy/prune-versions';
import { s3Uploader } from './deploy/s3-upload';

/** Cleanup after a stop signal mid-bake must reach Lambda (the alias goes back): more than the usual grace. */
const BAKE_CANCEL_GRACE_MS = 5000;

const deploy: ActionParts<Inputs, void, DeployResult> = {
  inputs: () => readInputs(),
  // Environment values may be secrets not masked yet: masked before any call or log line.
  secrets: (inputs) => secretValues(inputs.configuration ?? {}),
  // What was done stays true: a version published before the alias failed is still the version.
  progress: (inputs) => emptyResult(inputs),
  async core({ inputs, kit, signal, progress: result, closeLater }) {
    // One attempt per SDK call: run() retries itself, so each poll is one request
    // (the cadence promise) and every retry is logged.
    const client = await createLambdaClient({ region: inputs.region, maxAttempts: 1, requestTimeoutMs: 30_000 });
    closeLater(() => client.destroy());
    const wiring = inputs.bake ? bakeWiring(inputs, kit) : undefined;
    closeLater(() => wiring?.close());
    const config = hasConfiguration(inputs.configuration ?? {}) ? await configurationApi(client) : undefined;
    // The S3 SDK is loaded only by a run that stages a zip in S3.
    const uploader = inputs.source.kind === 'zip' && inputs.source.upload ? await s3Uploader(inputs.region) : undefined;
    closeLater(() => uploader?.close());
    const deps = {
      api: await lambdaApi(client),
      config,
      log: kit.log,
      time: { clock: systemClock, sleep, signal },
      bake: wiring,
      create: await createApi(client),
      uploader,
      versions: inputs.keepVersions !== undefined ? await versionsApi(client) : undefined,
    };
    await run(inputs, deps, result);
  },
  publish({ inputs, progress: result }, ending) {
    const error = 'error' in ending ? errorMessage(ending.thrown) : undefined;
    const report = buildReport(inputs, result, error);
    return { outputs: reportOutputs(result, error === undefined), report, summary: summaryMarkdown(report) };
  },
};

void runAction(deploy, { cancelGraceMs: (inputs) => (inputs?.bake ? BAKE_CANCEL_GRACE_MS : CANCEL_GRACE_MS) });
