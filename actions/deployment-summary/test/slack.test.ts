import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CancelledError, recordingLog, virtualTime } from '@mlship/action-kit';
import { collect } from '../src/collect';
import type { RunContext } from '../src/context';
import { postSlack } from '../src/slack';
import { slackMessage, type SlackMessage } from '../src/slack-message';
import { failedSmokeReport, gateReport, greenSteps, step } from './fixtures';

const HI: SlackMessage = { text: 'hi', blocks: [] };

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

const context: RunContext = {
  serverUrl: 'https://github.com',
  owner: 'octo-org',
  repo: 'model-service',
  runId: '1',
  sha: '0123456789abcdef0123456789abcdef01234567',
  actor: 'octocat',
  branch: 'main',
};

function texts(message: SlackMessage): string {
  return JSON.stringify(message.blocks);
}

describe('Slack message', () => {
  it('says what changed: headline, environment, version, metrics against production, smoke, author, branch, commit, a run button', () => {
    const gate = gateReport({
      baselineRecord: { environment: 'production', found: true, deploymentId: 9, version: '13' },
      rules: [
        {
          metric: 'accuracy',
          kind: 'threshold',
          op: '>=',
          bar: 0.9,
          value: 0.93,
          baseline: 0.925,
          delta: 0.005,
          deltaPercent: 0.54054,
          verdict: 'pass',
        },
        {
          metric: 'accuracy',
          kind: 'regression',
          allowed: '0.02',
          value: 0.93,
          baseline: 0.925,
          delta: 0.005,
          deltaPercent: 0.54054,
          verdict: 'pass',
        },
        { metric: 'f1', kind: 'threshold', op: '>=', bar: 0.85, value: 0.8871, verdict: 'pass' },
      ],
    });
    const collected = collect({ ...greenSteps(), gate: step(gate) }, [], 'success');
    const message = slackMessage('✅ Deployment to production succeeded', collected, context, 'production');
    expect(message.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '*✅ Deployment to production succeeded*' } });
    const fields = (message.blocks[1] as { fields: Array<{ text: string }> }).fields.map((f) => f.text);
    expect(fields).toEqual([
      '*Environment*\nproduction',
      '*Version*\n`sentiment-api` 13 → *14* (alias `live`)',
      '*Author*\noctocat',
      '*Branch*\n`main`',
      '*Commit*\n<https://github.com/octo-org/model-service/commit/0123456789abcdef0123456789abcdef01234567|0123456>',
    ]);
    const body = (message.blocks[2] as { text: { text: string } }).text.text.split('\n');
    expect(body).toEqual([
      '*Model gate* (vs production)',
      '✅ `accuracy` 0.93 vs 0.925 (+0.005, +0.54%)',
      '✅ `f1` 0.8871 (bar &gt;= 0.85)',
      '*Smoke:* ✅ 3 of 3 checks passed, slowest p95 180 ms',
    ]);
    expect(message.blocks[3]).toMatchObject({
      type: 'actions',
      elements: [{ type: 'button', url: 'https://github.com/octo-org/model-service/actions/runs/1' }],
    });
    expect(message.text.split('\n')[0]).toBe('✅ Deployment to production succeeded');
    expect(message.text).toContain('<https://github.com/octo-org/model-service/actions/runs/1|Workflow run>');
  });

  it('names the failed smoke checks in one line', () => {
    const collected = collect({ ...greenSteps(), smoke: step(failedSmokeReport(), 'failure') }, [], 'failure');
    expect(texts(slackMessage('❌ Deployment failed', collected, context))).toContain('*Smoke:* ❌ 1 of 3 failed: predict (502)');
  });

  it('escapes everything foreign: no mention, no link, no broken code span', () => {
    const hostile = { ...context, actor: '<!channel>', branch: 'feat/`x`<@U123>' };
    const collected = collect(greenSteps(), [], 'success');
    const message = slackMessage('Deploy <https://evil.example|click> @here', collected, hostile, '<!here>');
    const all = `${message.text}${texts(message)}`;
    expect(all).not.toMatch(/<!channel>|<!here>|<@U123>|<https:\/\/evil/);
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('@\u200bhere');
  });
});

describe('posting to the webhook', () => {
  it('retries a 5xx within its budget, then succeeds', async () => {
    const hook = await webhook([502, 200]);
    const time = virtualTime();
    const log = recordingLog();
    try {
      expect(await postSlack(hook.url, HI, { fetch, sleep: time.sleep, log })).toBe(true);
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
      expect(await postSlack(hook.url, HI, { fetch, sleep: virtualTime().sleep, log })).toBe(false);
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
      await expect(postSlack(hook.url, HI, { fetch, sleep, log: recordingLog(), signal: controller.signal })).rejects.toBeInstanceOf(
        CancelledError,
      );
      expect(hook.calls()).toBe(1);
    } finally {
      await hook.close();
    }
  });
});
