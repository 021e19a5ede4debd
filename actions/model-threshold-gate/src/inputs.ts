// Messages here avoid the words "does not exist": test/bundle/startup.test.ts looks for @actions/core's summary error by them.
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { InputError, InputReader, regularFileProblem, type Env } from '@mlship/action-kit';
import { DocumentError, parseMetricsText } from './document';
import type { Jmes } from './jmes';
import type { Reading } from './read';
import { parseDirectionLists, parseRegressions, parseThresholds, splitMetricList, type RegressionRule, type ThresholdRule } from './rules';

export const MISSING_POLICIES = ['fail', 'warn', 'ignore'] as const;
export type MissingPolicy = (typeof MISSING_POLICIES)[number];
export const MODES = ['enforce', 'report'] as const;
export type Mode = (typeof MODES)[number];

export interface MetricsDocument {
  /** Where it came from, for messages: a path or "the `metrics` input". */
  source: string;
  document: unknown;
  /** Reads a metric instead of JMESPath over `document`: the ledger keeps values by expression (ledger-baseline.ts). */
  lookup?: (metric: string, key: string) => Reading;
  /** Set (to the environment) when the ledger has no record yet: the first deployment. */
  firstDeployment?: string;
}

/** Production's record in the ledger, read over the network by main.ts before the gate runs. */
export interface BaselineEnvironment {
  name: string;
  token: string;
}

export interface GateInputs {
  thresholds: ThresholdRule[];
  regressions: RegressionRule[];
  metrics: MetricsDocument;
  baseline?: MetricsDocument;
  baselineEnvironment?: BaselineEnvironment;
  missing: MissingPolicy;
  /** With baseline-environment and nothing recorded yet: pass skips the rules that need the baseline, fail fails them. */
  baselineMissing: 'pass' | 'fail';
  mode: Mode;
}

/**
 * Reads and checks every input, rules first (cheap, and the commonest
 * mistakes), then the documents. Nothing here touches the network.
 */
export async function readInputs(env: Env, cwd: string, loadJmes: () => Promise<Jmes>): Promise<GateInputs> {
  const reader = new InputReader(env);
  const missing = reader.enumOf('missing', MISSING_POLICIES, 'fail');
  const mode = reader.enumOf('mode', MODES, 'enforce');
  // Untrimmed, so the line numbers in errors match the lines the user wrote.
  const thresholdText = reader.untrimmed('thresholds');
  const regressionText = reader.untrimmed('max-regression');
  if (thresholdText.trim() === '' && regressionText.trim() === '') {
    throw new InputError(
      'thresholds',
      'is required: give at least one rule (or max-regression lines against a baseline)',
      'thresholds: accuracy >= 0.90',
    );
  }
  const jmes = await loadJmes();
  const thresholds = parseThresholds(thresholdText, jmes);
  const listed = parseDirectionLists(
    { higher: splitMetricList(reader.raw('higher-is-better')), lower: splitMetricList(reader.raw('lower-is-better')) },
    jmes,
  );
  const regressions = parseRegressions(regressionText, jmes, thresholds, listed);
  if (thresholds.length + regressions.length === 0) {
    throw new InputError('thresholds', 'has no rules, only blank or comment lines', 'thresholds: accuracy >= 0.90');
  }

  const workspace = env['GITHUB_WORKSPACE'] || cwd;
  const metrics = await readDocument(reader, cwd, 'metrics-file', 'metrics', workspace);
  if (!metrics) throw new InputError('metrics-file', 'or metrics is required: the metrics to judge', 'metrics-file: metrics.json');
  const baselineEnvironment = readBaselineEnvironment(reader);
  const fileOrInline = reader.raw('baseline-file') ? 'baseline-file' : reader.raw('baseline') ? 'baseline' : undefined;
  if (baselineEnvironment && fileOrInline) {
    throw new InputError('baseline-environment', `and ${fileOrInline} are both set; give one baseline`, 'baseline-environment: production');
  }
  const baseline = await readDocument(reader, cwd, 'baseline-file', 'baseline', workspace);
  if (regressions.length > 0 && !baseline && !baselineEnvironment) {
    throw new InputError(
      'baseline-environment',
      "(or baseline-file) is required by max-regression: production's metrics to compare with",
      'baseline-environment: production',
    );
  }
  const baselineMissing = reader.enumOf('baseline-missing', ['pass', 'fail'] as const, 'pass');
  return { thresholds, regressions, metrics, baseline, baselineEnvironment, missing, baselineMissing, mode };
}

function readBaselineEnvironment(reader: InputReader): BaselineEnvironment | undefined {
  const name = reader.string('baseline-environment');
  if (name === undefined) return undefined;
  const example = 'baseline-environment: production';
  if (/[\r\n]/.test(name) || name.length > 255)
    throw new InputError('baseline-environment', 'must be one environment name (one line, at most 255 characters)', example);
  const token = reader.string('github-token');
  if (token === undefined) {
    throw new InputError(
      'github-token',
      'is empty, and baseline-environment reads the ledger with it (deployments: read)',
      'github-token: ${{ github.token }}',
    );
  }
  return { name, token };
}

async function readDocument(
  reader: InputReader,
  cwd: string,
  fileInput: string,
  inlineInput: string,
  workspace: string,
): Promise<MetricsDocument | undefined> {
  const path = reader.raw(fileInput);
  const inline = reader.raw(inlineInput);
  if (path !== '' && inline !== '') {
    throw new InputError(fileInput, `and ${inlineInput} are both set; give one of them`, `${fileInput}: metrics.json`);
  }
  if (inline !== '') {
    try {
      return { source: `the '${inlineInput}' input`, document: await parseMetricsText(inline) };
    } catch (err) {
      throw new InputError(inlineInput, `is not a JSON or YAML metrics document: ${describe(err)}`, `${inlineInput}: '{"accuracy": 0.93}'`);
    }
  }
  if (path === '') return undefined;
  const absolute = resolve(cwd, path);
  const problem = regularFileProblem(absolute);
  if (problem === 'was not found') {
    throw new InputError(
      fileInput,
      `names '${path}', which was not found (looked for ${absolute}; did an earlier step write it?)`,
      `${fileInput}: metrics.json`,
    );
  }
  if (problem) throw new InputError(fileInput, `names '${path}', which ${problem}`, `${fileInput}: metrics.json`);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (err) {
    throw new InputError(fileInput, `names '${path}', which cannot be read: ${describe(err)}`, `${fileInput}: metrics.json`);
  }
  // A .json file is JSON: a truncated one must fail as JSON, not crawl through the YAML parser.
  const format = /\.json$/i.test(path) ? 'json' : 'auto';
  try {
    return { source: path, document: await parseMetricsText(text, format) };
  } catch (err) {
    const kind = format === 'json' ? 'JSON' : 'JSON or YAML';
    // A parser quotes a few characters of the file; of a file outside the workspace, not even those.
    const why = isInside(absolute, workspace) ? describe(err) : withoutExcerpts(describe(err));
    throw new InputError(fileInput, `names '${path}', which is not a ${kind} metrics document: ${why}`, `${fileInput}: metrics.json`);
  }
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(resolve(dir), path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The parser's words without the text it quotes (`"root:x:0:0"...`, `('abc…')`). */
function withoutExcerpts(message: string): string {
  return message
    .replace(/\s*\(?"[^"]*"(\.\.\.)?\)?|\s*\(?'[^']*'\)?/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function describe(err: unknown): string {
  if (err instanceof DocumentError) return err.message;
  return ((err as Error).message ?? String(err)).split('\n')[0] ?? '';
}
