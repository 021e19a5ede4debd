/** Names shared by main and post, kept in one place. */
export const STATE = {
  registry: 'registry',
  logout: 'logout',
} as const;

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
