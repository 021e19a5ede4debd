/** Names shared by main and post, kept in one place: state (state.ts, which the post step loads alone), outputs, inputs. */
export { STATE } from './state';

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;
export type GateSeverity = (typeof SEVERITIES)[number];

export const CACHE_MODES = ['none', 'registry', 'gha'] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

export const MUTABILITY = ['MUTABLE', 'IMMUTABLE'] as const;
export type Mutability = (typeof MUTABILITY)[number];

/** The tag that holds the registry build cache (cache: registry). */
export const CACHE_TAG = 'buildcache';

/** The outputs action.yml declares besides `report` (test/bundle/names.test.ts checks they agree). */
export const OUTPUTS = [
  'registry',
  'image-uri',
  'image-uri-digest',
  'digest',
  'tags',
  'skipped',
  'lambda-compatible',
  'platform-digests',
  'scan-findings',
] as const;
export type Output = (typeof OUTPUTS)[number];

/** The inputs action.yml declares (test/bundle/names.test.ts checks they agree, and that the code reads each). */
export const INPUTS = [
  'repository',
  'aws-region',
  'registry-id',
  'context',
  'file',
  'build-args',
  'target',
  'secrets',
  'secret-envs',
  'secret-files',
  'ssh',
  'build-contexts',
  'no-cache',
  'pull',
  'network',
  'labels',
  'oci-labels',
  'platforms',
  'provenance',
  'sbom',
  'tags',
  'push',
  'create-repository',
  'image-tag-mutability',
  'scan-on-push',
  'skip-if-exists',
  'cache',
  'cache-from',
  'cache-to',
  'scan',
  'fail-on-severity',
  'scan-timeout',
  'logout',
] as const;
export type Input = (typeof INPUTS)[number];
