/** The real clients behind ledger-baseline.ts: GitHub (Octokit) and Lambda GetAlias, both loaded only when used. */
import type { Env, Log } from '@mlship/action-kit';
import type { AliasCheck, LedgerApi } from './ledger-baseline';

export async function createLedgerApi(
  token: string,
  env: Env,
  signal: AbortSignal,
  log: Pick<Log, 'warning' | 'debug'>,
): Promise<LedgerApi> {
  const { createOctokit, ledgerReads } = await import('@mlship/action-kit/github');
  const octokit = await createOctokit(token, signal, log);
  const [owner = '', repo = ''] = (env['GITHUB_REPOSITORY'] ?? '').split('/');
  return ledgerReads(octokit, owner, repo, signal, log);
}

/** Whether the SDK's default chain has something to work with; without credentials the check is skipped, not failed. */
export function hasAwsCredentials(env: Env): boolean {
  return Boolean(
    env['AWS_ACCESS_KEY_ID'] ||
    env['AWS_PROFILE'] ||
    env['AWS_WEB_IDENTITY_TOKEN_FILE'] ||
    env['AWS_CONTAINER_CREDENTIALS_FULL_URI'] ||
    env['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'],
  );
}

export function lambdaAliasCheck(signal: AbortSignal): AliasCheck {
  return {
    async aliasVersion(functionName, alias, region) {
      const [{ createLambdaClient }, { GetAliasCommand }] = await Promise.all([
        import('@mlship/aws-kit/lambda'),
        import('@aws-sdk/client-lambda'),
      ]);
      // One quick look: a slow or failing Lambda API must not hold up the gate.
      const client = await createLambdaClient({ region, maxAttempts: 2, requestTimeoutMs: 10_000 });
      try {
        const res = await client.send(new GetAliasCommand({ FunctionName: functionName, Name: alias }), { abortSignal: signal });
        return res.FunctionVersion;
      } catch (err) {
        const { describeAwsError } = await import('@mlship/aws-kit');
        throw new Error(describeAwsError('lambda', 'GetAlias', err), { cause: err });
      } finally {
        client.destroy();
      }
    },
  };
}
