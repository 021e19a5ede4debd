// Source-shape checks (issue 24), run by `npm test` through `npm run check:shape`:
// - no import cycles among actions/*/src and packages/*/src, type-only imports
//   included (a type cycle still means two modules cannot be read apart);
// - no function longer than MAX_FUNCTION_LINES lines;
// - `UpdateAliasCommand` constructed in exactly one place (one alias write).
// Read with the TypeScript compiler API so it sees exactly what tsc sees.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

export const MAX_FUNCTION_LINES = 80;

const root = resolve(new URL('..', import.meta.url).pathname);

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

export function listSources(base = root) {
  const files = [];
  for (const group of ['actions', 'packages']) {
    const groupDir = join(base, group);
    if (!existsSync(groupDir)) continue;
    for (const name of readdirSync(groupDir)) {
      const src = join(groupDir, name, 'src');
      if (existsSync(src)) files.push(...sourceFiles(src));
    }
  }
  return files.sort();
}

const parse = (file) => ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);

// Relative specifiers only: workspace packages are imported by name, and a
// cycle between packages would show up as a cycle inside one of them first.
function localImports(sf) {
  const specs = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
      specs.push(node.moduleSpecifier.text);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg)) specs.push(arg.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      const lit = node.argument.literal;
      if (ts.isStringLiteral(lit)) specs.push(lit.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  const resolved = [];
  for (const spec of specs.filter((s) => s.startsWith('.'))) {
    const base = resolve(dirname(sf.fileName), spec);
    const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')];
    const hit = candidates.find((c) => existsSync(c) && statSync(c).isFile());
    if (hit) resolved.push(hit);
  }
  return resolved;
}

/** Every strongly connected group of two or more modules (or a module importing itself). */
export function findCycles(files) {
  const graph = new Map(files.map((f) => [f, localImports(parse(f))]));
  // Tarjan's algorithm, iterative enough for a few hundred files.
  let index = 0;
  const stack = [];
  const meta = new Map();
  const groups = [];
  const strong = (v) => {
    meta.set(v, { index, low: index, on: true });
    index++;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!meta.has(w)) {
        strong(w);
        meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low);
      } else if (meta.get(w).on) meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index);
    }
    if (meta.get(v).low === meta.get(v).index) {
      const group = [];
      let w;
      do {
        w = stack.pop();
        meta.get(w).on = false;
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || (graph.get(v) ?? []).includes(v)) groups.push(group.sort());
    }
  };
  for (const f of files) if (!meta.has(f)) strong(f);
  return groups;
}

const isFunctionLike = (node) =>
  ts.isFunctionDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node);

function functionName(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return '(anonymous)';
}

/** Functions (any kind, nested included) spanning more than `max` lines. */
export function findLongFunctions(files, max = MAX_FUNCTION_LINES) {
  const out = [];
  for (const file of files) {
    const sf = parse(file);
    const visit = (node) => {
      if (isFunctionLike(node) && node.body) {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
        const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
        const lines = end - start + 1;
        if (lines > max) out.push({ file, line: start + 1, name: functionName(node), lines });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** Every `new UpdateAliasCommand(...)`, also through a namespace (`new sdk.UpdateAliasCommand(...)`). */
export function findConstructions(files, className = 'UpdateAliasCommand') {
  const out = [];
  const named = (e) => (ts.isIdentifier(e) && e.text === className) || (ts.isPropertyAccessExpression(e) && e.name.text === className);
  for (const file of files) {
    const sf = parse(file);
    const visit = (node) => {
      if (ts.isNewExpression(node) && named(node.expression))
        out.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

const rel = (f) => relative(root, f);

/** Every offender, as a line naming the file (and line) to fix. */
export function checkShape(files = listSources()) {
  const problems = [];
  for (const group of findCycles(files)) problems.push(`import cycle: ${group.map(rel).join(' <-> ')}`);
  for (const f of findLongFunctions(files))
    problems.push(`${rel(f.file)}:${f.line} ${f.name} is ${f.lines} lines (at most ${MAX_FUNCTION_LINES})`);
  const writes = findConstructions(files);
  if (writes.length !== 1)
    problems.push(
      `UpdateAliasCommand constructed in ${writes.length} places, not one (one alias write): ${writes.map((w) => `${rel(w.file)}:${w.line}`).join(', ')}`,
    );
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = checkShape();
  for (const p of problems) console.log(`::error::${p}`);
  if (problems.length) process.exit(1);
  console.log('source shape: no import cycles, no function over 80 lines, one UpdateAliasCommand');
}
