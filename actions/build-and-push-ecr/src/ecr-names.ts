/**
 * ECR's own rules (CreateRepository API reference): 2 to 256 characters,
 * lower-case path components separated by `/`, each made of alphanumerics
 * joined by single `.`, `_` or `-` (and `__`). Checking them here turns a
 * late, cryptic InvalidParameterException into an input error.
 */
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

export function repositoryNameProblem(name: string): string | undefined {
  if (name.length < 2 || name.length > 256) return `must be 2 to 256 characters long; got ${name.length}`;
  if (/[A-Z]/.test(name)) return `must be lower case; got '${name}'`;
  if (name.includes('://') || /\.amazonaws\.com/.test(name) || name.includes(':') || name.includes('@')) {
    return `must be the repository name only, without registry host, tag or digest; got '${name}'`;
  }
  const bad = name.split('/').find((part) => !COMPONENT.test(part));
  if (bad !== undefined) {
    return `is not a valid ECR repository name ('${bad === '' ? '(empty path component)' : bad}' breaks the rule: lower-case letters and digits, separated by '.', '_', '-' or '/')`;
  }
  return undefined;
}

/** Docker's tag grammar: up to 128 characters, no leading `.` or `-`. */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function tagProblem(tag: string): string | undefined {
  if (TAG.test(tag)) return undefined;
  return `'${tag}' is not a valid image tag (letters, digits, '_', '.', '-', at most 128 characters, not starting with '.' or '-')`;
}

/** The 12-digit account ID ECR uses as registry ID. */
export function registryIdProblem(id: string): string | undefined {
  return /^\d{12}$/.test(id) ? undefined : `must be a 12-digit AWS account ID; got '${id}'`;
}
