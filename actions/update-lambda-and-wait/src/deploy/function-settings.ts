/**
 * The settings a new function is created with, which an existing one gets
 * with its code when they are given: role, runtime, handler, layers,
 * ephemeral storage, VPC (UpdateFunctionConfiguration) and tags (TagResource,
 * not part of a version). Read and checked before any network call.
 */
import { InputError, type InputReader } from '@mlship/action-kit';

export interface FunctionSettings {
  role?: string;
  runtime?: string;
  handler?: string;
  layers?: string[];
  ephemeralStorageMb?: number;
  vpc?: { subnetIds: string[]; securityGroupIds: string[] };
  tags?: Record<string, string>;
}

/** What the function has of these settings now, from its configuration (tags are read apart: GetFunction). */
export type CurrentSettings = Omit<FunctionSettings, 'tags'>;

/** The UpdateFunctionConfiguration fields these settings map to (absent ones are not sent). */
export interface SettingsUpdate {
  Role?: string;
  Runtime?: string;
  Handler?: string;
  Layers?: string[];
  EphemeralStorage?: { Size: number };
  VpcConfig?: { SubnetIds: string[]; SecurityGroupIds: string[] };
}

const ROLE = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const RUNTIME = /^[a-z][a-z0-9.]{1,30}$/;
const LAYER = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[a-zA-Z0-9_-]{1,140}:\d+$/;
const SUBNET = /^subnet-[0-9a-f]{8,17}$/;
const SECURITY_GROUP = /^sg-[0-9a-f]{8,17}$/;
const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+@-]{1,128}$/u;
const MAX_LAYERS = 5;

function ids(reader: InputReader, name: string, pattern: RegExp, example: string): string[] | undefined {
  if (!reader.has(name)) return undefined;
  const list = reader.list(name);
  const bad = list.find((id) => !pattern.test(id));
  if (bad !== undefined) throw new InputError(name, `'${bad}' is not a valid id`, example);
  return list;
}

function readTags(reader: InputReader): Record<string, string> | undefined {
  if (!reader.has('tags')) return undefined;
  const example = 'tags: |\n  team=ml\n  service=sentiment';
  const tags = reader.map('tags', { style: 'equals', example });
  for (const [key, value] of Object.entries(tags)) {
    if (!TAG_KEY.test(key))
      throw new InputError('tags', `'${key}' is not a valid tag key (1 to 128 characters, not starting with aws:)`, example);
    if (value.length > 256)
      throw new InputError('tags', `the value of ${key} is ${value.length} characters; AWS allows at most 256`, example);
  }
  if (Object.keys(tags).length > 50) throw new InputError('tags', `has ${Object.keys(tags).length} tags; AWS allows at most 50`, example);
  return tags;
}

/** Reads and checks the settings inputs; undefined fields are left as they are. */
export function readFunctionSettings(reader: InputReader): FunctionSettings {
  const role = reader.string('role');
  if (role !== undefined && !ROLE.test(role))
    throw new InputError('role', `is not an IAM role ARN: '${role}'`, 'role: arn:aws:iam::123456789012:role/lambda-exec');
  const runtime = reader.string('runtime');
  if (runtime !== undefined && !RUNTIME.test(runtime))
    throw new InputError('runtime', `is not a Lambda runtime identifier: '${runtime}'`, 'runtime: python3.12');
  const handler = reader.string('handler');
  if (handler !== undefined && (handler.length > 128 || /\s/.test(handler)))
    throw new InputError('handler', 'must be at most 128 characters with no spaces', 'handler: app.handler');
  let layers: string[] | undefined;
  if (reader.has('layers')) {
    const example = 'layers: |\n  arn:aws:lambda:us-east-1:123456789012:layer:numpy:3';
    layers = reader.list('layers', { separator: 'newline' });
    const bad = layers.find((arn) => !LAYER.test(arn));
    if (bad !== undefined) throw new InputError('layers', `'${bad}' is not a layer version ARN (ending in :VERSION)`, example);
    if (layers.length > MAX_LAYERS)
      throw new InputError('layers', `has ${layers.length} layers; Lambda allows at most ${MAX_LAYERS}`, example);
  }
  const ephemeralStorageMb = reader.integer('ephemeral-storage', { min: 512, max: 10_240, example: 'ephemeral-storage: 2048' });
  const subnetIds = ids(reader, 'vpc-subnet-ids', SUBNET, 'vpc-subnet-ids: subnet-0abc1234def567890,subnet-0123456789abcdef0');
  const securityGroupIds = ids(reader, 'vpc-security-group-ids', SECURITY_GROUP, 'vpc-security-group-ids: sg-0abc1234def567890');
  if ((subnetIds === undefined) !== (securityGroupIds === undefined)) {
    const missing = subnetIds === undefined ? 'vpc-subnet-ids' : 'vpc-security-group-ids';
    throw new InputError(
      missing,
      'is missing: a VPC configuration needs both subnets and security groups',
      'vpc-subnet-ids: subnet-0abc1234def567890\nvpc-security-group-ids: sg-0abc1234def567890',
    );
  }
  const tags = readTags(reader);
  return {
    ...(role !== undefined ? { role } : {}),
    ...(runtime !== undefined ? { runtime } : {}),
    ...(handler !== undefined ? { handler } : {}),
    ...(layers ? { layers } : {}),
    ...(ephemeralStorageMb !== undefined ? { ephemeralStorageMb } : {}),
    ...(subnetIds && securityGroupIds ? { vpc: { subnetIds, securityGroupIds } } : {}),
    ...(tags ? { tags } : {}),
  };
}

const sameSet = (a: string[] | undefined, b: string[] | undefined): boolean =>
  JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...(b ?? [])].sort());

/** The fields that differ from what the function has, with the input names that changed; pure. Tags are not here (TagResource). */
export function planSettings(current: CurrentSettings, wanted: FunctionSettings): { update: SettingsUpdate; changed: string[] } {
  const update: SettingsUpdate = {};
  const changed: string[] = [];
  if (wanted.role !== undefined && wanted.role !== current.role) {
    update.Role = wanted.role;
    changed.push('role');
  }
  if (wanted.runtime !== undefined && wanted.runtime !== current.runtime) {
    update.Runtime = wanted.runtime;
    changed.push('runtime');
  }
  if (wanted.handler !== undefined && wanted.handler !== current.handler) {
    update.Handler = wanted.handler;
    changed.push('handler');
  }
  // Layer order matters to Lambda (later layers override earlier files).
  if (wanted.layers && JSON.stringify(wanted.layers) !== JSON.stringify(current.layers ?? [])) {
    update.Layers = wanted.layers;
    changed.push('layers');
  }
  if (wanted.ephemeralStorageMb !== undefined && wanted.ephemeralStorageMb !== (current.ephemeralStorageMb ?? 512)) {
    update.EphemeralStorage = { Size: wanted.ephemeralStorageMb };
    changed.push('ephemeral-storage');
  }
  if (
    wanted.vpc &&
    (!sameSet(wanted.vpc.subnetIds, current.vpc?.subnetIds) || !sameSet(wanted.vpc.securityGroupIds, current.vpc?.securityGroupIds))
  ) {
    update.VpcConfig = { SubnetIds: wanted.vpc.subnetIds, SecurityGroupIds: wanted.vpc.securityGroupIds };
    changed.push('vpc');
  }
  return { update, changed };
}

/** The tags to write: those given whose value differs from the function's (TagResource adds or overwrites, never removes). */
export function tagsToWrite(
  current: Record<string, string> | undefined,
  wanted: Record<string, string> | undefined,
): Record<string, string> {
  return Object.fromEntries(Object.entries(wanted ?? {}).filter(([key, value]) => current?.[key] !== value));
}
