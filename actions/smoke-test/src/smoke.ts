/**
 * The whole smoke test after the runner hands over: validate inputs (cheap,
 * no SDK), then load the toolkit, mask every secret before its first use,
 * run the checks, and publish outputs, report, error lines and the summary
 * section. The toolkit comes in, so a unit test sees what is masked and when.
 */
import {
  ActionFailure,
  formatMs,
  proxySettings,
  sleep,
  sortSecrets,
  systemClock,
  type Env,
  type SmokeCheckResult,
  type SmokeReport,
  type Toolkit,
} from '@mlship/action-kit';
import { tolerated } from '@mlship/action-kit/smoke-section';
import { runLifecycle, type ActionParts } from '@mlship/action-kit/lifecycle';
import { readInputs, type SmokeInputs } from './inputs';
import type { LambdaInvoker } from './lambda';
import { allResults, buildReport, failedChecksText, failureMessages, resultsJson, summaryMarkdown } from './report';
import { run, type SmokeResult } from './run';
import type { Output } from './names';
import { redactor } from './secrets';
import type { SignFor } from './http/sigv4';

/** What the runner hands over; the toolkit comes in so a unit test sees what is masked and when. */
export interface SmokeTestOptions {
  signal: AbortSignal;
  env: Env;
  loadKit: () => Promise<Toolkit>;
}

/**
 * Credentials from the SDK's default chain, resolved before the first request so
 * they are masked first; the SDK loads only when a check signs.
 */
async function loadSigning(): Promise<{ sign: SignFor; secrets: string[] }> {
  const { resolveCredentials, sigv4Signing } = await import('./http/sigv4');
  let credentials;
  try {
    credentials = await resolveCredentials();
  } catch (err) {
    throw new ActionFailure(
      `aws-sigv4: no AWS credentials found in the default chain (${(err as Error).message.split('\n')[0]}); run aws-actions/configure-aws-credentials first`,
    );
  }
  const { accessKeyId, secretAccessKey, sessionToken } = credentials;
  return { sign: sigv4Signing(credentials), secrets: [accessKeyId, secretAccessKey, ...(sessionToken ? [sessionToken] : [])] };
}

interface Prepared {
  inputs: SmokeInputs;
  signing?: { sign: SignFor; secrets: string[] };
}

interface Checked {
  result: SmokeResult;
  checks: SmokeCheckResult[];
  report: SmokeReport;
  results: { json: string; omitted: number };
}

/** The smoke test's parts for the kit's lifecycle (runAction). */
export function smokeParts(env: Env): ActionParts<Prepared, Checked> {
  let redact: (text: string) => string = (text) => text;
  return {
    // Credentials are resolved with the inputs, so they are masked before the first request.
    async inputs() {
      const inputs = await readInputs(env);
      return { inputs, signing: inputs.signs ? await loadSigning() : undefined };
    },
    secrets({ inputs, signing }) {
      const secrets = sortSecrets([...inputs.secrets, ...(signing?.secrets ?? [])]);
      redact = redactor(secrets);
      return secrets;
    },
    async core({ inputs: { inputs, signing }, kit, signal, closeLater }) {
      // http/https/tls load only after the inputs validated (start-up is benchmarked).
      const [{ nodeHttpClient, caOption }, { proxyAgents }] = await Promise.all([
        import('./http/client'),
        import('@mlship/action-kit/proxy'),
      ]);
      // HTTPS_PROXY / NO_PROXY, or the `proxy` input; no proxy agent is loaded without one.
      const agents = await proxyAgents(proxySettings(env, inputs.proxy), caOption(inputs.ca));
      const http = nodeHttpClient({ ca: inputs.ca, agents });
      closeLater(() => http.close());
      let lambda: LambdaInvoker | undefined;
      if (inputs.region) {
        const { sdkLambdaInvoker } = await import('./lambda');
        const longest = Math.max(...inputs.checks.map((check) => check.timeoutMs));
        lambda = await sdkLambdaInvoker(inputs.region, longest);
        closeLater(() => lambda?.close());
      }
      const result = await kit.log.group(`Smoke test: ${inputs.checks.length} check(s), concurrency ${inputs.concurrency}`, () =>
        run(inputs, { http, lambda, clock: systemClock, sleep, log: kit.log, signal, sign: signing?.sign }),
      );
      const checks = allResults(result, redact);
      const report = buildReport(result, redact, checks);
      for (const check of checks) kit.log.info(checkLine(check));
      const results = resultsJson(checks);
      if (results.omitted > 0)
        kit.log.warning(
          `The results output lists ${checks.length - results.omitted} of ${checks.length} checks (failures first) to stay within the output size limit; the job summary lists all.`,
        );
      // Outputs, report and summary go to files: the error lines and the headline read the same here.
      for (const message of failureMessages(result, redact)) kit.log.error(message);
      if (!result.passed) kit.log.info(report.headline);
      return { result, checks, report, results };
    },
    publish: (_, ending) =>
      'error' in ending
        ? {}
        : {
            outputs: {
              passed: ending.result.result.passed,
              'failed-checks': failedChecksText(ending.result.result.failed),
              results: ending.result.results.json,
            } satisfies Record<Output, unknown>,
            report: ending.result.report,
            summary: summaryMarkdown(ending.result.report, ending.result.checks),
            fail: ending.result.result.passed ? undefined : true,
          },
  };
}

function checkLine(check: SmokeCheckResult): string {
  const latency =
    check.p50Ms === undefined || check.p95Ms === undefined ? '' : `, p50 ${formatMs(check.p50Ms)}, p95 ${formatMs(check.p95Ms)}`;
  const note = check.reason ?? tolerated(check);
  return `${check.skipped ? '⏭️' : check.passed ? '✅' : '❌'} ${check.name}: ${check.status ?? '-'}${latency}, ${check.attempts} attempt(s)${note ? ` — ${note}` : ''}`;
}

/** True when every check passed. */
export function smokeTest({ signal, env, loadKit }: SmokeTestOptions): Promise<boolean> {
  return runLifecycle(smokeParts(env), { signal, loadKit });
}
