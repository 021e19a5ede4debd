/**
 * model-threshold-gate against a hostile metrics document, through the
 * committed bundle: keys and values that try to run workflow commands and
 * render HTML and mentions, a YAML alias bomb, and a metrics file outside the
 * workspace whose content must not be echoed.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_HAZARDS, hazards, maskLines, strayCommands } from '../../../test/support/untrusted';
import { runAction } from '../../../test/support/run-action';

const workspace = mkdtempSync(join(tmpdir(), 'gate-ws-'));
const outside = mkdtempSync(join(tmpdir(), 'gate-outside-'));
const gate = (inputs: Record<string, string>) => runAction('model-threshold-gate', { inputs, cwd: workspace });

it('a document whose keys and values carry commands and markup prints no command and renders no HTML or mention', async () => {
  const hostile = '\n::add-mask::pwned\r::stop-commands::tok\n<img src=x onerror=alert(1)> @octocat #123 ##[set-output name=a]b';
  writeFileSync(join(workspace, 'metrics.json'), JSON.stringify({ accuracy: `0.9${hostile}`, nested: { [`key${hostile}`]: 1 } }));
  const result = await gate({ 'metrics-file': 'metrics.json', thresholds: 'accuracy >= 0.9\nnested.missing >= 1' });
  expect(result.code).toBe(1);
  expect(strayCommands(result.stdout)).toEqual([]);
  expect(maskLines(result.stdout)).toEqual([]);
  expect(hazards(result.summary)).toEqual(NO_HAZARDS);
});

it('refuses a YAML metrics file whose aliases expand past the limit, quickly and in one line', async () => {
  const bomb = [
    'a: &a [1,1,1,1,1,1,1,1,1]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    'accuracy: [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  ].join('\n');
  writeFileSync(join(workspace, 'bomb.yaml'), bomb);
  const result = await gate({ 'metrics-file': 'bomb.yaml', thresholds: 'accuracy >= 0.9' });
  expect(result.code).toBe(1);
  expect(result.errors).toEqual([
    expect.stringMatching(/^Input 'metrics-file' names 'bomb.yaml', which is not a JSON or YAML metrics document: YAML parser: .*aliases/),
  ]);
  expect(result.stdout.length).toBeLessThan(2000);
});

it('never quotes the content of a file outside the workspace in an error', async () => {
  const secretLine = 'root:x:0:0:SECRET-CONTENT-1234:/root:/bin/bash';
  const path = join(outside, 'passwd');
  for (const text of [`${secretLine}\n`, `[${secretLine}`, `"${secretLine}"`]) {
    writeFileSync(path, text);
    const result = await gate({ 'metrics-file': path, thresholds: 'accuracy >= 0.9' });
    expect(result.code).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^Input 'metrics-file' names '.*passwd', which is not a JSON or YAML metrics document/);
    expect(result.stdout).not.toMatch(/SECRET|root:x/);
  }
});

it('quotes at most a short excerpt of a file inside the workspace', async () => {
  writeFileSync(join(workspace, 'line.txt'), `"${'long-line-of-text '.repeat(50)}"`);
  const result = await gate({ 'metrics-file': 'line.txt', thresholds: 'accuracy >= 0.9' });
  expect(result.code).toBe(1);
  expect(result.errors[0]!.length).toBeLessThan(300);
});
