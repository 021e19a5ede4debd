/**
 * The types every phase of a deploy shares (run.ts, the configuration,
 * create, prune and stage phases, the bake): a leaf module, so none of them
 * imports run.ts back.
 */
import type { Log } from '@mlship/action-kit';
import type { BakeProgress } from '../bake/run-state';
import type { BakeWiring } from '../bake/ports';
import type { ConfigurationChanges } from '../configuration/api';
import type { Inputs } from '../inputs';
import type { AliasState, LambdaApi } from '../lambda-api';
import type { Call } from './retry';
import type { TimeSource, Timing } from './timing';

export interface DeployResult {
  functionName: string;
  functionArn?: string;
  packageType?: 'Image' | 'Zip';
  codeSource: 'image' | 'zip' | 's3' | 'none';
  codeSha256?: string;
  resolvedImageUri?: string;
  version?: string;
  versionArn?: string;
  previousVersion?: string;
  alias?: AliasState;
  updateSeconds?: number;
  /** Time spent waiting for updates started by someone else. */
  waitedForOthersSeconds?: number;
  lastUpdateStatus?: string;
  dryRun: boolean;
  /** What was done, or in a dry run what would be done, in order. */
  steps: string[];
  /** The step running when the deploy stopped; cleared when each step ends. */
  stoppedAt?: string;
  /** Configuration settings changed (names only; set once the configuration was read). */
  configuration?: ConfigurationChanges;
  /** The bake (traffic-steps): its timeline, and whether this run rolled the alias back. */
  bake?: BakeProgress;
  /** True when version named the alias's primary version while a bake held the split: the split was dropped (a rollback, no bake). */
  rolledBackHold?: boolean;
  /** True when this run created the function. */
  created?: boolean;
  /** Where the zip was staged (zip-file + s3-bucket), and how many bytes this run uploaded (0: it was there). */
  s3Bucket?: string;
  s3Key?: string;
  uploadedBytes?: number;
  /** keep-versions: the versions this run deleted. */
  deletedVersions?: string[];
}

/** What every phase of a deploy shares: the inputs, the API, the one timing context, the result so far. */
export interface Deploy {
  inputs: Inputs;
  name: string;
  api: LambdaApi;
  log: Log;
  timing: Timing;
  result: DeployResult;
  /** A Lambda call with conflicts waited out and passing faults retried until wait-timeout. */
  retry<T>(operation: string, call: Call<T>): Promise<T>;
  /** Waits for the update in progress on the function, counting the time as waited for others. */
  idle(why: string): Promise<void>;
  /** A log group that names itself in `result.stoppedAt` while it runs, so a failure says exactly where it stopped. */
  phase<T>(title: string, body: () => Promise<T>): Promise<T>;
  time: TimeSource;
  bake?: BakeWiring;
}
