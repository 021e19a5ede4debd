/** build-and-push-ecr's report: the image pushed (or reused), its tags and its scan. */
import type { ReportBase } from './base';
import { bool, list, num, obj, oneOf, opt, str, type FieldsOf } from './schema';

export type Severity = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL' | 'UNDEFINED';

export interface BuildReport extends ReportBase<'build-and-push-ecr'> {
  /** The commit the image is tagged and labelled with ({sha}: on pull requests the head commit, not GitHub's merge commit). */
  commit?: string;
  region?: string;
  registry?: string;
  repository: string;
  imageUri?: string;
  imageUriDigest?: string;
  digest?: string;
  mediaType?: string;
  sizeBytes?: number;
  tags: string[];
  /** Tags not moved because the repository is IMMUTABLE. */
  tagsNotMoved?: string[];
  pushed: boolean;
  skipped: boolean;
  skipReason?: string;
  scan?: { status: string; findings: Partial<Record<Severity, number>>; threshold?: Severity; passed: boolean };
  consoleUrl?: string;
  /** `buildx`, or `docker` when buildx was missing and the classic builder was used. */
  builder?: 'buildx' | 'docker';
  /** True when this run created the repository (create-repository: true). */
  createdRepository?: boolean;
  /** False for a multi-platform image index, which Lambda cannot run; true for a single image. */
  lambdaCompatible?: boolean;
  /** For an index: each platform's image digest. */
  platforms?: Array<{ platform: string; digest: string }>;
}

export const BUILD_FIELDS: FieldsOf<BuildReport> = {
  commit: str,
  region: str,
  registry: str,
  repository: 'string',
  imageUri: str,
  imageUriDigest: str,
  digest: str,
  mediaType: str,
  sizeBytes: num,
  tags: list('string'),
  tagsNotMoved: opt(list('string')),
  pushed: 'boolean',
  skipped: 'boolean',
  skipReason: str,
  scan: opt(obj({ status: 'string', findings: { record: 'number' }, threshold: str, passed: 'boolean' })),
  consoleUrl: str,
  builder: opt(oneOf('buildx', 'docker')),
  createdRepository: bool,
  lambdaCompatible: bool,
  platforms: opt(list(obj({ platform: 'string', digest: 'string' }))),
};
