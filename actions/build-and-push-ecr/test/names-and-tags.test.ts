import { registryIdProblem, repositoryNameProblem, tagProblem } from '../src/ecr-names';
import { planTags } from '../src/tags';

describe('ECR repository names', () => {
  it.each(['ml/sentiment-model', 'model', 'a1', 'team.a/model_x/v2', 'a__b', 'a--b'])('accepts %s', (name) => {
    expect(repositoryNameProblem(name)).toBeUndefined();
  });

  it.each([
    ['a', /2 to 256/],
    ['x'.repeat(257), /2 to 256/],
    ['Model', /lower case/],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com/model', /without registry host/],
    ['model:latest', /without registry host, tag or digest/],
    ['/model', /empty path component/],
    ['model/', /empty path component/],
    ['-model', /'-model'/],
    ['my model', /'my model'/],
    ['a..b', /'a..b'/],
  ])('rejects %s', (name, problem) => {
    expect(repositoryNameProblem(name)).toMatch(problem);
  });
});

describe('tags and registry IDs', () => {
  it('accepts docker tags and rejects the rest', () => {
    expect(tagProblem('0123456789abcdef0123456789abcdef01234567')).toBeUndefined();
    expect(tagProblem('v1.2.3_rc-1')).toBeUndefined();
    expect(tagProblem('.hidden')).toMatch(/not a valid image tag/);
    expect(tagProblem('a/b')).toMatch(/not a valid image tag/);
    expect(tagProblem('x'.repeat(129))).toMatch(/at most 128/);
  });

  it('wants a 12-digit account', () => {
    expect(registryIdProblem('123456789012')).toBeUndefined();
    expect(registryIdProblem('12345')).toMatch(/12-digit/);
  });
});

describe('planTags', () => {
  const existing = new Map([['latest', 'sha256:old']]);

  it('pushes every tag to a MUTABLE repository', () => {
    expect(planTags(['abc', 'latest'], existing, 'MUTABLE')).toEqual({ push: ['abc', 'latest'], notMoved: [] });
  });

  it('leaves existing tags alone in an IMMUTABLE repository', () => {
    expect(planTags(['abc', 'latest'], existing, 'IMMUTABLE')).toEqual({ push: ['abc'], notMoved: ['latest'] });
  });

  it('reports a primary tag that cannot be pushed by leaving it out of push', () => {
    const plan = planTags(['latest', 'abc'], existing, 'IMMUTABLE');
    expect(plan.push[0]).toBe('abc');
    expect(plan.notMoved).toEqual(['latest']);
  });
});
