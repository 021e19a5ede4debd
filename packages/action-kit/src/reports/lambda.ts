/** update-lambda-and-wait's report: the version published, the alias, and the bake's timeline. */
import type { ReportBase } from './base';
import { bool, list, num, obj, oneOf, opt, str, type FieldsOf } from './schema';

export interface LambdaReport extends ReportBase<'update-lambda-and-wait'> {
  region?: string;
  functionName: string;
  functionArn?: string;
  packageType?: 'Image' | 'Zip';
  codeSource?: 'image' | 'zip' | 's3' | 'none';
  codeSha256?: string;
  resolvedImageUri?: string;
  version?: string;
  versionArn?: string;
  previousVersion?: string;
  alias?: { name: string; arn?: string; version: string; weights?: Record<string, number> };
  updateSeconds?: number;
  /** Seconds spent waiting for updates someone else had in progress. */
  waitedForOthersSeconds?: number;
  /** LastUpdateStatus when the action last looked (Successful, Failed, InProgress). */
  lastUpdateStatus?: string;
  /** What was done (or, in a dry run, would be done), in order. */
  steps?: string[];
  /** Set when the deploy failed: the step it stopped at, e.g. "pointing alias live" (earlier steps are in `steps`). */
  stoppedAt?: string;
  dryRun: boolean;
  consoleUrl?: string;
  /**
   * Configuration with the code (environment, memory-size, timeout, description, image-*): the
   * input names of the settings that changed, and the environment variables by name only
   * (values are never reported). Set when configuration inputs were given; `changed` is empty
   * when everything was already as asked.
   */
  configuration?: { changed: string[]; environment?: { added: string[]; changed: string[]; removed: string[] } };
  /** Progressive delivery (traffic-steps): set when a bake ran, one entry per analysis window. */
  bake?: BakeTimeline;
  /** True when the action itself put the alias back to the previous version. */
  rolledBack?: boolean;
  rollbackReason?: string;
  /** True when this run created the function (it did not exist). */
  created?: boolean;
  /** zip-file with s3-bucket: where the zip was staged (content-addressed key), and the bytes this run uploaded (0: already there). */
  s3Bucket?: string;
  s3Key?: string;
  uploadedBytes?: number;
  /** keep-versions: the versions this run deleted, oldest first. */
  deletedVersions?: string[];
}

/** One version's numbers in one analysis window (from CloudWatch, ExecutedVersion dimension). */
export interface BakeVersionStats {
  version: string;
  invocations: number;
  errors: number;
  /** errors / invocations, 0..1; absent when there were no invocations. */
  errorRate?: number;
  /** The percentile the latency rule uses, e.g. { stat: 'p99', ms: 812 }; absent without data. */
  latency?: { stat: string; ms: number };
}

/** inconclusive: its metrics or alarms could not be read (yet); it is read again, never counted healthy. */
export type BakeVerdict = 'healthy' | 'breach' | 'pending' | 'insufficient-traffic' | 'inconclusive';

/** The new version's error rate over its traffic step up to and including one window, and what it says. */
export interface BakeEvidence {
  invocations: number;
  errors: number;
  /** 0..1; absent without invocations. */
  rate?: number;
  /** The 95 % lower bound (of the rate, or of its difference to the previous version's), 0..1. */
  bound?: number;
  /** "3 errors in 90 invocations (3.3%); 95% lower bound 1.1% is under 2%: not yet conclusive" */
  sentence: string;
}

export interface BakeWindow {
  /** ISO 8601 start and end of the window (end exclusive). */
  start: string;
  end: string;
  /** 1-based index into `steps`. */
  step: number;
  /** Percent of the alias's traffic on the new version during this window (0..100). */
  weight: number;
  new: BakeVersionStats;
  previous?: BakeVersionStats;
  /** Alarms read during this window and their state (OK, ALARM, INSUFFICIENT_DATA). */
  alarms?: { name: string; state: string }[];
  verdict: BakeVerdict;
  /** Why, when the verdict is not healthy: "error rate 7.5% > 1% (3/40)". */
  reason?: string;
  /** With an error-rate rule: the evidence over the step so far, this window included. */
  evidence?: BakeEvidence;
  /** Custom metric rules (input `metrics`) in this window: the rule as written, its value (absent: no data), kept or not. */
  metrics?: { rule: string; value?: number; passed?: boolean }[];
}

export interface BakeTimeline {
  /** The steps as configured: percent and bake length in seconds. */
  steps: { weight: number; bakeSeconds: number }[];
  analysisIntervalSeconds: number;
  metricsDelaySeconds: number;
  /** The rules the windows were judged by, as written: "error rate <= 1%", "p99 <= previous +20%". */
  rules: string[];
  windows: BakeWindow[];
  /** probe-payload: the new version invoked directly; failures are errors of the new version. */
  probes?: { sent: number; failed: number; firstError?: string };
  /** Healthy windows left out of a long bake to keep the report within its budget (every unhealthy one and the latest stay). */
  omittedWindows?: number;
  /** The steps end in `hold` (`traffic-steps: 10%:5m, hold`): the bake ends holding its last split instead of taking 100%. */
  hold?: boolean;
  /** Set when the bake ended in its `hold` step: the split it holds on purpose (weight: percent on the new version). */
  heldSplit?: { newVersion: string; previousVersion: string; weight: number };
  /** A bake resumed from a held split (version set to the held version): the weight it started from; steps at or under it were skipped. */
  resumedFrom?: number;
  /** promoted: 100% on the new version; rolled-back; held (the `hold` step, see heldSplit, or on-failure: hold); cancelled; stopped (someone else changed the alias). */
  result: 'promoted' | 'rolled-back' | 'held' | 'cancelled' | 'stopped';
}

const STATS = obj({
  version: 'string',
  invocations: 'number',
  errors: 'number',
  errorRate: num,
  latency: opt(obj({ stat: 'string', ms: 'number' })),
});

const BAKE = obj({
  steps: list(obj({ weight: 'number', bakeSeconds: 'number' })),
  analysisIntervalSeconds: 'number',
  metricsDelaySeconds: 'number',
  rules: list('string'),
  windows: list(
    obj({
      start: 'string',
      end: 'string',
      step: 'number',
      weight: 'number',
      new: STATS,
      previous: opt(STATS),
      alarms: opt(list(obj({ name: 'string', state: 'string' }))),
      verdict: oneOf('healthy', 'breach', 'pending', 'insufficient-traffic', 'inconclusive'),
      reason: str,
      evidence: opt(obj({ invocations: 'number', errors: 'number', rate: num, bound: num, sentence: 'string' })),
      metrics: opt(list(obj({ rule: 'string', value: num, passed: bool }))),
    }),
  ),
  probes: opt(obj({ sent: 'number', failed: 'number', firstError: str })),
  omittedWindows: num,
  hold: bool,
  heldSplit: opt(obj({ newVersion: 'string', previousVersion: 'string', weight: 'number' })),
  resumedFrom: num,
  result: oneOf('promoted', 'rolled-back', 'held', 'cancelled', 'stopped'),
});

export const LAMBDA_FIELDS: FieldsOf<LambdaReport> = {
  region: str,
  functionName: 'string',
  functionArn: str,
  packageType: opt(oneOf('Image', 'Zip')),
  codeSource: opt(oneOf('image', 'zip', 's3', 'none')),
  codeSha256: str,
  resolvedImageUri: str,
  version: str,
  versionArn: str,
  previousVersion: str,
  alias: opt(obj({ name: 'string', arn: str, version: 'string', weights: opt({ record: 'number' }) })),
  updateSeconds: num,
  waitedForOthersSeconds: num,
  lastUpdateStatus: str,
  steps: opt(list('string')),
  stoppedAt: str,
  dryRun: 'boolean',
  consoleUrl: str,
  configuration: opt(
    obj({
      changed: list('string'),
      environment: opt(obj({ added: list('string'), changed: list('string'), removed: list('string') })),
    }),
  ),
  bake: opt(BAKE),
  rolledBack: bool,
  rollbackReason: str,
  created: bool,
  s3Bucket: str,
  s3Key: str,
  uploadedBytes: num,
  deletedVersions: opt(list('string')),
};
