import type { LambdaClient, Runtime } from '@aws-sdk/client-lambda';
import type { CurrentSettings, SettingsUpdate } from '../deploy/function-settings';

/** What changed, by name only (the report's `configuration`). */
export interface ConfigurationChanges {
  /** Input names of the settings that changed, e.g. ["environment", "memory-size"]. */
  changed: string[];
  environment?: { added: string[]; changed: string[]; removed: string[] };
}

/** The configuration fields this action reads and may change. */
export interface CurrentConfiguration {
  packageType: 'Image' | 'Zip';
  variables: Record<string, string>;
  memorySize?: number;
  timeoutSeconds?: number;
  description?: string;
  image: { command?: string[]; entryPoint?: string[]; workingDirectory?: string };
  lastUpdateStatus?: string;
  /** Role, runtime, handler, layers, ephemeral storage, VPC (function-settings). */
  settings?: CurrentSettings;
}

/** The fields of one UpdateFunctionConfiguration call; absent ones are not sent, so not touched. */
export interface ConfigurationUpdate extends SettingsUpdate {
  /** The whole merged map: Lambda replaces the map it is given, so it always carries the variables kept. */
  Environment?: { Variables: Record<string, string> };
  MemorySize?: number;
  Timeout?: number;
  Description?: string;
  ImageConfig?: { Command?: string[]; EntryPoint?: string[]; WorkingDirectory?: string };
}

export interface ConfigurationApi {
  getConfiguration(name: string, signal?: AbortSignal): Promise<CurrentConfiguration>;
  updateConfiguration(name: string, update: ConfigurationUpdate, signal?: AbortSignal): Promise<{ lastUpdateStatus?: string }>;
  /** The function's tags (GetFunction). */
  getTags(name: string, signal?: AbortSignal): Promise<Record<string, string>>;
  /** TagResource on the function ARN: adds or overwrites the given tags. */
  tag(arn: string, tags: Record<string, string>, signal?: AbortSignal): Promise<void>;
}

/** Binds the two configuration calls to a client; the SDK module is loaded here, after inputs validated. */
export async function configurationApi(client: LambdaClient): Promise<ConfigurationApi> {
  const sdk = await import('@aws-sdk/client-lambda');
  return {
    async getConfiguration(name, signal) {
      const conf = await client.send(new sdk.GetFunctionConfigurationCommand({ FunctionName: name }), { abortSignal: signal });
      const image = conf.ImageConfigResponse?.ImageConfig;
      return {
        packageType: conf.PackageType === 'Image' ? 'Image' : 'Zip',
        variables: { ...(conf.Environment?.Variables ?? {}) },
        memorySize: conf.MemorySize,
        timeoutSeconds: conf.Timeout,
        description: conf.Description,
        image: { command: image?.Command, entryPoint: image?.EntryPoint, workingDirectory: image?.WorkingDirectory },
        lastUpdateStatus: conf.LastUpdateStatus,
        settings: {
          role: conf.Role,
          runtime: conf.Runtime,
          handler: conf.Handler,
          layers: (conf.Layers ?? []).map((layer) => layer.Arn ?? ''),
          ephemeralStorageMb: conf.EphemeralStorage?.Size,
          vpc: conf.VpcConfig
            ? { subnetIds: conf.VpcConfig.SubnetIds ?? [], securityGroupIds: conf.VpcConfig.SecurityGroupIds ?? [] }
            : undefined,
        },
      };
    },
    async updateConfiguration(name, update, signal) {
      const out = await client.send(
        new sdk.UpdateFunctionConfigurationCommand({ FunctionName: name, ...update, Runtime: update.Runtime as Runtime | undefined }),
        {
          abortSignal: signal,
        },
      );
      return { lastUpdateStatus: out.LastUpdateStatus };
    },
    async getTags(name, signal) {
      const out = await client.send(new sdk.GetFunctionCommand({ FunctionName: name }), { abortSignal: signal });
      return { ...(out.Tags ?? {}) };
    },
    async tag(arn, tags, signal) {
      await client.send(new sdk.TagResourceCommand({ Resource: arn, Tags: tags }), { abortSignal: signal });
    },
  };
}
