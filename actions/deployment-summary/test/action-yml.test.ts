import { readActionYml } from '../../../test/support/run-action';

interface Described {
  description?: string;
  default?: string;
}

describe('action.yml', () => {
  it('has no expression in a description: act and the runner refuse to load the action', () => {
    const yml = readActionYml('deployment-summary') as unknown as {
      description: string;
      inputs: Record<string, Described>;
      outputs: Record<string, Described>;
    };
    const texts = [
      yml.description,
      ...Object.values(yml.inputs).map((i) => i.description),
      ...Object.values(yml.outputs).map((o) => o.description),
    ];
    expect(texts.filter((t) => t?.includes('${{'))).toEqual([]);
  });

  it('only uses contexts allowed in input defaults (github, job, runner, strategy, matrix)', () => {
    const yml = readActionYml('deployment-summary') as unknown as { inputs: Record<string, Described> };
    const expressions = Object.values(yml.inputs)
      .map((i) => String(i.default ?? ''))
      .filter((d) => d.includes('${{'));
    expect(expressions).toEqual(['${{ job.status }}', '${{ github.token }}']);
  });
});
