import { errorMessage, loadToolkit, runMain, sleep, systemClock } from '@mlship/action-kit';
import { createLambdaClient } from '@mlship/aws-kit/lambda';
import { configurationApi } from './configuration-api';
import { hasConfiguration, secretValues } from './configuration-inputs';
import { readInputs } from './inputs';
import { lambdaApi } from './lambda-api';
import { buildReport, summaryMarkdown } from './report';
import { emptyResult, run } from './run';

runMain(async ({ signal }) => {
  const inputs = readInputs();
  const kit = await loadToolkit();
  // Environment values may be secrets not masked yet: masked before any call or log line.
  for (const value of secretValues(inputs.configuration ?? {})) kit.log.mask(value);
  const result = emptyResult(inputs);
  // One attempt per SDK call: run() retries itself, so each poll is one request
  // (the cadence promise) and every retry is logged.
  const client = await createLambdaClient({ region: inputs.region, maxAttempts: 1, requestTimeoutMs: 30_000 });
  try {
    const config = hasConfiguration(inputs.configuration ?? {}) ? await configurationApi(client) : undefined;
    await run(inputs, { api: await lambdaApi(client), config, log: kit.log, time: { clock: systemClock, sleep, signal } }, result);
    const report = buildReport(inputs, result);
    kit.setOutputs({
      'function-arn': result.functionArn,
      version: result.version,
      'version-arn': result.versionArn,
      'previous-version': result.previousVersion,
      'alias-arn': result.alias?.arn,
      'code-sha256': result.codeSha256,
      'resolved-image-uri': result.resolvedImageUri,
      'update-seconds': result.updateSeconds,
    });
    kit.setReport(report);
    await kit.writeSummary(summaryMarkdown(report));
  } catch (err) {
    const report = buildReport(inputs, result, errorMessage(err));
    // What was done stays true: a version published before the alias failed is still the version.
    kit.setOutputs({
      'function-arn': result.functionArn,
      version: result.version,
      'version-arn': result.versionArn,
      'previous-version': result.previousVersion,
      'code-sha256': result.codeSha256,
      'resolved-image-uri': result.resolvedImageUri,
      'update-seconds': result.updateSeconds,
    });
    kit.setReport(report);
    await kit.writeSummary(summaryMarkdown(report));
    throw err;
  } finally {
    client.destroy();
  }
});
