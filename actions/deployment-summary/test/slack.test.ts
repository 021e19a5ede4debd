import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CancelledError, recordingLog, virtualTime } from '@mlship/action-kit';
import { collect } from '../src/collect';
import { postSlack, slackText } from '../src/slack';
import { buildReport, failedSmokeReport, greenSteps, step } from './fixtures';

/** A webhook answering with the given statuses in turn (the last one repeats). */
async function webhook(statuses: number[]): Promise<{ url: string; calls: () => number; close: () => Promise<void> }> {
  let calls = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const status = statuses[Math.min(calls, statuses.length - 1)] as number;
      calls++;
      res.writeHead(status).end(status === 200 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    calls: () => calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('Slack message', () => {
  it('names the image, the version change and the failed steps', () => {
    const collected = collect({ ...greenSteps(), smoke: step(failedSmokeReport(), 'failure') }, [], 'failure');
    expect(slackText('❌ Deployment failed', collected, 'https://github.com/o/r/actions/runs/1')).toBe(
      [
        '*❌ Deployment failed*',
        `Image: \`${buildReport().imageUri}\``,
        'Lambda: `sentiment-api` version 13 → 14 (alias `live`)',
        'Failed: 1 of 3 checks failed: predict (1 skipped)',
        '<https://github.com/o/r/actions/runs/1|Workflow run>',
      ].join('\n'),
    );
  });
});

describe('posting to the webhook', () => {
  it('retries a 5xx within its budget, then succeeds', async () => {
    const hook = await webhook([502, 200]);
    const time = virtualTime();
    const log = recordingLog();
    try {
      expect(await postSlack(hook.url, 'hi', { fetch, sleep: time.sleep, log })).toBe(true);
      expect(hook.calls()).toBe(2);
      expect(time.clock.now()).toBe(1000);
      expect(log.lines.filter((l) => l.level === 'warning')).toEqual([]);
    } finally {
      await hook.close();
    }
  });

  it('does not retry a 4xx, and warns without the URL', async () => {
    const hook = await webhook([404]);
    const log = recordingLog();
    try {
      expect(await postSlack(hook.url, 'hi', { fetch, sleep: virtualTime().sleep, log })).toBe(false);
      expect(hook.calls()).toBe(1);
      expect(log.text()).toContain('warning: Slack message not sent: the webhook answered HTTP 404.');
      expect(log.text()).not.toContain(hook.url);
    } finally {
      await hook.close();
    }
  });

  it('stops waiting at once when the job is cancelled', async () => {
    const hook = await webhook([503]);
    const controller = new AbortController();
    const time = virtualTime();
    const sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
      controller.abort();
      return time.sleep(ms, signal);
    };
    try {
      await expect(postSlack(hook.url, 'hi', { fetch, sleep, log: recordingLog(), signal: controller.signal })).rejects.toBeInstanceOf(
        CancelledError,
      );
      expect(hook.calls()).toBe(1);
    } finally {
      await hook.close();
    }
  });
});
