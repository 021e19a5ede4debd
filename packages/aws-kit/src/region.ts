import { InputError, type Env } from '@mlship/action-kit';

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/**
 * The region from the `aws-region` input, else AWS_REGION, else
 * AWS_DEFAULT_REGION (what configure-aws-credentials exports).
 */
export function resolveRegion(input: string | undefined, env: Env = process.env): string {
  const fromInput = input?.trim();
  const region = fromInput || env['AWS_REGION']?.trim() || env['AWS_DEFAULT_REGION']?.trim();
  if (!region) {
    throw new InputError(
      'aws-region',
      'is not set and neither AWS_REGION nor AWS_DEFAULT_REGION is in the environment',
      'aws-region: us-east-1 (or run aws-actions/configure-aws-credentials first)',
    );
  }
  if (!REGION_PATTERN.test(region)) {
    throw new InputError(
      fromInput ? 'aws-region' : 'aws-region (from AWS_REGION)',
      `is not an AWS region: '${region}'`,
      'aws-region: eu-west-1',
    );
  }
  return region;
}
