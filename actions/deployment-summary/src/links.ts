/**
 * AWS console links, built only from parts that pass AWS's own rules: a
 * report is untrusted text (another job's, a fork's, a hand-made one), and a
 * region such as `us-east-1.evil.example#` would otherwise point a live link
 * anywhere. A report's own `consoleUrl` is never used: we rebuild the link
 * or show none.
 */
import type { BuildReport, LambdaReport } from '@mlship/action-kit';

/** AWS partitions' region names: us-east-1, eu-central-2, us-gov-west-1, cn-north-1, us-isob-east-1. */
const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
const ACCOUNT = /^\d{12}$/;
/** ECR repository names (CreateRepository's pattern), at most 256 characters. */
const ECR_REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const VERSION = /^[1-9]\d{0,9}$/;
const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})(?::[A-Za-z0-9_$-]+)?$/;
const REGISTRY = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;

export function validRegion(region: unknown): region is string {
  return typeof region === 'string' && REGION.test(region);
}

function consoleHost(region: string): string {
  return region.startsWith('cn-') ? `${region}.console.amazonaws.cn` : `${region}.console.aws.amazon.com`;
}

/** The image's page (or the repository's, without a digest); undefined unless every part is valid. */
export function ecrImageUrl(build: BuildReport): string | undefined {
  const registry = typeof build.registry === 'string' ? REGISTRY.exec(build.registry) : null;
  const account = registry?.[1];
  const region = build.region ?? registry?.[2];
  if (!account || !ACCOUNT.test(account) || !validRegion(region) || (registry?.[2] && registry[2] !== region)) return undefined;
  const repository = build.repository;
  if (typeof repository !== 'string' || repository.length > 256 || !ECR_REPOSITORY.test(repository)) return undefined;
  const base = `https://${consoleHost(region)}/ecr/repositories/private/${account}/${encodeURIComponent(repository)}`;
  if (typeof build.digest === 'string' && DIGEST.test(build.digest)) return `${base}/_/image/${build.digest}/details?region=${region}`;
  return `${base}?region=${region}`;
}

/** The published version's page (or the function's); undefined unless every part is valid. */
export function lambdaVersionUrl(deploy: LambdaReport): string | undefined {
  const arn = typeof deploy.functionArn === 'string' ? FUNCTION_ARN.exec(deploy.functionArn) : null;
  const region = deploy.region ?? arn?.[1];
  const name = arn?.[3] ?? deploy.functionName;
  if (!validRegion(region) || (arn && arn[1] !== region) || typeof name !== 'string' || !FUNCTION_NAME.test(name)) return undefined;
  const version = typeof deploy.version === 'string' && VERSION.test(deploy.version) ? `/versions/${deploy.version}` : '';
  return `https://${consoleHost(region)}/lambda/home?region=${region}#/functions/${name}${version}?tab=code`;
}
