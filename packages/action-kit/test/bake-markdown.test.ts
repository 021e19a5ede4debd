import { mermaidNumber, mermaidText, xyChart } from '@mlship/action-kit';
import { bakeCharts, bakeMarkdown, bakeOutcome, bakeTable, type BakeSubject } from '@mlship/action-kit/bake-markdown';
import { mermaidBlocks, parseXyChart } from '../../../test/support/mermaid';
import { NO_HAZARDS, hazards, renderMarkdown } from '../../../test/support/untrusted';
import {
  BREACH_REASON,
  canaryWindow,
  cancelledTimeline,
  heldTimeline,
  longTimeline,
  promotedTimeline,
  rolledBackTimeline,
} from '../../../test/support/bake-timelines';

const alias = { name: 'live', version: '13' };

/** Rows of the timeline table as markdown-it renders them: each a list of cell texts. */
function tableRows(markdown: string): string[][] {
  const html = renderMarkdown(markdown);
  const timeline = html.split('<table>').find((t) => t.includes('Window (UTC)')) ?? '';
  const body = timeline.split('</table>')[0]?.split('<tbody>')[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] as string).matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => c[1] as string),
  );
}

describe('bake timeline: healthy canary promoted', () => {
  const subject: BakeSubject = { bake: promotedTimeline(), alias: { name: 'live', version: '14' } };

  it('says it was promoted, through both steps, and how many windows were judged', () => {
    expect(bakeOutcome(subject)).toBe('✅ **Promoted**: version 14 took 100% of `live` after 2 steps (10 windows judged).');
  });

  it('shows the steps and the rules as configured', () => {
    const md = bakeMarkdown(subject);
    expect(md).toContain('| **Steps** | 10% for 5m00s → 50% for 5m00s → 100% |');
    expect(md).toContain('error rate <= 1% · p99 <= previous +20%');
    expect(md).toContain('every 1m00s, judged once the data is 2m00s old');
  });

  it('has one table row per window with both versions side by side', () => {
    const rows = tableRows(bakeMarkdown(subject));
    expect(rows).toHaveLength(10);
    expect(rows[0]).toEqual([
      '12:00–12:01',
      '1 · 10%',
      '41 / 377',
      '0 / 1',
      '0% / 0.27%',
      '812ms / 790ms',
      '🟢 sentiment-api-5xx: OK',
      '✅ healthy',
    ]);
    expect(rows[9]?.slice(0, 2)).toEqual(['12:09–12:10', '2 · 50%']);
  });

  it('draws error rate and latency per window for both versions, which mermaid parses', async () => {
    const [errors, latency] = mermaidBlocks(bakeMarkdown(subject));
    const e = await parseXyChart(errors as string);
    expect(e.title).toBe('Error rate per window (%)');
    expect(e.categories).toHaveLength(10);
    expect(e.categories[0]).toBe('12:01');
    expect(e.lines.map((l) => l.color)).toEqual(['#d62728', '#1f77b4']);
    expect(e.lines[0]?.values.slice(0, 3)).toEqual([0, 0, 2.27]);
    expect(e.lines[1]?.values[0]).toBe(0.27);
    expect(e.yRange.min).toBe(0);
    expect(e.yRange.max).toBeGreaterThan(2.27);
    expect(e.yRange.max).toBeLessThanOrEqual(3);
    const l = await parseXyChart(latency as string);
    expect(l.title).toBe('Latency p99 per window (ms)');
    expect(l.lines[0]?.values).toEqual([812, 795, 830, 788, 801, 842, 815, 860, 822, 809]);
    expect(l.yRange.max).toBeGreaterThan(860);
  });

  it('keeps the table beside the charts and names the lines (xychart-beta has no legend)', () => {
    const md = bakeMarkdown(subject);
    expect(md.indexOf('| Window (UTC)')).toBeLessThan(md.indexOf('```mermaid'));
    expect(md).toContain('Lines: 🟥 new version 14 (first), 🟦 previous version 13 (second).');
  });

  it('leaves the charts out in the compact rendering', () => {
    expect(bakeMarkdown(subject, { charts: false })).not.toContain('```mermaid');
  });
});

describe('bake timeline: rolled back on a breach', () => {
  const subject: BakeSubject = { bake: rolledBackTimeline(), rolledBack: true, rollbackReason: `${BREACH_REASON} at 12:07`, alias };

  it('says it rolled back, where the alias is, and why', () => {
    expect(bakeOutcome(subject)).toBe(
      `↩️ **Rolled back**: \`live\` is back on version 13: ${BREACH_REASON} at 12:07 (7 windows judged, 1 with too little traffic, 1 pending).`,
    );
  });

  it('falls back to the breaching window for the reason', () => {
    expect(bakeOutcome({ ...subject, rollbackReason: undefined })).toContain(`: ${BREACH_REASON} (`);
  });

  it('marks the breach, the alarm in ALARM, too little traffic, and the pending window', () => {
    const rows = tableRows(bakeMarkdown(subject));
    expect(rows[6]).toEqual([
      '12:06–12:07',
      '2 · 50%',
      '200 / 204',
      '15 / 0',
      '7.5% / 0%',
      '1930ms / 798ms',
      '🔴 sentiment-api-5xx: ALARM',
      `❌ breach: ${BREACH_REASON.replace('>', '&gt;')}`,
    ]);
    expect(rows[2]?.[7]).toBe('⚠️ too little traffic: 7 invocations &lt; 10');
    // Pending: no numbers that could read as healthy.
    expect(rows[7]?.slice(2, 6)).toEqual(['…', '…', '…', '…']);
    expect(rows[7]?.[7]).toBe('⏳ pending');
  });

  it('charts only the judged windows and says so', async () => {
    const md = bakeMarkdown(subject);
    expect(md).toContain('Pending windows are not charted.');
    const chart = await parseXyChart(mermaidBlocks(md)[0] as string);
    expect(chart.categories).toEqual(['12:01', '12:02', '12:03', '12:04', '12:05', '12:06', '12:07']);
    expect(chart.lines[0]?.values.at(-1)).toBe(7.5);
    expect(chart.yRange.max).toBeGreaterThanOrEqual(7.5);
  });
});

describe('bake timeline: cancelled with pending windows', () => {
  const subject: BakeSubject = { bake: cancelledTimeline(), rolledBack: true, alias };

  it('says the alias was put back', () => {
    expect(bakeOutcome(subject)).toBe(
      '🚫 **Cancelled**: `live` is back on version 13 (2 windows judged, 1 with too little traffic, 2 pending).',
    );
    expect(bakeOutcome({ ...subject, rolledBack: false })).toContain('`live` was not put back');
  });

  it('shows a window without new-version data as no data, and says the chart draws it at 0', async () => {
    const md = bakeMarkdown(subject);
    expect(tableRows(md)[1]?.slice(2, 6)).toEqual(['0 / 410', '0 / 0', '— / 0%', '— / 780ms']);
    expect(md).toContain('A window without data for a version is drawn at 0 (the table shows it as —).');
    const latency = await parseXyChart(mermaidBlocks(md)[1] as string);
    expect(latency.lines[0]?.values).toEqual([812, 0]);
  });

  it('a bake with nothing judged yet has no chart', () => {
    const bake = { ...cancelledTimeline(), windows: cancelledTimeline().windows.slice(2) };
    expect(bakeCharts(bake)).toBe('_No window judged yet: nothing to chart._');
  });
});

describe('bake timeline: held on purpose (traffic-steps ending in hold)', () => {
  const subject: BakeSubject = { bake: heldTimeline(), alias: { name: 'live', version: '13', weights: { '14': 0.1 } }, rolledBack: false };

  it('says the split is held on purpose and how a later run promotes or rolls back, not an on-failure hold', () => {
    const line = bakeOutcome(subject);
    expect(line).toBe(
      '⏸️ **Held**: version 14 keeps 10% of `live` and version 13 the rest, held on purpose (the steps end in hold). ' +
        'To promote, run again with `version: 14` and traffic-steps (it resumes from 10%); to roll back, with `version: 13` (5 windows judged).',
    );
    expect(line).not.toContain('on-failure');
  });

  it('ends the steps in hold, not 100%', () => {
    const md = bakeMarkdown(subject);
    expect(md).toContain('| **Steps** | 10% for 5m00s → hold |');
    expect(md).not.toContain('→ 100%');
  });

  it('still says an on-failure hold as before, with its reason', () => {
    const failed: BakeSubject = { bake: { ...rolledBackTimeline(), result: 'held' }, alias };
    expect(bakeOutcome(failed)).toContain('⏸️ **Held**: weights left as they were (on-failure: hold): error rate 7.5% > 1% (15/200)');
    expect(bakeMarkdown(failed)).toContain('→ 100% |');
  });

  it('says a resumed bake started from the held split', () => {
    expect(bakeMarkdown({ bake: { ...promotedTimeline(), resumedFrom: 10 }, alias })).toContain(
      '| **Resumed** | from the held split (10%): steps at or under it skipped |',
    );
  });
});

describe('bake timeline: bounds', () => {
  it('cuts the table to maxRows, keeping the breach and the latest windows, and says where the rest is', () => {
    const bake = rolledBackTimeline();
    const md = bakeTable(bake, { maxRows: 3, moreAt: 'the full job summary' });
    const rows = tableRows(md);
    expect(rows.map((r) => r[0])).toEqual(['12:05–12:06', '12:06–12:07', '12:07–12:08']);
    expect(bakeTable(bake, { maxRows: 1 })).toContain('❌ breach');
    expect(md).toContain('_5 more windows not shown here: see the full job summary._');
  });

  it('charts at most the last 60 windows of a long bake, and says so', async () => {
    const md = bakeCharts(longTimeline(75));
    expect(md).toContain('The charts show the last 60 of 75 judged windows.');
    for (const block of mermaidBlocks(md)) {
      const chart = await parseXyChart(block);
      expect(chart.categories).toHaveLength(60);
      expect(chart.categories[0]).toBe('12:16');
      expect(chart.lines.every((l) => l.values.length === 60)).toBe(true);
    }
    expect(bakeCharts(longTimeline(75), { maxChartWindows: 10 })).toContain('last 10 of 75');
  });

  it('says when the producer left windows out of the report', () => {
    expect(bakeTable({ ...promotedTimeline(), omittedWindows: 12 })).toContain('_12 healthy windows were left out of the report');
  });

  it('uses seconds in the times when windows are seconds long', async () => {
    const bake = { ...promotedTimeline(), analysisIntervalSeconds: 5 };
    bake.windows = bake.windows.map((w, i) => ({
      ...w,
      start: new Date(Date.parse('2026-12-01T12:00:00Z') + i * 5000).toISOString(),
      end: new Date(Date.parse('2026-12-01T12:00:05Z') + i * 5000).toISOString(),
    }));
    expect(tableRows(bakeTable(bake))[0]?.[0]).toBe('12:00:00–12:00:05');
    const chart = await parseXyChart(mermaidBlocks(bakeCharts(bake))[0] as string);
    expect(chart.categories.slice(0, 2)).toEqual(['12:00:05', '12:00:10']);
  });
});

describe('bake timeline: foreign text', () => {
  const hostile = '<img src=x onerror=alert(1)> @octo-org/admins #12 | x\n::warning::"] %%{init}%% `code`';

  function hostileSubject(): BakeSubject {
    const bake = rolledBackTimeline();
    bake.rules = [...bake.rules, `alarm ${hostile} not in ALARM`];
    bake.windows[6] = {
      ...canaryWindow(6, { n: [200, 15, 1930], p: [204, 0, 798], verdict: 'breach', reason: `alarm ${hostile} in ALARM` }),
      alarms: [
        { name: hostile, state: 'ALARM' },
        { name: 'sentiment-api-5xx', state: 'OK' },
      ],
    };
    bake.windows[6].new.version = '14 <b>@x</b>';
    return { bake, rolledBack: true, rollbackReason: `alarm ${hostile} in ALARM`, alias };
  }

  it('escapes alarm names, rules and reasons: no live tag, mention, reference, and the table keeps its columns', () => {
    const md = bakeMarkdown(hostileSubject());
    expect(hazards(md)).toEqual(NO_HAZARDS);
    const rows = tableRows(md);
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => r.length === 8)).toBe(true);
    expect(md.split('\n').some((line) => line.startsWith('::'))).toBe(false);
  });

  it('keeps foreign text out of the charts, which still parse', async () => {
    const md = bakeMarkdown(hostileSubject());
    for (const block of mermaidBlocks(md)) {
      expect(block).not.toContain('@x');
      expect(block).not.toContain('img');
      await parseXyChart(block);
    }
  });

  it('bounds a long alarm name and many alarms in a cell', () => {
    const bake = promotedTimeline();
    bake.windows[0]!.alarms = Array.from({ length: 9 }, (_, i) => ({ name: `alarm-${i}-${'x'.repeat(300)}`, state: 'OK' }));
    const cell = tableRows(bakeTable(bake))[0]?.[6] ?? '';
    expect(cell.split('<br>')).toHaveLength(6);
    expect(cell).toContain('and 4 more');
    expect(cell.length).toBeLessThan(1000);
  });
});

describe('the mermaid sink', () => {
  it.each([
    ['plain', '"plain"'],
    ['say "hi"', `"say 'hi'"`],
    ['a]\nb[c', '"a b c"'],
    ['50%% off; #lt; <b>&', '"50% off lt b"'],
    ['`md`', '"md"'],
  ])('label %j becomes %s', (text, label) => {
    expect(mermaidText(text)).toBe(label);
  });

  it('caps a label', () => {
    expect(mermaidText('x'.repeat(100), 10)).toBe('"xxxxxxxx.."');
  });

  it.each([
    [1e-7, '0'],
    [0.005, '0.01'],
    [7.5, '7.5'],
    [1930.4, '1930.4'],
    [Number.NaN, '0'],
    [Number.POSITIVE_INFINITY, '0'],
    [-0.001, '0'],
    [1e21, '1000000000000000000000'],
  ])('number %d is written %s', (n, text) => {
    expect(mermaidNumber(n)).toBe(text);
  });

  it('writes a chart mermaid parses, whatever the labels', async () => {
    const hostile = 'a"]\n%%{init: {"theme":"dark"}}%%\nline [9]; title "x';
    const chart = await parseXyChart(
      mermaidBlocks(
        xyChart({ title: hostile, xTitle: hostile, categories: [hostile, 'b'], yTitle: hostile, yMax: 10, lines: [[1, Number.NaN]] }),
      )[0] as string,
    );
    expect(chart.categories).toHaveLength(2);
    expect(chart.lines).toEqual([{ color: expect.any(String), values: [1, 0] }]);
    expect(chart.title).not.toMatch(/["\n[\]]/);
  });
});

describe('bake timeline: evidence and what was not measured', () => {
  it('shows the error rate over the step so far, with its bound and verdict sentence, in its own column', () => {
    const bake = promotedTimeline();
    const sentence = '3 errors in 90 invocations (3.3%); 95% lower bound 1.1% is under 2%: not yet conclusive';
    bake.windows[1] = {
      ...(bake.windows[1] as (typeof bake.windows)[number]),
      evidence: { invocations: 90, errors: 3, rate: 3 / 90, bound: 0.011, sentence },
    };
    const markdown = bakeTable(bake);
    expect(markdown).toContain('Error rate over the step so far (95% bound)');
    expect(tableRows(markdown)[1]?.at(-1)).toBe(sentence);
    expect(tableRows(markdown)[0]?.at(-1)).toBe('—');
  });

  it('shows each custom metric rule of a window, kept, broken or without data', () => {
    const bake = promotedTimeline();
    bake.windows[0] = {
      ...(bake.windows[0] as (typeof bake.windows)[number]),
      metrics: [
        { rule: 'ML/PredictionErrors Sum <= 5 ModelVersion={version}', value: 9, passed: false },
        { rule: 'ML/ScoreLatency p95 < 300', value: 120.5, passed: true },
        { rule: 'ML/Drift Maximum < 0.2' },
      ],
    };
    const cell = tableRows(bakeTable(bake))[0]?.at(-1);
    expect(cell).toContain('🔴 ML/PredictionErrors Sum &lt;= 5 ModelVersion={version}: 9');
    expect(cell).toContain('🟢 ML/ScoreLatency p95 &lt; 300: 120.5');
    expect(cell).toContain('⚪ ML/Drift Maximum &lt; 0.2: no data');
  });

  it('shows the probes with their first error, escaped', () => {
    const bake = promotedTimeline();
    bake.probes = { sent: 12, failed: 1, firstError: 'FunctionError Unhandled: ValueError: <img src=x> @team' };
    const markdown = bakeMarkdown({ bake });
    expect(markdown).toMatch(/\| \*\*Probes\*\* \| 12 sent, 1 failed; first error: FunctionError Unhandled: ValueError: /);
    expect(hazards(markdown)).toEqual(NO_HAZARDS);
  });

  it('draws no latency chart without a latency rule, and no "Latency latency" title', () => {
    const bake = promotedTimeline();
    bake.rules = ['error rate <= 1%'];
    bake.windows = bake.windows.map((w) => ({
      ...w,
      new: { ...w.new, latency: undefined },
      previous: w.previous && { ...w.previous, latency: undefined },
    }));
    const charts = bakeCharts(bake);
    expect(mermaidBlocks(charts)).toHaveLength(1);
    expect(charts).not.toMatch(/latency/i);
  });

  it('says what is known instead of "?" when the previous version was never read', () => {
    const bake = rolledBackTimeline();
    bake.windows = bake.windows.map(({ previous: _previous, ...w }) => w);
    const rolledBack = bakeOutcome({ bake, rolledBack: true, alias: { name: 'live', version: '13' } });
    expect(rolledBack).toContain('`live` is back on version 13');
    const unknown = bakeOutcome({ bake, rolledBack: true });
    expect(unknown).toContain('the alias is back on the version it pointed at before the bake');
    expect(bakeMarkdown({ bake, rolledBack: true })).not.toContain('?');
  });
});
