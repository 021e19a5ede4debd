#!/usr/bin/env node
// Fails when package-lock.json lacks a package that `npm ci` will ask for on some
// platform. npm 11 can write a lock over an existing node_modules that records
// only this machine's optional binaries (@swc/core-linux-x64-gnu but not
// @swc/core-darwin-arm64); `npm ci` on any fresh clone then refuses it with
// "Missing: ... from lock file". Repair: `npm install --package-lock-only` on a
// clone without node_modules.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function missingFromLock(lock) {
  const packages = lock.packages ?? {};
  const missing = [];
  for (const [path, entry] of Object.entries(packages)) {
    const wanted = { ...entry.dependencies, ...entry.devDependencies, ...entry.optionalDependencies };
    for (const name of Object.keys(wanted)) {
      if (!resolves(packages, path, name)) missing.push(`${name} (wanted by ${path || 'the root'})`);
    }
  }
  return missing;
}

// Node's lookup: the package's own node_modules, then each parent's, up to the root.
function resolves(packages, from, name) {
  let base = from;
  for (;;) {
    if (packages[join(base, 'node_modules', name)]) return true;
    if (base === '') return false;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const missing = missingFromLock(JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')));
  if (missing.length > 0) {
    console.error(`package-lock.json is incomplete; npm ci will fail on a fresh clone. Missing ${missing.length}:`);
    for (const line of missing.slice(0, 20)) console.error(`  ${line}`);
    console.error('Repair: in a clone without node_modules, run npm install --package-lock-only');
    process.exit(1);
  }
  console.log('package-lock.json: complete');
}
