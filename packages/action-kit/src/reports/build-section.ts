/** build-and-push-ecr's section: the one rendering of a BuildReport's markdown (see section.ts). */
import { formatBytes, shortDigest } from '../format';
import { facts } from '../markdown';
import { code, link, md, mdJoin, type MdValue } from '../sinks/markdown';
import type { BuildReport, Severity } from './build';
import type { SectionOptions } from './section';

const SEVERITIES: Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'];

/** The same rows for every target; the console link is the caller's (`opts.consoleUrl`). */
export function buildSection(r: BuildReport, opts: SectionOptions): string {
  return facts([
    ['Image', r.imageUri ? code(r.imageUri) : undefined],
    ['By digest', r.imageUriDigest ? code(r.imageUriDigest) : undefined],
    // Short: the full digest is in the row above. It links the image's console page when there is one to vouch for.
    ['Digest', r.digest ? link(code(shortDigest(r.digest)), opts.consoleUrl) : undefined],
    ['Media type', r.mediaType],
    [
      'Lambda',
      r.lambdaCompatible === false
        ? '⚠️ This is a multi-platform image index: AWS Lambda cannot use it (it needs a single-platform image). Use it for ECS, EKS or SageMaker, or give Lambda one platform digest below.'
        : undefined,
    ],
    ['Platforms', r.platforms?.length ? mdJoin(r.platforms.map((p) => md`${p.platform} ${code(p.digest)}`)) : undefined],
    ['Size', r.sizeBytes === undefined ? undefined : formatBytes(r.sizeBytes)],
    ['Tags', r.tags.length ? mdJoin(r.tags.map((t) => code(shortTag(r, t)))) : undefined],
    [
      'Not moved (IMMUTABLE)',
      r.tagsNotMoved?.length
        ? md`${mdJoin(r.tagsNotMoved.map((t) => code(t)))}: the repository is IMMUTABLE, these tags still point at their earlier image`
        : undefined,
    ],
    ['Pushed', r.skipped ? `no: ${r.skipReason ?? 'skipped'}` : r.pushed ? 'yes' : 'no'],
    // buildx is the rule; only the fallback is news.
    ['Builder', r.builder === 'docker' ? 'docker build + docker push (buildx missing)' : undefined],
    // Without a digest the link goes on the repository, so it is still there.
    [
      'Repository',
      md`${link(code(r.repository), r.digest ? undefined : opts.consoleUrl)}${r.createdRepository ? ' (created by this run)' : ''}`,
    ],
    ['Scan', scanText(r.scan)],
  ]);
}

/** Tags come as full references; the repository is on its own row. Another repository's reference stays whole. */
function shortTag(r: BuildReport, tag: string): string {
  const prefix = r.registry ? `${r.registry}/${r.repository}:` : undefined;
  return prefix && tag.startsWith(prefix) ? tag.slice(prefix.length) : tag;
}

function scanText(scan: BuildReport['scan']): MdValue {
  if (!scan) return undefined;
  const counts = SEVERITIES.filter((s) => (scan.findings[s] ?? 0) > 0).map((s) => `${scan.findings[s]} ${s}`);
  // A finished scan needs no status; an unfinished one says which.
  const status = scan.status === 'COMPLETE' ? '' : `${scan.status}: `;
  const bar = scan.threshold ? ` (fails at ${scan.threshold} or above)` : '';
  return `${scan.passed ? '✅' : '❌'} ${status}${counts.length ? counts.join(', ') : 'no findings'}${bar}`;
}
