import type { BuildReport, LambdaReport } from '@mlship/action-kit';

/** AWS console links, used when a report did not carry its own. */
function consoleHost(region: string): string {
  return region.startsWith('cn-') ? `${region}.console.amazonaws.cn` : `${region}.console.aws.amazon.com`;
}

export function ecrImageUrl(build: BuildReport): string | undefined {
  const account = build.registry?.split('.')[0];
  // The report's own link is to the repository; the image page is one click closer.
  if (!build.region || !account || !build.digest) return build.consoleUrl;
  const repo = encodeURIComponent(build.repository);
  return `https://${consoleHost(build.region)}/ecr/repositories/private/${account}/${repo}/_/image/${build.digest}/details?region=${build.region}`;
}

export function lambdaVersionUrl(deploy: LambdaReport): string | undefined {
  const region = deploy.region ?? deploy.functionArn?.split(':')[3];
  const published = deploy.version !== undefined && deploy.version !== '$LATEST';
  // The report's own link is to the function; the version page is one click closer.
  if (!region || (!published && deploy.consoleUrl)) return deploy.consoleUrl;
  const fn = encodeURIComponent(deploy.functionName);
  const version = published ? `/versions/${deploy.version}` : '';
  return `https://${consoleHost(region)}/lambda/home?region=${region}#/functions/${fn}${version}?tab=code`;
}
