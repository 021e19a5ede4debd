import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/run-action';

// Each AWS SDK client carries its service's protocol identifier (the smithy
// service shape id it signs requests for); finding it in a bundle means the
// client's code ships there.
const CLIENT_MARKERS = {
  ecr: 'AmazonEC2ContainerRegistry_V20150921',
  lambda: 'AWSGirApiService',
  cloudwatch: 'GraniteServiceVersion20100801',
} as const;
type Client = keyof typeof CLIENT_MARKERS;

/** The clients each action calls; any other client in its bundle is dead weight. */
const CALLS: Record<string, Client[]> = {
  'build-and-push-ecr': ['ecr'],
  // CloudWatch only in a lazily loaded chunk: read during a bake (traffic-steps).
  'update-lambda-and-wait': ['lambda', 'cloudwatch'],
  'smoke-test': ['lambda'],
  'model-threshold-gate': ['lambda'],
  'deployment-summary': [],
};

function clientsIn(action: string): Client[] {
  const dir = join(repoRoot, 'dist', action);
  const text = readdirSync(dir)
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(join(dir, file), 'utf8'))
    .join('\n');
  return (Object.keys(CLIENT_MARKERS) as Client[]).filter((client) => text.includes(CLIENT_MARKERS[client]));
}

describe('AWS clients in the committed bundles', () => {
  it('lists every action', () => {
    expect(Object.keys(CALLS).sort()).toEqual(readdirSync(join(repoRoot, 'actions')).sort());
  });

  // Both directions: a missing client would mean the markers went stale and
  // the check below proves nothing.
  it.each(Object.entries(CALLS))('%s carries exactly the clients it calls', (action, calls) => {
    expect(clientsIn(action)).toEqual(calls);
  });
});
