// Rebuilds every action bundle under dist/<name>/ with ncc: index.js from
// src/main.ts and, where present, the post step's own entry post/index.js from
// src/post.ts, in its own folder because ncc names a bundle's lazy chunks after
// the entry file (N.index.js), and the post step's chunks are not main's.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
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
    const post = join(out, 'post');
    bundle(join(src, 'post.ts'), post);
    // One licence file per action: the post step's dependencies are a subset of main's.
    rmSync(join(post, 'licenses.txt'), { force: true });
  }
  console.log(`built dist/${name}`);
}
