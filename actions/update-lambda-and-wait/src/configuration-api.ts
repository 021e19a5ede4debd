import type { LambdaClient } from '@aws-sdk/client-lambda';

/** The configuration fields this action reads and may change. */
export interface CurrentConfiguration {
  packageType: 'Image' | 'Zip';
  variables: Record<string, string>;
  memorySize?: number;
  timeoutSeconds?: number;
  description?: string;
  image: { command?: string[]; entryPoint?: string[]; workingDirectory?: string };
  lastUpdateStatus?: string;
}

/** The fields of one UpdateFunctionConfiguration call; absent ones are not sent, so not touched. */
export interface ConfigurationUpdate {
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
      };
    },
    async updateConfiguration(name, update, signal) {
      const out = await client.send(new sdk.UpdateFunctionConfigurationCommand({ FunctionName: name, ...update }), {
        abortSignal: signal,
      });
      return { lastUpdateStatus: out.LastUpdateStatus };
    },
  };
}
