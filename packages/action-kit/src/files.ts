import { statSync, type Stats } from 'node:fs';

function describeKind(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/**
 * Why `path` cannot be read as a file input, or undefined when it is a
 * regular file (symlinks followed). A FIFO or a device is refused before it
 * is opened: reading one can block forever, past every timeout and signal.
 */
export function regularFileProblem(path: string): string | undefined {
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'was not found' : `cannot be read (${code ?? (err as Error).message})`;
  }
  return stat.isFile() ? undefined : `is ${describeKind(stat)}, not a regular file`;
}
