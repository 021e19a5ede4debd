// The defaults an action.yml declares, as the runner passes them
// (INPUT_<NAME>). Expressions (`${{ github.token }}`) are left out: the runner
// evaluates them, the code cannot know their value.
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';

/** @param {URL | string} actionYml @returns {Record<string, string>} */
export function actionYmlDefaults(actionYml) {
  const yml = /** @type {{ inputs?: Record<string, { default?: unknown }> }} */ (load(readFileSync(actionYml, 'utf8')));
  /** @type {Record<string, string>} */
  const env = {};
  for (const [name, spec] of Object.entries(yml.inputs ?? {})) {
    if (spec.default === undefined || String(spec.default).includes('${{')) continue;
    env[`INPUT_${name.toUpperCase()}`] = String(spec.default);
  }
  return env;
}
