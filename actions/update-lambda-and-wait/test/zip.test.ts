import { chmodSync, mkdirSync, mkdtempSync, readFileSync as read, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { codeSha256, zipDirectory } from '../src/deploy/zip';

function tree(files: Record<string, string>, order: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'zip-'));
  for (const name of order) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), files[name] as string);
  }
  return dir;
}

const files = {
  'index.py': 'def handler(e, c):\n    return 1\n',
  'pkg/b.txt': 'b',
  'pkg/a.txt': 'a',
  'model/weights.bin': 'w'.repeat(1000),
};

it('gives the same bytes for the same content, whatever the creation order and timestamps', async () => {
  const one = tree(files, Object.keys(files));
  const two = tree(files, Object.keys(files).reverse());
  utimesSync(join(two, 'index.py'), new Date(2031, 5, 1), new Date(2031, 5, 1));
  const [a, b] = [await zipDirectory(one), await zipDirectory(two)];
  expect(codeSha256(a)).toBe(codeSha256(b));
  expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
});

it('sorts entries, keeps content, and changes the hash when content changes', async () => {
  const dir = tree(files, Object.keys(files));
  const zip = await zipDirectory(dir);
  const entries = unzipSync(zip);
  expect(Object.keys(entries)).toEqual(['index.py', 'model/weights.bin', 'pkg/a.txt', 'pkg/b.txt']);
  expect(Buffer.from(entries['pkg/a.txt'] as Uint8Array).toString()).toBe('a');
  writeFileSync(join(dir, 'pkg/a.txt'), 'A');
  expect(codeSha256(await zipDirectory(dir))).not.toBe(codeSha256(zip));
});

it('keeps the executable bit, which bootstrap files of custom runtimes need', async () => {
  const dir = tree({ bootstrap: '#!/bin/sh\n' }, ['bootstrap']);
  chmodSync(join(dir, 'bootstrap'), 0o755);
  const zip = Buffer.from(await zipDirectory(dir));
  // Central directory entry: external attributes at offset 38, Unix mode in the high 16 bits.
  const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  expect((zip.readUInt32LE(central + 38) >>> 16) & 0o777).toBe(0o755);
});

describe('symbolic links', () => {
  it('stores a link inside the tree as a link, never reading its target', async () => {
    const dir = tree({ 'lib/real.txt': 'real' }, ['lib/real.txt']);
    symlinkSync('lib/real.txt', join(dir, 'alias.txt'));
    const zip = Buffer.from(await zipDirectory(dir));
    const entries = unzipSync(zip);
    expect(Object.keys(entries)).toEqual(['alias.txt', 'lib/real.txt']);
    expect(Buffer.from(entries['alias.txt'] as Uint8Array).toString()).toBe('lib/real.txt');
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect((zip.readUInt32LE(central + 38) >>> 16) & 0o170000).toBe(0o120000);
    expect(read(join(dir, 'alias.txt'), 'utf8')).toBe('real');
  });

  it('refuses a link that leads out of the tree, naming it', async () => {
    const outside = tree({ 'secret.txt': 'do not ship' }, ['secret.txt']);
    const dir = tree({ 'index.py': 'x' }, ['index.py']);
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'absolute'));
    await expect(zipDirectory(dir)).rejects.toThrow(/zip-file: absolute is a symbolic link to .*secret\.txt, an absolute path: refusing/);
    const relative = tree({ 'index.py': 'x' }, ['index.py']);
    mkdirSync(join(relative, 'sub'));
    symlinkSync('../../etc/passwd', join(relative, 'sub', 'up'));
    await expect(zipDirectory(relative)).rejects.toThrow(
      /zip-file: sub\/up is a symbolic link to \.\.\/\.\.\/etc\/passwd, outside the directory/,
    );
  });
});
