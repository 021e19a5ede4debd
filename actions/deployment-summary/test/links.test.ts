/**
 * Links only from validated parts: a report's region, registry, repository,
 * function name, ARN and consoleUrl are untrusted text. Rendered with
 * cmark-gfm (GitHub's renderer), every link in the summary goes to a host we
 * build: the run on github.com, the AWS console of a real region, the
 * environment URL the workflow gave.
 */
import type { AnyReport } from '@mlship/action-kit';
import { collect } from '../src/collect';
import { readRunContext } from '../src/context';
import { ecrImageUrl, lambdaVersionUrl } from '../src/links';
import { render } from '../src/render';
import { links, renderMarkdown } from '../../../test/support/untrusted';
import { buildReport, lambdaReport, step } from './fixtures';

const context = readRunContext({ GITHUB_REPOSITORY: 'octo-org/model-service', GITHUB_SHA: 'a'.repeat(40), GITHUB_RUN_ID: '7' });
const EVIL_REGION = 'us-east-1.evil.example#';
const OUR_HOST =
  /^https:\/\/(github\.com\/octo-org\/model-service\/actions\/runs\/7|[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}\.console\.aws\.amazon\.com\/)/;

function renderedLinks(...reports: AnyReport[]): string[] {
  const steps = Object.fromEntries(reports.map((r, i) => [`s${i}`, step(r)]));
  const markdown = render({ collected: collect(steps, [], 'success'), title: 'Deployment', context });
  return links(renderMarkdown(markdown));
}

describe('console links from hostile reports', () => {
  it.each<[string, AnyReport]>([
    ['an ECR region with a host in it', buildReport({ region: EVIL_REGION })],
    ['a registry on another host', buildReport({ registry: '123456789012.dkr.ecr.us-east-1.evil.example' })],
    ['a registry whose region differs from the report', buildReport({ registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com' })],
    ['a repository that climbs out of its path', buildReport({ repository: '../../../evil.example/x' })],
    ['a Lambda region with a host in it', lambdaReport({ region: EVIL_REGION })],
    ['a function name with a fragment', lambdaReport({ functionName: 'api#@evil.example', functionArn: undefined })],
    ['an ARN in another region than the report', lambdaReport({ functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:api' })],
  ])('%s gives no console link at all', (_name, report) => {
    const url = report.action === 'build-and-push-ecr' ? ecrImageUrl(report) : lambdaVersionUrl(report as never);
    expect(url).toBeUndefined();
    for (const href of renderedLinks(report)) expect(href).toMatch(OUR_HOST);
  });

  it("never uses a report's own consoleUrl", () => {
    const hrefs = renderedLinks(
      buildReport({ digest: undefined, consoleUrl: 'https://evil.example/ecr' }),
      lambdaReport({ version: '$LATEST', consoleUrl: 'https://evil.example/lambda' }),
    );
    expect(hrefs.filter((h) => h.includes('evil'))).toEqual([]);
    // Rebuilt from the validated parts instead: the repository's page and the function's.
    expect(hrefs.some((h) => h.includes('.console.aws.amazon.com/ecr/repositories/private/123456789012/sentiment-model?'))).toBe(true);
    expect(hrefs.some((h) => h.includes('.console.aws.amazon.com/lambda/home?region=us-east-1#/functions/sentiment-api?'))).toBe(true);
    for (const href of hrefs) expect(href).toMatch(OUR_HOST);
  });

  it('still links a valid report to its console pages', () => {
    expect(ecrImageUrl(buildReport())).toMatch(
      /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/ecr\/repositories\/private\/123456789012\/sentiment-model\/_\/image\/sha256:[a-f0-9]{64}\/details\?region=us-east-1$/,
    );
    expect(lambdaVersionUrl(lambdaReport())).toMatch(
      /^https:\/\/us-east-1\.console\.aws\.amazon\.com\/lambda\/home\?region=us-east-1#\/functions\/sentiment-api\/versions\/14\?tab=code$/,
    );
    expect(lambdaVersionUrl(lambdaReport({ region: 'cn-north-1', functionArn: undefined }))).toMatch(
      /^https:\/\/cn-north-1\.console\.amazonaws\.cn\//,
    );
  });
});
