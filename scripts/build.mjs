// Rebuilds every action bundle under dist/<name>/ with ncc: index.js from
// src/main.ts and, where present, post.js from src/post.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const ncc = join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
const only = process.argv.slice(2);
const actions = readdirSync(join(root, 'actions')).filter(
  (name) => statSync(join(root, 'actions', name)).isDirectory() && (only.length === 0 || only.includes(name)),
);

function bundle(entry, outDir) {
  execFileSync(
    process.execPath,
    [ncc, 'build', entry, '-o', outDir, '--minify', '--target', 'es2022', '--license', 'licenses.txt', '--quiet'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}

for (const name of actions) {
  const src = join(root, 'actions', name, 'src');
  const out = join(root, 'dist', name);
  rmSync(out, { recursive: true, force: true });
  bundle(join(src, 'main.ts'), out);
  if (existsSync(join(src, 'post.ts'))) {
    // The post step is small (no AWS SDK): bundle it alone, keep it as one file.
    const tmp = mkdtempSync(join(tmpdir(), `ncc-${name}-post-`));
    bundle(join(src, 'post.ts'), tmp);
    const extra = readdirSync(tmp).filter((f) => !['index.js', 'package.json', 'licenses.txt'].includes(f));
    if (extra.length > 0) throw new Error(`post step of ${name} produced chunks (${extra.join(', ')}); keep it free of dynamic imports`);
    renameSync(join(tmp, 'index.js'), join(out, 'post.js'));
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`built dist/${name}`);
}
