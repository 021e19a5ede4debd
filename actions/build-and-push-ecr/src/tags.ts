import type { Mutability } from './names';

export interface TagPlan {
  /** Tags this run pushes. The primary is always first when pushed. */
  push: string[];
  /** Tags left where they are because the repository is IMMUTABLE. */
  notMoved: string[];
}

/**
 * Which tags to push, given what the registry already has (tag -> digest).
 * An IMMUTABLE repository refuses to overwrite a tag, and one refused tag
 * fails the whole push: so existing tags are left alone up front.
 */
export function planTags(tags: string[], existing: Map<string, string>, mutability: Mutability): TagPlan {
  if (mutability === 'MUTABLE') return { push: [...tags], notMoved: [] };
  return {
    push: tags.filter((tag) => !existing.has(tag)),
    notMoved: tags.filter((tag) => existing.has(tag)),
  };
}
