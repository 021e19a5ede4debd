// stack:up is idempotent and fast when the stack is up, says what is missing
// when it can't start, and ensureStack() costs next to nothing on a warm stack.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureStack, parseEnvFile, repoRoot, stackEnvFile, stackProblems } from '../support/stack';

const upScript = join(repoRoot, 'test', 'stack', 'up.sh');

function runUp(env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; out: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('bash', [upScript], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('close', (code) => resolve({ code, out, ms: Date.now() - started }));
  });
}

beforeAll(async () => {
  await ensureStack();
});

it('leaves a running stack alone and keeps its endpoints', async () => {
  const before = readFileSync(stackEnvFile, 'utf8');
  const again = await runUp();
  expect(again.code).toBe(0);
  for (const part of ['docker', 'moto', 'registry', 'proxy']) expect(again.out).toMatch(new RegExp(`${part}: already answering`));
  expect(again.out).not.toMatch(/starting/);
  expect(readFileSync(stackEnvFile, 'utf8')).toBe(before);
  expect(again.ms).toBeLessThan(10_000);
});

it('serialises concurrent stack:up runs (parallel jest workers)', async () => {
  const runs = await Promise.all([runUp(), runUp(), runUp()]);
  expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
  expect(await stackProblems(parseEnvFile(readFileSync(stackEnvFile, 'utf8')))).toEqual([]);
});

it('returns the env of .stack/env quickly when the stack is up', async () => {
  const started = process.hrtime.bigint();
  const stack = await ensureStack();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  expect(ms).toBeLessThan(1_000);
  expect(stack.env).toEqual(parseEnvFile(readFileSync(stackEnvFile, 'utf8')));
  expect(stack).toMatchObject({
    registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
    accountId: '123456789012',
    region: 'us-east-1',
    roleArn: 'arn:aws:iam::123456789012:role/lambda-exec',
  });
  expect(stack.env['AWS_ENDPOINT_URL']).toBe(stack.motoEndpoint);
  expect(stack.motoEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(stack.motoEndpoint).not.toMatch(/:5000$/);
});

it('says which tools are missing and what to run, changing nothing', () => {
  // A PATH with the few basics the script needs before its check, and no tools.
  const bin = mkdtempSync(join(tmpdir(), 'bare-path-'));
  for (const tool of ['date', 'dirname', 'id']) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
  const r = spawnSync('/bin/bash', [upScript], { encoding: 'utf8', env: { PATH: bin, HOME: process.env['HOME'] } });
  rmSync(bin, { recursive: true, force: true });
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('missing: dockerd docker docker-registry htpasswd openssl moto_server node curl');
  expect(r.stderr).toContain('.ci/install-tools.sh');
});
