import { readFile } from 'node:fs/promises';
import { ActionFailure, formatBytes, formatDuration, unreachable, type Log } from '@mlship/action-kit';
import type { ConfigurationApi } from '../configuration/api';
import { checkConfigurationFits, dryRunConfiguration, updateConfiguration } from '../configuration/update';
import { hasConfiguration } from '../configuration/inputs';
import { isAwsError } from '@mlship/aws-kit';
import { bakeAlias } from '../bake/bake-alias';
import type { BakeWiring } from '../bake/ports';
import { describeAlias, formatShare, weightsText } from '../alias/weights';
import { AliasChangedError, aliasWriter } from '../alias/writer';
import { MAX_DIRECT_ZIP_BYTES, type CodeSource, type Inputs } from '../inputs';
import type { AliasState, CodeUpdate, FunctionState, LambdaApi } from '../lambda-api';
import { withRetries, type Call } from './retry';
import { startTiming, type TimeSource } from './timing';
import type { Deploy, DeployResult } from './types';
import { waitForUpdate, waitForVersionActive } from './wait';
import { codeSha256, zipDirectory } from './zip';
import { checkCanCreate, createFunction, createRequest, type CreateApi } from './create-function';
import { dryRunPrune, pruneVersions, type VersionsApi } from './prune-versions';
import type { ZipUploader } from './s3-upload';
import { stageZip } from './stage-zip';

export interface Deps {
  api: LambdaApi;
  log: Log;
  time: TimeSource;
  /** Needed when configuration inputs are given. */
  config?: ConfigurationApi;
  /** The CloudWatch side of a bake (traffic-steps), created only when one runs. */
  bake?: BakeWiring;
  /** CreateFunction, for a function that does not exist yet (needs role). */
  create?: CreateApi;
  /** S3, for zip-file with s3-bucket. */
  uploader?: ZipUploader;
  /** Listing and deleting versions, for keep-versions. */
  versions?: VersionsApi;
}

export function emptyResult(inputs: Inputs): DeployResult {
  return { functionName: inputs.functionName, codeSource: inputs.source.kind, dryRun: inputs.dryRun, steps: [] };
}

const SOURCE_INPUT: Record<CodeSource['kind'], string> = { image: 'image-uri', zip: 'zip-file', s3: 's3-bucket + s3-key', none: 'version' };

function checkPackageType(fn: FunctionState, source: CodeSource, name: string): void {
  if (source.kind === 'none') return;
  const wants = source.kind === 'image' ? 'Image' : 'Zip';
  if (fn.packageType !== wants) {
    throw new ActionFailure(
      `function ${name} is ${fn.packageType === 'Image' ? 'an Image' : 'a Zip'} function but ${SOURCE_INPUT[source.kind]} was given: nothing was changed. ` +
        `${fn.packageType === 'Image' ? 'Give image-uri' : 'Give zip-file or s3-bucket + s3-key'} (Lambda cannot change a function's package type).`,
    );
  }
}

async function loadCode(deploy: Deploy, uploader?: ZipUploader): Promise<{ code?: CodeUpdate; localSha?: string }> {
  const source = deploy.inputs.source;
  const signal = deploy.timing.signal;
  if (source.kind === 'zip' && source.upload) {
    if (!uploader) throw new ActionFailure('zip-file with s3-bucket was given but no S3 uploader was passed');
    return stageZip(deploy, uploader, { path: source.path, directory: source.directory, upload: source.upload });
  }
  switch (source.kind) {
    case 'image':
      return { code: { ImageUri: source.imageUri } };
    case 's3':
      return {
        code: { S3Bucket: source.bucket, S3Key: source.key, ...(source.objectVersion ? { S3ObjectVersion: source.objectVersion } : {}) },
      };
    case 'zip': {
      const bytes = source.directory ? await zipDirectory(source.path) : new Uint8Array(await readFile(source.path, { signal }));
      // A directory's zip size is known only now: still before any write.
      if (bytes.byteLength > MAX_DIRECT_ZIP_BYTES) {
        throw new ActionFailure(
          `the zip of ${source.path} is ${formatBytes(bytes.byteLength)}, over Lambda's direct upload limit of 50 MiB: set s3-bucket and the action uploads it to S3 first (any size); nothing was changed.`,
        );
      }
      return { code: { ZipFile: bytes }, localSha: codeSha256(bytes) };
    }
    case 'none':
      return {};
    default:
      return unreachable(source);
  }
}

function startDeploy(inputs: Inputs, deps: Deps, result: DeployResult): Deploy {
  const { api, log } = deps;
  const name = inputs.functionName;
  const timing = startTiming(deps.time, inputs);
  const idle = async (why: string): Promise<void> => {
    log.info(
      `${why}: waiting for the update in progress on ${name} (polling every ${formatDuration(inputs.pollIntervalMs)}, at most until wait-timeout)`,
    );
    const { state, waitedMs } = await waitForUpdate(name, { api, log, timing });
    result.waitedForOthersSeconds = (result.waitedForOthersSeconds ?? 0) + waitedMs / 1000;
    log.info(`The update in progress on ${name} ended ${state.lastUpdateStatus ?? 'unknown'} after ${formatDuration(waitedMs)}`);
  };
  const retry = <T>(operation: string, call: Call<T>): Promise<T> => withRetries(operation, call, { log, timing, waitForIdle: idle });
  const phase = async <T>(title: string, body: () => Promise<T>): Promise<T> => {
    result.stoppedAt = title;
    const value = await log.group(title, body);
    result.stoppedAt = undefined;
    return value;
  };
  return { inputs, name, api, log, timing, result, retry, idle, phase, time: deps.time, bake: deps.bake };
}

/**
 * Deploys: checks the function, waits out an update in progress, updates the
 * code, waits for it at a fixed cadence, publishes with the CodeSha256 guard,
 * waits for the version, then points (or splits) the alias. Fills `result`
 * as it goes so a failure still reports how far it got.
 */
export async function run(inputs: Inputs, deps: Deps, result: DeployResult = emptyResult(inputs)): Promise<DeployResult> {
  const deploy = startDeploy(inputs, deps, result);
  const fn = await checkFunction(deploy);
  // A function about to be created has no alias yet, and no version to check.
  const existingAlias = fn ? await checkAliasAndVersion(deploy) : undefined;
  result.stoppedAt = 'Reading the code';
  const { code, localSha } = await loadCode(deploy, deps.uploader);
  result.stoppedAt = undefined;
  if (localSha) result.codeSha256 = localSha;
  if (!fn) return createAndPublish(deploy, deps, code as CodeUpdate, localSha);
  const configures = hasConfiguration(inputs.configuration ?? {});
  if (configures && !deps.config) throw new ActionFailure('configuration inputs were given but no configuration API was passed');
  const config = deps.config as ConfigurationApi;
  if (inputs.dryRun) {
    const configStep = configures ? await dryRunConfiguration(deploy, config) : undefined;
    const publishes = Boolean(code || configStep) && inputs.publish;
    const pruneStep =
      inputs.keepVersions !== undefined && deps.versions
        ? await dryRunPrune(deploy, deps.versions, inputs.keepVersions, publishes)
        : undefined;
    return planDryRun(deploy, fn, existingAlias, code, localSha, configStep, pruneStep);
  }
  // Code, then configuration, then publish, each waited for: the version carries both.
  if (code) {
    await updateCode(deploy, fn, code);
    checkCodeIsOurs(deploy, localSha);
  } else if (configures) {
    // Publishing configuration alone keeps the CodeSha256 guard: the code must still be what was read.
    result.codeSha256 ??= fn.codeSha256;
  }
  const configured = configures ? await updateConfiguration(deploy, config) : false;
  if ((code || configured) && inputs.publish) await publishVersion(deploy);
  if (inputs.bake && existingAlias && !dropsHeldSplit(inputs, existingAlias)) await bakeAlias(deploy, inputs.bake, existingAlias);
  else await pointAlias(deploy, existingAlias);
  if (!result.version && !inputs.publish && (code || configured)) result.version = '$LATEST';
  await keepVersions(deploy, deps);
  return result;
}

/** The first deploy: CreateFunction with the code and configuration, wait Active, then publish and create the alias as usual. */
async function createAndPublish(deploy: Deploy, deps: Deps, code: CodeUpdate, localSha?: string): Promise<DeployResult> {
  const { inputs, name, log, result } = deploy;
  const request = createRequest(inputs, code);
  if (inputs.dryRun) {
    result.steps.push(
      `would create function ${name} (${request.PackageType}${request.Runtime ? `, ${request.Runtime}` : ''}, role ${request.Role})`,
    );
    if (inputs.publish) result.steps.push('would publish version 1');
    if (inputs.alias) result.steps.push(`would create alias ${inputs.alias}`);
    for (const step of result.steps) log.info(`Dry run: ${step}`);
    return result;
  }
  if (!deps.create) throw new ActionFailure('the function must be created but no CreateFunction API was passed');
  await createFunction(deploy, deps.create, request);
  checkCodeIsOurs(deploy, localSha);
  if (inputs.publish) await publishVersion(deploy);
  else result.version = '$LATEST';
  await pointAlias(deploy, undefined);
  return result;
}

/**
 * The code Lambda took is the zip this run read: its CodeSha256 is the zip's
 * SHA-256. For a zip staged in S3 this checks the whole path end to end (an
 * object replaced between the upload and the deploy is caught here, before
 * anything is published).
 */
function checkCodeIsOurs({ name, result }: Deploy, localSha: string | undefined): void {
  if (!localSha || !result.codeSha256 || result.codeSha256 === localSha) return;
  throw new ActionFailure(
    `Lambda reports CodeSha256 ${result.codeSha256} for ${name}, but the zip this run read has ${localSha}${result.s3Key ? ` (s3://${result.s3Bucket}/${result.s3Key} was changed after the upload?)` : ''}; not publishing it.`,
  );
}

async function keepVersions(deploy: Deploy, deps: Deps): Promise<void> {
  const keep = deploy.inputs.keepVersions;
  if (keep === undefined || deploy.inputs.dryRun) return;
  if (!deps.versions) throw new ActionFailure('keep-versions was given but no versions API was passed');
  await pruneVersions(deploy, deps.versions, keep);
}

/** The function as it is, or undefined when it does not exist and the inputs can create it (checked here, before any write). */
async function checkFunction({ inputs, name, api, log, result, retry, phase }: Deploy): Promise<FunctionState | undefined> {
  return phase(`Checking ${name}`, async () => {
    let missing = false;
    const current = await retry('GetFunction', (signal) => api.getFunction(name, signal)).catch((err: Error) => {
      if (!/ResourceNotFoundException/.test(err.message) && !isAwsError(err, ['ResourceNotFoundException'])) throw err;
      if (inputs.version) throw new ActionFailure(`function ${name} was not found in region ${inputs.region}: ${err.message}`);
      missing = true;
      return undefined;
    });
    if (missing || !current) {
      checkCanCreate(inputs);
      log.info(`${name} does not exist in ${inputs.region}: it will be created`);
      return undefined;
    }
    result.functionArn = current.arn;
    result.packageType = current.packageType;
    result.lastUpdateStatus = current.lastUpdateStatus;
    log.info(
      `${current.arn}: ${current.packageType} function, LastUpdateStatus ${current.lastUpdateStatus ?? 'unknown'}, State ${current.state ?? 'unknown'}`,
    );
    checkPackageType(current, inputs.source, name);
    checkConfigurationFits(current, inputs.configuration ?? {});
    checkRoleKeepsSplit(current, inputs);
    return current;
  });
}

/**
 * Lambda refuses a weighted alias between versions whose execution roles
 * differ: a role change with a canary or steps would fail half-way, after
 * the code and the new version. Refused before any write.
 */
function checkRoleKeepsSplit(fn: FunctionState, inputs: Inputs): void {
  const role = inputs.configuration?.settings?.role;
  if (!role || !fn.role || role === fn.role || (inputs.canaryWeight === undefined && !inputs.bake)) return;
  const how = inputs.bake ? 'traffic-steps' : 'canary-weight';
  throw new ActionFailure(
    `role changes the execution role of ${fn.name || fn.arn} (${fn.role} -> ${role}), and ${how} would split alias traffic between versions with different roles, which Lambda refuses; nothing was changed. Change the role in a run without ${how}, then split traffic in the next.`,
  );
}

/** The alias as it is now (undefined when it does not exist yet), after checking what the inputs ask of it. */
async function checkAliasAndVersion({ inputs, name, api, log, result, retry }: Deploy): Promise<AliasState | undefined> {
  let existingAlias: AliasState | undefined;
  result.stoppedAt = 'Checking the alias and version';
  if (inputs.alias) {
    const aliasName = inputs.alias;
    existingAlias = await retry('GetAlias', (signal) => api.getAlias(name, aliasName, signal));
    result.previousVersion = existingAlias?.version;
    log.info(
      existingAlias
        ? `Alias ${aliasName} points at version ${existingAlias.version}${weightsText(existingAlias.weights)}`
        : `Alias ${aliasName} does not exist yet: it will be created`,
    );
    if (inputs.canaryWeight !== undefined && !existingAlias) {
      throw new ActionFailure(
        `alias ${aliasName} of ${name} does not exist, so there is no current version to keep for a canary: run once without canary-weight to create it`,
      );
    }
    if (inputs.bake && !existingAlias) {
      throw new ActionFailure(
        `alias ${aliasName} of ${name} does not exist, so there is no previous version to bake against: run once without traffic-steps to create it`,
      );
    }
  }
  if (inputs.version) {
    const wanted = inputs.version;
    const version = await retry('GetFunctionConfiguration', (signal) => api.getVersion(name, wanted, signal));
    if (!version) throw new ActionFailure(`version ${wanted} of ${name} does not exist: publish it first or pick an existing version`);
  }
  if (
    (inputs.canaryWeight !== undefined || inputs.bake) &&
    inputs.version &&
    existingAlias?.version === inputs.version &&
    !dropsHeldSplit(inputs, existingAlias)
  ) {
    throw new ActionFailure(
      `alias ${inputs.alias} already points at version ${inputs.version}: a ${inputs.bake ? 'bake' : 'canary'} needs a different version`,
    );
  }
  return existingAlias;
}

/**
 * version given as the alias's own primary version while the alias is split
 * (a held bake, or a canary): the roll back of that split, to 100% on it with
 * no routing; with traffic-steps too, rather than a bake of a version against itself.
 */
function dropsHeldSplit(inputs: Inputs, existing: AliasState): boolean {
  return inputs.canaryWeight === undefined && inputs.version === existing.version && Object.keys(existing.weights).length > 0;
}

function planDryRun(
  { inputs, name, log, result }: Deploy,
  fn: FunctionState,
  existingAlias: AliasState | undefined,
  code?: CodeUpdate,
  localSha?: string,
  configStep?: string,
  pruneStep?: string,
): DeployResult {
  result.codeSha256 ??= fn.codeSha256;
  if (code)
    result.steps.push(
      `would update the code of ${name} from ${SOURCE_INPUT[inputs.source.kind]}${localSha ? ` (CodeSha256 ${localSha}${localSha === fn.codeSha256 ? ', unchanged' : ''})` : ''}`,
    );
  if (configStep) result.steps.push(configStep);
  if ((code || configStep) && inputs.publish) result.steps.push('would publish a new version');
  if (inputs.alias)
    result.steps.push(
      existingAlias && dropsHeldSplit(inputs, existingAlias)
        ? `would roll alias ${inputs.alias} back to version ${inputs.version} (100%), dropping the held split (${describeAlias(existingAlias)})`
        : inputs.bake
          ? `would shift alias ${inputs.alias} to the new version in steps (${inputs.bake.steps.map((s) => `${s.weight}%`).join(', ')}, then ${inputs.bake.hold ? 'hold the split' : '100%'}), judging each window`
          : `would ${existingAlias ? 'update' : 'create'} alias ${inputs.alias}${inputs.canaryWeight !== undefined ? ` with ${formatShare(inputs.canaryWeight)} of traffic on the new version` : ''}`,
    );
  if (pruneStep) result.steps.push(pruneStep);
  for (const step of result.steps) log.info(`Dry run: ${step}`);
  log.info('Dry run: checks passed, nothing was changed');
  return result;
}

async function updateCode(deploy: Deploy, fn: FunctionState, code: CodeUpdate): Promise<void> {
  const { inputs, name, api, log, timing, result, retry } = deploy;
  await deploy.phase(`Updating the code of ${name}`, async () => {
    if (fn.lastUpdateStatus === 'InProgress' || fn.state === 'Pending') await deploy.idle('Before updating');
    const started = timing.clock.now();
    const architectures = inputs.architectures ? [inputs.architectures] : undefined;
    const updated = await retry('UpdateFunctionCode', (signal) => api.updateCode(name, code, architectures, signal));
    result.codeSha256 = updated.codeSha256 ?? result.codeSha256;
    log.info(`UpdateFunctionCode accepted (CodeSha256 ${updated.codeSha256}); polling every ${formatDuration(inputs.pollIntervalMs)}`);
    const { state, polls } = await waitForUpdate(name, { api, log, timing });
    result.updateSeconds = Math.round(timing.clock.now() - started) / 1000;
    result.lastUpdateStatus = state.lastUpdateStatus;
    result.resolvedImageUri = state.resolvedImageUri;
    if (state.lastUpdateStatus === 'Failed') {
      throw new ActionFailure(
        `The update of ${name} failed: ${state.lastUpdateStatusReason ?? 'no reason given'} (${state.lastUpdateStatusReasonCode ?? 'no reason code'})`,
      );
    }
    if (updated.codeSha256 && state.codeSha256 && state.codeSha256 !== updated.codeSha256) {
      throw new ActionFailure(
        `The code of ${name} changed while waiting (CodeSha256 ${state.codeSha256}, ours ${updated.codeSha256}): another deploy overwrote it; not publishing it under this run's name`,
      );
    }
    result.steps.push(`updated the code (${formatDuration(result.updateSeconds * 1000)}, ${polls} polls)`);
    log.info(`Update ${state.lastUpdateStatus} after ${formatDuration(result.updateSeconds * 1000)}`);
  });
}

async function publishVersion({ inputs, name, api, log, timing, result, retry, phase }: Deploy): Promise<void> {
  await phase('Publishing a version', async () => {
    // The CodeSha256 guard: Lambda refuses to publish if the code is no longer what we deployed.
    const published = await retry('PublishVersion', (signal) =>
      api.publishVersion(name, result.codeSha256, inputs.versionDescription, signal),
    );
    result.version = published.version;
    result.versionArn = `${result.functionArn}:${published.version}`;
    log.info(`Published version ${published.version} (State ${published.state ?? 'unknown'})`);
    if (published.state !== 'Active') await waitForVersionActive(name, published.version, { api, log, timing });
    result.steps.push(`published version ${published.version}`);
  });
}

async function pointAlias(deploy: Deploy, existingAlias: AliasState | undefined): Promise<void> {
  const { inputs, name, api, log, result, phase } = deploy;
  const target = result.version ?? inputs.version;
  if (inputs.version) {
    result.version = inputs.version;
    result.versionArn = `${result.functionArn}:${inputs.version}`;
  }
  if (!inputs.alias || !target) return;
  const aliasName = inputs.alias;
  result.alias = await phase(`Pointing alias ${aliasName}`, async () => {
    let alias: AliasState;
    if (inputs.canaryWeight !== undefined && existingAlias) {
      const stable = existingAlias.version;
      if (stable === target)
        throw new ActionFailure(`alias ${aliasName} already points at version ${target}: a canary needs a different version`);
      alias = await guardedAliasWrite(deploy, existingAlias, stable, { [target]: inputs.canaryWeight });
      result.steps.push(`alias ${aliasName}: version ${stable} with ${formatShare(inputs.canaryWeight)} of traffic on version ${target}`);
    } else if (existingAlias && dropsHeldSplit(inputs, existingAlias)) {
      alias = await guardedAliasWrite(deploy, existingAlias, target, {});
      result.rolledBackHold = true;
      result.steps.push(
        `alias ${aliasName}: rolled back to version ${target} (100%); the held split (${describeAlias(existingAlias)}) dropped`,
      );
    } else if (existingAlias) {
      alias = await guardedAliasWrite(deploy, existingAlias, target, {});
      result.steps.push(`alias ${aliasName}: version ${existingAlias.version} -> ${target}`);
    } else {
      alias = await aliasWriter(api, name, aliasName, { sleep: deploy.time.sleep, log }).create(target, deploy.timing.callSignal());
      result.steps.push(`created alias ${aliasName} -> version ${target}`);
    }
    log.info(`Alias ${aliasName} now points at version ${alias.version}${weightsText(alias.weights)}`);
    return alias;
  });
}

/**
 * UpdateAlias with the RevisionId read before it (alias/writer.ts): if
 * someone else moved the alias meanwhile (another run's promote or rollback),
 * the write is refused and this run stops, saying what the alias points at now.
 */
export async function guardedAliasWrite(
  { inputs, name, api, log, time, timing }: Deploy,
  before: AliasState,
  version: string,
  weights: Record<string, number>,
): Promise<AliasState> {
  const aliasName = before.name || (inputs.alias as string);
  try {
    return await aliasWriter(api, name, aliasName, { sleep: time.sleep, log }).write(
      version,
      weights,
      before.revisionId,
      timing.callSignal(),
    );
  } catch (err) {
    if (!(err instanceof AliasChangedError)) throw err;
    throw new ActionFailure(
      `alias ${aliasName} of ${name} was changed by someone else after this run read it (RevisionId ${before.revisionId ?? 'unknown'}): ` +
        `it now points at ${err.now ? describeAlias(err.now) : 'nothing (it was deleted)'}. Not overwriting it; run again to deploy over the new state.`,
    );
  }
}
