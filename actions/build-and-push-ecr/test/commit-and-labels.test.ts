/** The commit people see on pull requests (head, not merge) and the default OCI labels, from the runner's env and event file. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitsOf } from '../src/commit';
import { readInputs } from '../src/inputs';
import { buildTime, defaultOciLabels } from '../src/oci-labels';
import { fillTagTemplates } from '../src/tag-templates';

const MERGE = '1111111111111111111111111111111111111111';
const HEAD = 'abcdef0123456789abcdef0123456789abcdef01';
const dir = mkdtempSync(join(tmpdir(), 'ecr-event-'));
const eventFile = join(dir, 'event.json');
writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
writeFileSync(eventFile, JSON.stringify({ pull_request: { number: 7, head: { sha: HEAD }, merge_commit_sha: MERGE } }));
const onPr = (event = 'pull_request') => ({ GITHUB_SHA: MERGE, GITHUB_EVENT_NAME: event, GITHUB_EVENT_PATH: eventFile });

describe('the commit', () => {
  it.each(['pull_request', 'pull_request_target'])('on %s is the head SHA; {merge-sha} is the merge commit', (event) => {
    expect(commitsOf(onPr(event))).toEqual({ sha: HEAD, mergeSha: MERGE });
    expect(fillTagTemplates(['{sha}', 'pr-{short-sha}', '{merge-sha}'], onPr(event)).tags).toEqual([HEAD, 'pr-abcdef0', MERGE]);
  });

  it('on push is GITHUB_SHA, and a missing or odd event file falls back to it', () => {
    expect(commitsOf({ GITHUB_SHA: MERGE, GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: eventFile }).sha).toBe(MERGE);
    expect(commitsOf({ ...onPr(), GITHUB_EVENT_PATH: join(dir, 'none.json') }).sha).toBe(MERGE);
    const odd = join(dir, 'odd.json');
    writeFileSync(odd, '{"pull_request": {"head": {"sha": "not-a-sha\\n::error::x"}}}');
    expect(commitsOf({ ...onPr(), GITHUB_EVENT_PATH: odd }).sha).toBe(MERGE);
  });

  it('is the default tag on a pull request', () => {
    const inputs = readInputs({ ...onPr(), INPUT_REPOSITORY: 'model', INPUT_PUSH: 'false', INPUT_CONTEXT: '.' }, dir);
    expect(inputs.tags).toEqual([HEAD, 'latest']);
  });
});

describe('OCI labels', () => {
  const env = {
    GITHUB_REPOSITORY: 'octo-org/sentiment-model',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REF: 'refs/tags/v1.4.0',
  };

  it('gives source, revision, created (RFC 3339), title and version from a tag ref', () => {
    expect(defaultOciLabels(env, HEAD, new Date('2026-12-07T03:04:05.678Z'))).toEqual({
      'org.opencontainers.image.source': 'https://github.com/octo-org/sentiment-model',
      'org.opencontainers.image.revision': HEAD,
      'org.opencontainers.image.created': '2026-12-07T03:04:05Z',
      'org.opencontainers.image.title': 'sentiment-model',
      'org.opencontainers.image.version': '1.4.0',
    });
    expect(defaultOciLabels({ ...env, GITHUB_REF: 'refs/heads/main' }, HEAD, new Date())).not.toHaveProperty(
      'org.opencontainers.image.version',
    );
  });

  it('take created from SOURCE_DATE_EPOCH when it is a number of seconds, else from the clock', () => {
    const clock = () => new Date('2026-12-07T03:04:05Z');
    expect(buildTime({ SOURCE_DATE_EPOCH: '1700000000' }, clock).toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(buildTime({ SOURCE_DATE_EPOCH: 'yesterday' }, clock)).toEqual(clock());
    expect(buildTime({}, clock)).toEqual(clock());
    const base = { ...env, ...onPr(), INPUT_REPOSITORY: 'model', INPUT_PUSH: 'false', INPUT_CONTEXT: '.', SOURCE_DATE_EPOCH: '1700000000' };
    expect(readInputs(base, dir).labels['org.opencontainers.image.created']).toBe('2023-11-14T22:13:20Z');
  });

  it('are set unless labels sets the same key or oci-labels is false', () => {
    const base = { ...env, ...onPr(), INPUT_REPOSITORY: 'model', INPUT_PUSH: 'false', INPUT_CONTEXT: '.' };
    const labels = readInputs({ ...base, INPUT_LABELS: 'org.opencontainers.image.title=custom\nteam=ml' }, dir).labels;
    expect(labels).toMatchObject({
      'org.opencontainers.image.title': 'custom',
      'org.opencontainers.image.revision': HEAD,
      team: 'ml',
    });
    expect(readInputs({ ...base, 'INPUT_OCI-LABELS': 'false' }, dir).labels).toEqual({});
  });
});
