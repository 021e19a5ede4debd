/** The README's examples are valid input for this action, as written. */
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { readInputs } from '../src/inputs';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] as string).filter((b) => b.includes('smoke-test@v1'));

/** Expressions the runner would evaluate, replaced by plausible values. */
function evaluate(text: string): string {
  return text.replace(/\$\{\{\s*vars\.API_URL\s*\}\}/g, 'https://api.example.com').replace(/\$\{\{[^}]*\}\}/g, 'v7');
}

describe('README examples', () => {
  it('has the examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it.each(blocks.map((b, i) => [i, b]))('example %d validates', async (_i, block) => {
    const steps = load(evaluate(block as string)) as Array<{ uses?: string; with?: Record<string, unknown> }>;
    const step = steps.find((s) => s.uses?.includes('smoke-test@v1'));
    const env: Record<string, string> = { AWS_REGION: 'us-east-1' };
    for (const [name, value] of Object.entries(step?.with ?? {})) env[`INPUT_${name.toUpperCase()}`] = String(value);
    if (env['INPUT_CA-FILE']) env['INPUT_CA-FILE'] = '';
    const inputs = await readInputs(env);
    expect(inputs.checks.length).toBeGreaterThan(0);
  });
});
