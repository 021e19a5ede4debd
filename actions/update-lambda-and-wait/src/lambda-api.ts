import type { FunctionConfiguration, LambdaClient } from '@aws-sdk/client-lambda';
import { isAwsError } from '@mlship/aws-kit';

/** The few facts of a function (or one version) the deploy logic looks at. */
export interface FunctionState {
  arn: string;
  name: string;
  version: string;
  packageType: 'Image' | 'Zip';
  state?: string;
  stateReason?: string;
  lastUpdateStatus?: string;
  lastUpdateStatusReason?: string;
  lastUpdateStatusReasonCode?: string;
  codeSha256?: string;
  resolvedImageUri?: string;
  /** The execution role: a weighted alias needs the same one on both versions. */
  role?: string;
}

export interface AliasState {
  arn: string;
  name: string;
  version: string;
  weights: Record<string, number>;
  /** Changes with every write; a write that names it fails (PreconditionFailedException) if someone wrote in between. */
  revisionId?: string;
}

export type CodeUpdate = { ImageUri: string } | { ZipFile: Uint8Array } | { S3Bucket: string; S3Key: string; S3ObjectVersion?: string };

/**
 * The Lambda operations the action uses; errors are the SDK's, unchanged.
 * Each takes the signal that bounds it: the job's cancel and the deadline.
 */
export interface LambdaApi {
  getFunction(name: string, signal?: AbortSignal): Promise<FunctionState>;
  getVersion(name: string, version: string, signal?: AbortSignal): Promise<FunctionState | undefined>;
  updateCode(
    name: string,
    code: CodeUpdate,
    architectures: Array<'x86_64' | 'arm64'> | undefined,
    signal?: AbortSignal,
  ): Promise<FunctionState>;
  publishVersion(name: string, codeSha256: string | undefined, description: string, signal?: AbortSignal): Promise<FunctionState>;
  getAlias(name: string, alias: string, signal?: AbortSignal): Promise<AliasState | undefined>;
  createAlias(name: string, alias: string, version: string, weights: Record<string, number>, signal?: AbortSignal): Promise<AliasState>;
  /** With `revisionId`, only if the alias is still at that revision (else PreconditionFailedException). */
  updateAlias(
    name: string,
    alias: string,
    version: string,
    weights: Record<string, number>,
    signal?: AbortSignal,
    revisionId?: string,
  ): Promise<AliasState>;
  /** A synchronous invoke of one version (the bake's probes): status, FunctionError and the answer's text. */
  invoke?(
    name: string,
    qualifier: string,
    payload: string,
    signal?: AbortSignal,
  ): Promise<{ status: number; functionError?: string; body: string }>;
}

function toState(conf: FunctionConfiguration | undefined, resolvedImageUri?: string): FunctionState {
  return {
    arn: (conf?.FunctionArn ?? '').replace(/:(\d+|\$LATEST)$/, ''),
    name: conf?.FunctionName ?? '',
    version: conf?.Version ?? '$LATEST',
    packageType: conf?.PackageType === 'Image' ? 'Image' : 'Zip',
    state: conf?.State,
    stateReason: conf?.StateReason,
    lastUpdateStatus: conf?.LastUpdateStatus,
    lastUpdateStatusReason: conf?.LastUpdateStatusReason,
    lastUpdateStatusReasonCode: conf?.LastUpdateStatusReasonCode,
    codeSha256: conf?.CodeSha256,
    resolvedImageUri,
    ...(conf?.Role ? { role: conf.Role } : {}),
  };
}

function toAlias(alias: {
  AliasArn?: string;
  Name?: string;
  FunctionVersion?: string;
  RoutingConfig?: { AdditionalVersionWeights?: Record<string, number> };
  RevisionId?: string;
}): AliasState {
  return {
    arn: alias.AliasArn ?? '',
    name: alias.Name ?? '',
    version: alias.FunctionVersion ?? '',
    weights: { ...(alias.RoutingConfig?.AdditionalVersionWeights ?? {}) },
    ...(alias.RevisionId ? { revisionId: alias.RevisionId } : {}),
  };
}

/** A missing version or alias is an answer (undefined), not a failure. */
async function undefinedIfNotFound<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (isAwsError(err, ['ResourceNotFoundException'])) return undefined;
    throw err;
  }
}

/** Binds the operations to a client; the SDK module is loaded here, after inputs validated. */
export async function lambdaApi(client: LambdaClient): Promise<LambdaApi> {
  const sdk = await import('@aws-sdk/client-lambda');
  const opts = (signal?: AbortSignal) => ({ abortSignal: signal });
  return {
    async invoke(name, qualifier, payload, signal) {
      const out = await client.send(
        new sdk.InvokeCommand({ FunctionName: name, Qualifier: qualifier, Payload: new TextEncoder().encode(payload) }),
        opts(signal),
      );
      const body = out.Payload ? new TextDecoder().decode(out.Payload.slice(0, 4096)) : '';
      return { status: out.StatusCode ?? 0, ...(out.FunctionError ? { functionError: out.FunctionError } : {}), body };
    },
    async getFunction(name, signal) {
      const out = await client.send(new sdk.GetFunctionCommand({ FunctionName: name }), opts(signal));
      return toState(out.Configuration, out.Code?.ResolvedImageUri);
    },
    async getVersion(name, version, signal) {
      return undefinedIfNotFound(async () =>
        toState(await client.send(new sdk.GetFunctionConfigurationCommand({ FunctionName: name, Qualifier: version }), opts(signal))),
      );
    },
    async updateCode(name, code, architectures, signal) {
      // Only code fields: configuration (environment, memory...) is never sent, so never replaced.
      return toState(
        await client.send(new sdk.UpdateFunctionCodeCommand({ FunctionName: name, ...code, Architectures: architectures }), opts(signal)),
      );
    },
    async publishVersion(name, codeSha256, description, signal) {
      return toState(
        await client.send(
          new sdk.PublishVersionCommand({ FunctionName: name, CodeSha256: codeSha256, Description: description }),
          opts(signal),
        ),
      );
    },
    async getAlias(name, alias, signal) {
      return undefinedIfNotFound(async () =>
        toAlias(await client.send(new sdk.GetAliasCommand({ FunctionName: name, Name: alias }), opts(signal))),
      );
    },
    async createAlias(name, alias, version, weights, signal) {
      const routing = Object.keys(weights).length > 0 ? { RoutingConfig: { AdditionalVersionWeights: weights } } : {};
      return toAlias(
        await client.send(
          new sdk.CreateAliasCommand({ FunctionName: name, Name: alias, FunctionVersion: version, ...routing }),
          opts(signal),
        ),
      );
    },
    async updateAlias(name, alias, version, weights, signal, revisionId) {
      // An empty map clears a canary: promote and roll back both send it.
      return toAlias(
        await client.send(
          new sdk.UpdateAliasCommand({
            FunctionName: name,
            Name: alias,
            FunctionVersion: version,
            RoutingConfig: { AdditionalVersionWeights: weights },
            ...(revisionId ? { RevisionId: revisionId } : {}),
          }),
          opts(signal),
        ),
      );
    },
  };
}
