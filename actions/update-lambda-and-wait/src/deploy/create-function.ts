/**
 * A function that does not exist yet is created with the code and the
 * configuration inputs (CreateFunction), then waited for until Active; the
 * deploy then publishes and creates the alias as for any function. Without
 * `role` nothing is written: the step fails naming it.
 */
import type { LambdaClient, Runtime } from '@aws-sdk/client-lambda';
import { ActionFailure, formatDuration } from '@mlship/action-kit';
import type { ConfigurationInputs } from '../configuration/inputs';
import type { Inputs } from '../inputs';
import type { CodeUpdate, FunctionState } from '../lambda-api';
import type { Deploy } from './types';
import { waitForUpdate } from './wait';

/** The CreateFunction request this action sends (the SDK's field names). */
export interface CreateRequest {
  FunctionName: string;
  Role: string;
  PackageType: 'Zip' | 'Image';
  Code: CodeUpdate;
  Runtime?: string;
  Handler?: string;
  Architectures?: Array<'x86_64' | 'arm64'>;
  MemorySize?: number;
  Timeout?: number;
  Description?: string;
  Environment?: { Variables: Record<string, string> };
  Layers?: string[];
  EphemeralStorage?: { Size: number };
  VpcConfig?: { SubnetIds: string[]; SecurityGroupIds: string[] };
  ImageConfig?: { Command?: string[]; EntryPoint?: string[]; WorkingDirectory?: string };
  Tags?: Record<string, string>;
}

export interface CreateApi {
  createFunction(request: CreateRequest, signal?: AbortSignal): Promise<FunctionState>;
}

/**
 * Refuses, before any write, a deploy that cannot create the missing
 * function: no role, no code, a zip without runtime or handler, a traffic
 * split with nothing to split from. Pure.
 */
export function checkCanCreate(inputs: Inputs): void {
  const name = inputs.functionName;
  const c: ConfigurationInputs = inputs.configuration ?? {};
  const s = c.settings ?? {};
  const where = `function ${name} does not exist in region ${inputs.region}`;
  if (!s.role) {
    throw new ActionFailure(
      `${where} and input role is not set: give role (the execution role ARN, e.g. role: arn:aws:iam::123456789012:role/lambda-exec) to create it, or check function-name and aws-region; nothing was changed.`,
    );
  }
  if (inputs.source.kind === 'none') {
    throw new ActionFailure(
      `${where}: give a code source (zip-file, s3-bucket + s3-key or image-uri) with role to create it; nothing was changed.`,
    );
  }
  if (inputs.canaryWeight !== undefined || inputs.bake) {
    throw new ActionFailure(
      `${where}: a first deploy has no previous version to split traffic with; run once without ${inputs.bake ? 'traffic-steps' : 'canary-weight'} to create it; nothing was changed.`,
    );
  }
  if (inputs.source.kind !== 'image') {
    const missing = [s.runtime ? '' : 'runtime', s.handler ? '' : 'handler'].filter(Boolean);
    if (missing.length > 0) {
      throw new ActionFailure(
        `${where}; a zip function is created with runtime and handler, and ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set (e.g. runtime: python3.12, handler: app.handler); nothing was changed.`,
      );
    }
    if (c.image) {
      throw new ActionFailure(
        `${where}; image-command, image-entrypoint and image-working-directory only apply to Image functions; nothing was changed.`,
      );
    }
  } else if (s.runtime || s.handler || s.layers) {
    throw new ActionFailure(
      `${where}; image-uri creates an Image function, which takes no runtime, handler or layers; nothing was changed.`,
    );
  }
}

/** The CreateFunction request for the inputs and the loaded code; pure. */
export function createRequest(inputs: Inputs, code: CodeUpdate): CreateRequest {
  checkCanCreate(inputs);
  const name = inputs.functionName;
  const c: ConfigurationInputs = inputs.configuration ?? {};
  const s = c.settings ?? {};
  const image = 'ImageUri' in code;
  const variables = c.environment?.set ?? {};
  return {
    FunctionName: name,
    Role: s.role as string,
    PackageType: image ? 'Image' : 'Zip',
    Code: code,
    ...(s.runtime ? { Runtime: s.runtime } : {}),
    ...(s.handler ? { Handler: s.handler } : {}),
    ...(inputs.architectures ? { Architectures: [inputs.architectures] } : {}),
    ...(c.memorySize !== undefined ? { MemorySize: c.memorySize } : {}),
    ...(c.timeoutSeconds !== undefined ? { Timeout: c.timeoutSeconds } : {}),
    ...(c.description !== undefined ? { Description: c.description } : {}),
    ...(Object.keys(variables).length > 0 ? { Environment: { Variables: variables } } : {}),
    ...(s.layers ? { Layers: s.layers } : {}),
    ...(s.ephemeralStorageMb !== undefined ? { EphemeralStorage: { Size: s.ephemeralStorageMb } } : {}),
    ...(s.vpc ? { VpcConfig: { SubnetIds: s.vpc.subnetIds, SecurityGroupIds: s.vpc.securityGroupIds } } : {}),
    ...(c.image
      ? {
          ImageConfig: {
            ...(c.image.command ? { Command: c.image.command } : {}),
            ...(c.image.entryPoint ? { EntryPoint: c.image.entryPoint } : {}),
            ...(c.image.workingDirectory !== undefined ? { WorkingDirectory: c.image.workingDirectory } : {}),
          },
        }
      : {}),
    ...(s.tags ? { Tags: s.tags } : {}),
  };
}

/** CreateFunction, then waits (at the poll cadence, within wait-timeout) until the function is Active. */
export async function createFunction(deploy: Deploy, api: CreateApi, request: CreateRequest): Promise<FunctionState> {
  const { name, log, timing, result, retry, inputs } = deploy;
  return deploy.phase(`Creating ${name}`, async () => {
    const started = timing.clock.now();
    // The environment values may be secrets: they are masked, and only the request's shape is logged.
    log.info(`CreateFunction ${name}: ${request.PackageType}${request.Runtime ? `, ${request.Runtime}` : ''}, role ${request.Role}`);
    const created = await retry('CreateFunction', (signal) => api.createFunction(request, signal));
    result.created = true;
    result.functionArn = created.arn;
    result.packageType = created.packageType;
    result.codeSha256 = created.codeSha256 ?? result.codeSha256;
    log.info(`Created ${created.arn} (State ${created.state ?? 'unknown'}); polling every ${formatDuration(inputs.pollIntervalMs)}`);
    const { state, polls } = await waitForUpdate(name, { api: deploy.api, log, timing });
    if (state.state === 'Failed' || state.state === 'Inactive') {
      throw new ActionFailure(`The new function ${name} ended ${state.state}: ${state.stateReason ?? 'no reason given'}`);
    }
    result.updateSeconds = Math.round(timing.clock.now() - started) / 1000;
    result.lastUpdateStatus = state.lastUpdateStatus;
    result.resolvedImageUri = state.resolvedImageUri;
    result.steps.push(
      `created function ${name} (${request.PackageType}, Active after ${formatDuration(result.updateSeconds * 1000)}, ${polls} polls)`,
    );
    return state;
  });
}

/** Binds CreateFunction to a client; the SDK module is loaded here, after inputs validated. */
export async function createApi(client: LambdaClient): Promise<CreateApi> {
  const sdk = await import('@aws-sdk/client-lambda');
  return {
    async createFunction(request, signal) {
      const conf = await client.send(
        new sdk.CreateFunctionCommand({ ...request, Runtime: request.Runtime as Runtime | undefined, Publish: false }),
        { abortSignal: signal },
      );
      return {
        arn: (conf.FunctionArn ?? '').replace(/:(\d+|\$LATEST)$/, ''),
        name: conf.FunctionName ?? request.FunctionName,
        version: '$LATEST',
        packageType: conf.PackageType === 'Image' ? 'Image' : 'Zip',
        state: conf.State,
        stateReason: conf.StateReason,
        lastUpdateStatus: conf.LastUpdateStatus,
        codeSha256: conf.CodeSha256,
      };
    },
  };
}
