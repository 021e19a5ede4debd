// The post-push check: the tags have already moved, so a passing ECR fault
// (throttling, 5xx) must be asked again within a small budget, not fail the step.
import { recordingLog, virtualTime } from '@mlship/action-kit';
import { ActionFailure } from '@mlship/action-kit';
import { TransientAwsFailure } from '@mlship/aws-kit';
import type { Ecr, Repository } from '../src/ecr';
import { verifyPush } from '../src/verify';

const repo: Repository = {
  name: 'model',
  uri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/model',
  registryId: '123456789012',
  mutability: 'MUTABLE',
  scanOnPush: false,
};
const DIGEST = `sha256:${'a'.repeat(64)}`;
const manifest = {
  digest: DIGEST,
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
  body: JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json', config: {}, layers: [] }),
};

function flakyEcr(failures: number, failure: () => Error) {
  let calls = 0;
  const ecr = {
    manifest: async () => {
      if (++calls <= failures) throw failure();
      return manifest;
    },
    tagDigests: async () => new Map<string, string>(),
    imageDetails: async () => ({ digest: DIGEST, sizeBytes: 10, tags: ['v1'] }),
  } as unknown as Ecr;
  return { ecr, calls: () => calls };
}

const blip = () => new TransientAwsFailure('BatchGetImage failed: ServiceUnavailableException: try later', 'transient');

it('asks again after a passing ECR fault and verifies the push', async () => {
  const time = virtualTime();
  const log = recordingLog();
  const { ecr, calls } = flakyEcr(2, blip);
  const verified = await verifyPush(ecr, repo, ['v1'], DIGEST, ['linux/amd64'], { log, ...time, timing: { verifyIntervalMs: 1000 } });
  expect(verified.digest).toBe(DIGEST);
  expect(calls()).toBe(3);
  expect(time.clock.now()).toBe(1000 + 2000);
  expect(log.lines.filter((l) => l.level === 'warning')).toHaveLength(2);
});

it('gives up after its small budget (4 tries) with the AWS error', async () => {
  const time = virtualTime();
  const { ecr, calls } = flakyEcr(100, blip);
  await expect(
    verifyPush(ecr, repo, ['v1'], DIGEST, ['linux/amd64'], { log: recordingLog(), ...time, timing: { verifyIntervalMs: 1000 } }),
  ).rejects.toThrow('BatchGetImage failed: ServiceUnavailableException');
  expect(calls()).toBe(4);
});

it('does not retry an error retrying cannot fix', async () => {
  const time = virtualTime();
  const { ecr, calls } = flakyEcr(100, () => new ActionFailure('BatchGetImage failed: AccessDeniedException: no'));
  await expect(verifyPush(ecr, repo, ['v1'], DIGEST, ['linux/amd64'], { log: recordingLog(), ...time })).rejects.toThrow(
    'AccessDeniedException',
  );
  expect(calls()).toBe(1);
});
