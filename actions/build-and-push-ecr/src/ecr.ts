import type { Severity } from '@mlship/action-kit';
import type { Mutability } from './names';
import type { PushedManifest } from './manifest';

export interface Authorization {
  username: string;
  password: string;
  /** Registry host, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com`. */
  registry: string;
}

export interface Repository {
  name: string;
  uri: string;
  registryId: string;
  mutability: Mutability;
  scanOnPush: boolean;
}

export interface ImageDetails {
  digest: string;
  sizeBytes?: number;
  tags: string[];
  pushedAt?: Date;
}

export type ScanState =
  | { kind: 'missing' }
  | { kind: 'in-progress'; status: string }
  | { kind: 'complete'; counts: Partial<Record<Severity, number>> }
  | { kind: 'failed'; status: string; reason: string };

/**
 * The ECR operations this action needs, as plain results. The SDK adapter
 * (ecr-sdk.ts) implements it; expected "not found" answers come back as
 * values, every other AWS error as an ActionFailure naming the IAM action.
 */
export interface Ecr {
  authorize(registryId: string | undefined): Promise<Authorization>;
  describeRepository(name: string, registryId: string | undefined): Promise<Repository | undefined>;
  createRepository(
    name: string,
    options: { mutability: Mutability; scanOnPush: boolean },
    registryId: string | undefined,
  ): Promise<Repository>;
  /** tag -> digest for the tags that exist. */
  tagDigests(repo: Repository, tags: string[]): Promise<Map<string, string>>;
  manifest(repo: Repository, tag: string): Promise<PushedManifest | undefined>;
  imageDetails(repo: Repository, digest: string): Promise<ImageDetails | undefined>;
  scanState(repo: Repository, digest: string): Promise<ScanState>;
  /** Starts a basic scan; false when ECR says one already ran or is running. */
  startScan(repo: Repository, digest: string): Promise<boolean>;
}
