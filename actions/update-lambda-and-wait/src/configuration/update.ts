/**
 * Configuration with the code: environment variables merged into the ones
 * the function has (never a wipe), memory, timeout, description and, for
 * image functions, ImageConfig. Runs after the code update and before
 * publishing, each waited for, so the published version carries both.
 *
 * Environment values may be secrets: they are masked before anything runs
 * (main.ts), and here only names are logged or reported. An AWS error about
 * the variables can quote them all (the 4 KB error prints "String measured:"
 * and the JSON of the map), so such messages are redacted before they go
 * anywhere.
 */
import { ActionFailure, nameList } from '@mlship/action-kit';
import type { ConfigurationApi, ConfigurationChanges, ConfigurationUpdate, CurrentConfiguration } from './api';
import { ENVIRONMENT_LIMIT_BYTES, environmentBytes, hasConfiguration, type ConfigurationInputs } from './inputs';
import type { FunctionState, LambdaApi } from '../lambda-api';
import type { Deploy } from '../deploy/types';
import { planSettings, tagsToWrite } from '../deploy/function-settings';
import { waitForUpdate } from '../deploy/wait';

export interface ConfigurationPlan {
  update: ConfigurationUpdate;
  changes: ConfigurationChanges;
  /** Lines for the log: settings as `name: old → new`, variables by name. */
  lines: string[];
  /** -KEY lines for variables the function did not have. */
  notPresent: string[];
}

/** Refuses, before anything changes, what the function cannot take: ImageConfig on a Zip function. */
export function checkConfigurationFits(fn: FunctionState, wanted: ConfigurationInputs): void {
  if (wanted.image && fn.packageType !== 'Image') {
    const given = [
      wanted.image.command ? 'image-command' : undefined,
      wanted.image.entryPoint ? 'image-entrypoint' : undefined,
      wanted.image.workingDirectory !== undefined ? 'image-working-directory' : undefined,
    ].filter(Boolean);
    throw new ActionFailure(
      `function ${fn.name || fn.arn} is a Zip function: ${given.join(', ')} only apply to Image functions (ImageConfig); nothing was changed. Remove ${given.length === 1 ? 'it' : 'them'}, or set the handler of a Zip function in its runtime settings.`,
    );
  }
  const settings = wanted.settings ?? {};
  const zipOnly = [settings.runtime ? 'runtime' : '', settings.handler ? 'handler' : '', settings.layers ? 'layers' : ''].filter(Boolean);
  if (fn.packageType === 'Image' && zipOnly.length > 0) {
    throw new ActionFailure(
      `function ${fn.name || fn.arn} is an Image function: ${zipOnly.join(', ')} only apply to Zip functions; nothing was changed. Remove ${zipOnly.length === 1 ? 'it' : 'them'}, or use image-command for the handler.`,
    );
  }
}

const sameList = (a: string[] | undefined, b: string[] | undefined): boolean => JSON.stringify(a ?? []) === JSON.stringify(b ?? []);

/** Environment variables merged into the ones the function has (never a wipe), within Lambda's 4 KB. */
function planEnvironment(
  current: CurrentConfiguration,
  environment: NonNullable<ConfigurationInputs['environment']>,
  { update, changes, lines, notPresent }: ConfigurationPlan,
): void {
  const merged = { ...current.variables };
  const env = { added: [] as string[], changed: [] as string[], removed: [] as string[] };
  for (const [key, value] of Object.entries(environment.set)) {
    if (!(key in merged)) env.added.push(key);
    else if (merged[key] !== value) env.changed.push(key);
    merged[key] = value;
  }
  for (const key of environment.remove) {
    if (key in merged) {
      delete merged[key];
      env.removed.push(key);
    } else notPresent.push(key);
  }
  if (env.added.length + env.changed.length + env.removed.length > 0) {
    const size = environmentBytes(merged);
    if (size > ENVIRONMENT_LIMIT_BYTES) {
      throw new ActionFailure(
        `the environment variables would be ${size} bytes with the ${Object.keys(current.variables).length} the function has, over Lambda's limit of ${ENVIRONMENT_LIMIT_BYTES} bytes (the JSON of all variables); nothing was changed. Remove some with -KEY lines, or keep large settings in SSM Parameter Store.`,
      );
    }
    update.Environment = { Variables: merged };
    changes.changed.push('environment');
    changes.environment = env;
    const kept = Object.keys(merged).length - env.added.length - env.changed.length;
    lines.push(
      `environment: ${[
        env.added.length ? `added ${env.added.join(', ')}` : '',
        env.changed.length ? `changed ${env.changed.join(', ')}` : '',
        env.removed.length ? `removed ${env.removed.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ')} (${kept === 1 ? '1 other variable kept as it was' : `${kept} other variables kept as they were`})`,
    );
  }
}

/** The one UpdateFunctionConfiguration call that turns `current` into what was asked; pure. */
export function planConfiguration(current: CurrentConfiguration, wanted: ConfigurationInputs): ConfigurationPlan {
  const update: ConfigurationUpdate = {};
  const changes: ConfigurationChanges = { changed: [] };
  const lines: string[] = [];
  const notPresent: string[] = [];
  if (wanted.environment) planEnvironment(current, wanted.environment, { update, changes, lines, notPresent });
  if (wanted.memorySize !== undefined && wanted.memorySize !== current.memorySize) {
    update.MemorySize = wanted.memorySize;
    changes.changed.push('memory-size');
    lines.push(`memory-size: ${current.memorySize ?? '?'} → ${wanted.memorySize} MB`);
  }
  if (wanted.timeoutSeconds !== undefined && wanted.timeoutSeconds !== current.timeoutSeconds) {
    update.Timeout = wanted.timeoutSeconds;
    changes.changed.push('timeout');
    lines.push(`timeout: ${current.timeoutSeconds ?? '?'} → ${wanted.timeoutSeconds} s`);
  }
  if (wanted.description !== undefined && wanted.description !== (current.description ?? '')) {
    update.Description = wanted.description;
    changes.changed.push('description');
    lines.push('description: changed');
  }
  if (wanted.image) {
    const image = current.image;
    const next = {
      command: wanted.image.command ?? image.command,
      entryPoint: wanted.image.entryPoint ?? image.entryPoint,
      workingDirectory: wanted.image.workingDirectory ?? image.workingDirectory,
    };
    const fields: string[] = [];
    if (!sameList(next.command, image.command)) fields.push('image-command');
    if (!sameList(next.entryPoint, image.entryPoint)) fields.push('image-entrypoint');
    if ((next.workingDirectory ?? '') !== (image.workingDirectory ?? '')) fields.push('image-working-directory');
    if (fields.length > 0) {
      // ImageConfig is replaced as a whole: the fields not asked for are sent as they are.
      update.ImageConfig = {
        ...(next.command ? { Command: next.command } : {}),
        ...(next.entryPoint ? { EntryPoint: next.entryPoint } : {}),
        ...(next.workingDirectory !== undefined ? { WorkingDirectory: next.workingDirectory } : {}),
      };
      changes.changed.push(...fields);
      lines.push(`${fields.join(', ')}: changed`);
    }
  }
  if (wanted.settings) {
    const settings = planSettings(current.settings ?? {}, wanted.settings);
    Object.assign(update, settings.update);
    changes.changed.push(...settings.changed);
    for (const name of settings.changed) lines.push(`${name}: changed`);
  }
  return { update, changes, lines, notPresent };
}

/**
 * An AWS message about the variables with every value taken out: Lambda's
 * size error quotes the whole map after "String measured:".
 */
export function redactValues(message: string, values: string[]): string {
  let text = message.replace(/String measured:[\s\S]*/i, 'String measured: (not shown: it holds the variable values)');
  for (const value of [...values].filter((v) => v.length >= 3).sort((a, b) => b.length - a.length)) text = text.split(value).join('***');
  return text;
}

/** The same error, its message redacted; name and metadata kept so it is retried or not as before. */
function redacted(err: unknown, values: string[]): unknown {
  if (err instanceof Error) err.message = redactValues(err.message, values);
  return err;
}

function summaryLine(changes: ConfigurationChanges): string {
  const env = changes.environment;
  const parts = changes.changed.map((name) =>
    name === 'environment' && env
      ? `environment (${[
          env.added.length ? `added ${nameList(env.added)}` : '',
          env.changed.length ? `changed ${nameList(env.changed)}` : '',
          env.removed.length ? `removed ${nameList(env.removed)}` : '',
        ]
          .filter(Boolean)
          .join('; ')})`
      : name,
  );
  return parts.join(', ');
}

/** Reads the configuration and plans the change, for a dry run: the step it would do, or undefined when nothing would change. */
export async function dryRunConfiguration(deploy: Deploy, config: ConfigurationApi): Promise<string | undefined> {
  const { inputs, name, retry, result } = deploy;
  if (!hasConfiguration(inputs.configuration ?? {})) return undefined;
  const current = await retry('GetFunctionConfiguration', (signal) => config.getConfiguration(name, signal));
  const plan = planConfiguration(current, inputs.configuration ?? {});
  result.configuration = plan.changes;
  const tags = Object.keys(
    tagsToWrite(await retry('GetFunction', (signal) => config.getTags(name, signal)), inputs.configuration?.settings?.tags),
  );
  const steps = [
    plan.changes.changed.length > 0 ? `would update the configuration: ${summaryLine(plan.changes)}` : '',
    tags.length > 0 ? `would tag the function: ${nameList(tags)}` : '',
  ].filter(Boolean);
  return steps.length > 0 ? steps.join('; ') : undefined;
}

/** TagResource with the given tags that differ; tags are the function's, not a version's, so this never publishes. */
async function updateTags(deploy: Deploy, config: ConfigurationApi): Promise<void> {
  const { inputs, name, log, result, retry } = deploy;
  const wanted = inputs.configuration?.settings?.tags;
  if (!wanted) return;
  const changed = tagsToWrite(await retry('GetFunction', (signal) => config.getTags(name, signal)), wanted);
  const keys = Object.keys(changed);
  if (keys.length === 0) return log.info('tags: already as asked');
  await retry('TagResource', (signal) => config.tag(result.functionArn ?? name, changed, signal));
  log.info(`tags: set ${keys.join(', ')}`);
  result.steps.push(`tagged the function: ${nameList(keys)}`);
}

/**
 * Updates the configuration and waits until LastUpdateStatus is Successful.
 * Returns whether anything changed (when nothing did, no call is made).
 */
export async function updateConfiguration(deploy: Deploy, config: ConfigurationApi): Promise<boolean> {
  const { inputs, name, api, log, timing, result, retry } = deploy;
  return deploy.phase(`Updating the configuration of ${name}`, async () => {
    const current = await retry('GetFunctionConfiguration', (signal) => config.getConfiguration(name, signal));
    const plan = planConfiguration(current, inputs.configuration ?? {});
    result.configuration = plan.changes;
    for (const key of plan.notPresent) log.info(`environment: -${key}: the function has no variable ${key}; nothing to remove`);
    await updateTags(deploy, config);
    if (plan.changes.changed.length === 0) {
      log.info('The configuration is already as asked: nothing to update');
      return false;
    }
    for (const line of plan.lines) log.info(line);
    if (current.lastUpdateStatus === 'InProgress') await deploy.idle('Before updating the configuration');
    const values = [...Object.values(current.variables), ...Object.values(plan.update.Environment?.Variables ?? {})];
    const started = timing.clock.now();
    await retry('UpdateFunctionConfiguration', (signal) =>
      config.updateConfiguration(name, plan.update, signal).catch((err: unknown) => {
        throw redacted(err, values);
      }),
    );
    // The reason of a failed update can quote a value; every poll's state (also the debug line) is redacted.
    const redactedApi: LambdaApi = {
      ...api,
      getFunction: async (fn, signal) => {
        const state = await api.getFunction(fn, signal);
        return state.lastUpdateStatusReason
          ? { ...state, lastUpdateStatusReason: redactValues(state.lastUpdateStatusReason, values) }
          : state;
      },
    };
    const { state, polls } = await waitForUpdate(name, { api: redactedApi, log, timing });
    result.lastUpdateStatus = state.lastUpdateStatus;
    if (state.lastUpdateStatus === 'Failed') {
      throw new ActionFailure(
        `The configuration update of ${name} failed: ${state.lastUpdateStatusReason ?? 'no reason given'} (${state.lastUpdateStatusReasonCode ?? 'no reason code'})`,
      );
    }
    const seconds = Math.round(timing.clock.now() - started) / 1000;
    result.steps.push(`updated the configuration: ${summaryLine(plan.changes)} (${seconds} s, ${polls} polls)`);
    return true;
  });
}
