import { createHash } from 'node:crypto';
import { readFile, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ActionFailure } from '@mlship/action-kit';

/** DOS timestamps hold local time: built from local fields, every time zone writes the same bytes. */
const FIXED_TIME = new Date(1980, 0, 1, 0, 0, 0);
const SYMLINK_MODE = 0o120777;

interface Entry {
  full: string;
  /** Path inside the zip, `/`-separated, never absolute, never with `..`. */
  name: string;
  /** Set for a symbolic link: the link's own (relative) target. */
  link?: string;
}

/**
 * Symbolic links are stored as links (as `zip -y` does), never followed: the
 * package then holds exactly the tree, and nothing outside it is ever read.
 * A link that points outside the tree, or to an absolute path (which would
 * point elsewhere once Lambda unpacks the package in /var/task), is refused
 * with its path, so the user can copy the file in or fix the link.
 */
async function walk(root: string, dir: string): Promise<Entry[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const found: Entry[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    const name = entryName(root, full);
    if (entry.isSymbolicLink()) {
      const target = await readlink(full);
      const resolved = resolve(dirname(full), target);
      const inside = !isAbsolute(target) && !relative(root, resolved).startsWith('..') && !isAbsolute(relative(root, resolved));
      if (!inside) {
        throw new ActionFailure(
          `zip-file: ${name} is a symbolic link to ${target}, ${isAbsolute(target) ? 'an absolute path' : 'outside the directory'}: refusing to package it (links are stored as links, never followed). ` +
            'Copy the file into the directory, or make the link relative to a file inside it.',
        );
      }
      found.push({ full, name, link: target.split(sep).join('/') });
    } else if (entry.isDirectory()) found.push(...(await walk(root, full)));
    else if (entry.isFile()) found.push({ full, name });
  }
  return found;
}

function entryName(root: string, full: string): string {
  const name = relative(root, full).split(sep).join('/');
  // walk() only descends, so this cannot happen; the check keeps it so if walk() ever changes.
  if (name === '' || name.startsWith('/') || name.split('/').includes('..'))
    throw new Error(`zip entry name ${name} escapes the directory`);
  return name;
}

/**
 * Zips a directory deterministically: entries sorted by path, fixed
 * timestamps, only the executable bit kept from the mode. The same content
 * gives the same bytes, hence the same CodeSha256, on any machine.
 */
export async function zipDirectory(dir: string): Promise<Uint8Array> {
  const { zipSync } = await import('fflate');
  const root = await realpath(dir);
  const files = await walk(root, root);
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const entries: Parameters<typeof zipSync>[0] = {};
  for (const file of files) {
    if (file.link !== undefined) {
      // A Unix symlink entry: the link text as content, mode 120777, stored uncompressed.
      entries[file.name] = [new TextEncoder().encode(file.link), { mtime: FIXED_TIME, os: 3, attrs: SYMLINK_MODE * 0x10000, level: 0 }];
      continue;
    }
    const executable = ((await stat(file.full)).mode & 0o111) !== 0;
    const mode = executable ? 0o100755 : 0o100644;
    entries[file.name] = [new Uint8Array(await readFile(file.full)), { mtime: FIXED_TIME, os: 3, attrs: mode * 0x10000, level: 6 }];
  }
  return zipSync(entries);
}

/** Lambda's CodeSha256: base64 of the SHA-256 of the deployment package. */
export function codeSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}
