import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** DOS timestamps hold local time: built from local fields, every time zone writes the same bytes. */
const FIXED_TIME = new Date(1980, 0, 1, 0, 0, 0);

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(full)));
    else if (entry.isFile() || entry.isSymbolicLink()) files.push(full);
  }
  return files;
}

/**
 * Zips a directory deterministically: entries sorted by path, fixed
 * timestamps, only the executable bit kept from the mode. The same content
 * gives the same bytes, hence the same CodeSha256, on any machine.
 */
export async function zipDirectory(dir: string): Promise<Uint8Array> {
  const { zipSync } = await import('fflate');
  const files = (await walk(dir)).map((full) => ({ full, name: relative(dir, full).split(sep).join('/') }));
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const entries: Parameters<typeof zipSync>[0] = {};
  for (const file of files) {
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
