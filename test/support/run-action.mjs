/**
 * Runs an action's committed bundle the way the GitHub runner does: a child
 * process with INPUT_* variables (defaults from action.yml filled in, since the
 * runner does that and not the toolkit), and GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
 * GITHUB_STATE, GITHUB_ENV and GITHUB_EVENT_PATH files.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
// Plain JS so the benches (plain node) and jest share one runner; the types are in run-action.ts.

export const repoRoot = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

/**
 * Node 24 (what action.yml declares), and the Node running the tests when it is
 * another one (CI runs jest on that same Node 24: then once, not twice). Never skipped.
 */
/** @returns {{ label: string, path: string }[]} */
export function nodeRuntimes() {
  const node24 = process.env.NODE24_BIN ?? '/opt/mlship-tools/node24/bin/node';
  if (!existsSync(node24)) {
    throw new Error(`Node 24 not found at ${node24}: run .ci/install-tools.sh (or set NODE24_BIN)`);
  }
  const runtimes = [{ label: 'node24', path: node24 }];
  if (realpathSync(process.execPath) !== realpathSync(node24)) {
    runtimes.push({ label: `node${process.versions.node.split('.')[0]}`, path: process.execPath });
  }
  return runtimes;
}

/** @param {string} action */
export function readActionYml(action) {
  return /** @type {any} */ (load(readFileSync(join(repoRoot, 'actions', action, 'action.yml'), 'utf8')));
}

/** Parses the `name<<DELIM` / `name=value` file format of GITHUB_OUTPUT and GITHUB_STATE. */
/** @param {string} text @returns {Record<string, string>} */
export function parseCommandFile(text) {
  /** @type {Record<string, string>} */
  const result = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]);
      result[name] = value.join('\n');
    } else if (line.includes('=')) {
      result[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return result;
}

/** @param {string} text */
function decode(text) {
  return text.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
}

/** @param {string} action @returns {Record<string, string>} */
export function actionDefaults(action) {
  const yml = readActionYml(action);
  /** @type {Record<string, string>} */
  const defaults = {};
  for (const [name, spec] of Object.entries(yml.inputs ?? {})) {
    if (spec.default === undefined) continue;
    const value = String(spec.default);
    // Expressions like ${{ github.token }} are the runner's to evaluate; tests pass them explicitly.
    defaults[name] = value.includes('${{') ? '' : value;
  }
  return defaults;
}

/** See run-action.ts for the options and the result. */
export function runAction(action, options = {}) {
  const workdir = options.workdir ?? mkdtempSync(join(tmpdir(), `run-${action}-`));
  const files = {
    GITHUB_OUTPUT: join(workdir, 'output'),
    GITHUB_STEP_SUMMARY: join(workdir, 'summary.md'),
    GITHUB_STATE: join(workdir, 'state'),
    GITHUB_ENV: join(workdir, 'env'),
    GITHUB_PATH: join(workdir, 'path'),
    GITHUB_EVENT_PATH: join(workdir, 'event.json'),
  };
  for (const [key, file] of Object.entries(files)) {
    if (key === 'GITHUB_EVENT_PATH') writeFileSync(file, JSON.stringify(options.event ?? {}));
    // A post step appends to GITHUB_STATE's sibling files; main starts them empty.
    else if (!options.workdir || !existsSync(file)) writeFileSync(file, '');
    else if (key === 'GITHUB_OUTPUT' || key === 'GITHUB_STEP_SUMMARY') writeFileSync(file, '');
  }
  const inputs = { ...actionDefaults(action), ...(options.inputs ?? {}) };
  /** @type {Record<string, string>} */
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: options.cwd ?? workdir,
    GITHUB_REPOSITORY: 'octo-org/model-service',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_NUMBER: '7',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'deploy',
    GITHUB_ACTOR: 'octocat',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    RUNNER_TEMP: workdir,
    RUNNER_OS: 'Linux',
    ...files,
  };
  // STATE_* is how the runner hands saved state to the post step.
  if (options.post) {
    for (const [name, value] of Object.entries(parseCommandFile(readFileSync(files.GITHUB_STATE, 'utf8')))) env[`STATE_${name}`] = value;
  }
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  // MLSHIP_DIST_ROOT runs another checkout's bundles (e.g. a release, to measure "before").
  const dist = join(process.env.MLSHIP_DIST_ROOT ?? repoRoot, 'dist', action);
  const bundle = options.post ? postEntry(dist) : join(dist, 'index.js');
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(options.node ?? process.execPath, [bundle], {
      env,
      cwd: options.cwd ?? workdir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    options.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const outputs = parseCommandFile(readFileSync(files.GITHUB_OUTPUT, 'utf8'));
      const lines = stdout.split('\n');
      resolve({
        code,
        signal,
        stdout,
        stderr,
        outputs,
        summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
        state: parseCommandFile(readFileSync(files.GITHUB_STATE, 'utf8')),
        workdir,
        durationMs: performance.now() - started,
        errors: lines.filter((l) => l.startsWith('::error')).map((l) => decode(l.replace(/^::error[^:]*::/, ''))),
        warnings: lines.filter((l) => l.startsWith('::warning')).map((l) => decode(l.replace(/^::warning[^:]*::/, ''))),
        report: () => JSON.parse(outputs.report ?? 'null'),
      });
    });
  });
}

/** The post step's entry: post/index.js, or post.js in releases before the post steps had their own folder. */
function postEntry(dist) {
  const own = join(dist, 'post', 'index.js');
  return existsSync(own) ? own : join(dist, 'post.js');
}
