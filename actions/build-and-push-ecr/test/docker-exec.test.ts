// execDocker against a stand-in `docker` executable on PATH (a shell script),
// so what reaches the process (arguments, stdin) and what comes back (exit
// code, both streams) is observed at the process boundary. The real docker is
// exercised by the integration suites.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelledError } from '@mlship/action-kit';
import { DockerMissingError } from '../src/docker';
import { execDocker } from '../src/docker-exec';

const FAKE_DOCKER = `#!/bin/sh
case "$1" in
  login) echo "args: $*"; echo "stdin: $(cat)"; echo "warning on stderr" >&2; exit 0 ;;
  version) echo "20.10.24" ;;
  inspect) echo "Error: No such object: $2" >&2; exit 1 ;;
  hang) echo "$$" > "$(dirname "$0")/pid"; exec sleep 30 ;;
esac
`;

let bin: string;
const savedPath = process.env['PATH'];

beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), 'fake-docker-'));
  writeFileSync(join(bin, 'docker'), FAKE_DOCKER);
  chmodSync(join(bin, 'docker'), 0o755);
  process.env['PATH'] = `${bin}:${savedPath ?? ''}`;
});
afterAll(() => {
  process.env['PATH'] = savedPath;
  rmSync(bin, { recursive: true, force: true });
});

describe('query (through @actions/exec)', () => {
  it('passes input on stdin, never on the command line, and returns both streams and the exit code', async () => {
    const result = await execDocker().query(['login', '--username', 'AWS', '--password-stdin', 'registry.example'], { input: 'pw-123' });
    expect(result.code).toBe(0);
    expect(result.output).toContain('args: login --username AWS --password-stdin registry.example\n');
    expect(result.output).toContain('stdin: pw-123\n');
    expect(result.output).toContain('warning on stderr');
  });

  it('returns a failing exit code as a result, not an exception', async () => {
    const result = await execDocker().query(['inspect', 'missing:tag']);
    expect(result).toEqual({ code: 1, output: 'Error: No such object: missing:tag\n' });
  });

  it('writes nothing to the log', async () => {
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string | Uint8Array) => (written.push(String(chunk)), true);
    try {
      expect(await execDocker().query(['version'])).toEqual({ code: 0, output: '20.10.24\n' });
    } finally {
      process.stdout.write = write;
    }
    expect(written).toEqual([]);
  });

  it('stops waiting at once on cancel', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = execDocker(controller.signal).query(['hang']);
    setTimeout(() => controller.abort(), 200);
    await expect(pending).rejects.toThrow(CancelledError);
    expect(Date.now() - started).toBeLessThan(2_000);
    // The query is left to end by itself; this one never would.
    process.kill(Number(readFileSync(join(bin, 'pid'), 'utf8')), 'SIGKILL');
  });

  it('says docker is missing when it is not on PATH', async () => {
    process.env['PATH'] = '/nonexistent';
    try {
      await expect(execDocker().query(['version'])).rejects.toThrow(DockerMissingError);
    } finally {
      process.env['PATH'] = `${bin}:${savedPath ?? ''}`;
    }
  });
});
