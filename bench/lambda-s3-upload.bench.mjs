// update-lambda-and-wait with a 200 MB zip-file and s3-bucket, against a moto
// of its own (S3 and Lambda on loopback), paired run by run with the same
// work done by hand with the AWS CLI:
//  1. the upload: the action's "Putting the zip in S3" phase (SHA-256 of the
//     file, HeadObject, multipart upload) versus `aws s3 cp` of the same file;
//  2. the whole step (node start to exit: upload, UpdateFunctionCode from S3,
//     wait, publish) versus `aws s3 cp` then `aws lambda update-function-code`;
//  3. a re-run with the same zip: the bytes it uploads (target 0).
// Each pair uses a fresh key (a fresh s3-key-prefix), and the order within a
// pair alternates, so neither side always runs on a warmer moto.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { zipSync } from 'fflate';
import { runAction } from '../test/support/run-action.mjs';
import { TEST_CREDENTIALS, createFunction, spawnMoto } from '../test/stack/fault-proxy/fixtures.mjs';

const node = process.env.NODE24_BIN ?? '/opt/mlship-tools/node24/bin/node';
const pairs = Number(process.env.BENCH_PAIRS ?? 5);
const sizeMb = Number(process.env.BENCH_ZIP_MB ?? 200);

const moto = await spawnMoto();
const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS });
const bucket = `bench-upload-${process.pid}`;
await s3.send(new CreateBucketCommand({ Bucket: bucket }));
const fn = `bench-upload-${process.pid}`;
await createFunction(moto.endpoint, fn);

const ws = mkdtempSync(join(tmpdir(), 'bench-s3-ws-'));
const zipPath = join(ws, 'model.zip');
// Incompressible, stored: the zip is as big as its content.
writeFileSync(zipPath, zipSync({ 'model.bin': randomBytes(sizeMb * 1024 * 1024) }, { level: 0 }));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (n, d = 3) => Number(n.toFixed(d));

async function emptyBucket() {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  for (const o of listed.Contents ?? []) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: o.Key }));
}

async function withAction(prefix) {
  const started = process.hrtime.bigint();
  const run = await runAction('update-lambda-and-wait', {
    node,
    cwd: ws,
    inputs: { 'function-name': fn, 'zip-file': 'model.zip', 's3-bucket': bucket, 's3-key-prefix': prefix },
    env: { ...moto.env, GITHUB_WORKSPACE: ws, RUNNER_DEBUG: '' },
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.code !== 0) throw new Error(`action failed (${run.code}): ${run.stdout.slice(-2000)}${run.stderr.slice(-1000)}`);
  const report = run.report();
  const phase = /The zip is in s3:\/\/\S+ after (\d+(?:\.\d+)?) s/.exec(run.stdout);
  return { wallMs, uploadMs: phase ? Number(phase[1]) * 1000 : NaN, uploadedBytes: report.uploadedBytes, key: report.s3Key };
}

function aws(args) {
  const started = process.hrtime.bigint();
  const run = spawnSync('aws', ['--endpoint-url', moto.endpoint, ...args], {
    env: { ...process.env, ...moto.env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (run.status !== 0) throw new Error(`aws ${args.join(' ')} failed: ${run.stderr.slice(-2000)}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

function byHand(prefix) {
  const key = `${prefix}/${fn}/by-hand.zip`;
  const uploadMs = aws(['s3', 'cp', '--only-show-errors', zipPath, `s3://${bucket}/${key}`]);
  const deployMs = aws(['lambda', 'update-function-code', '--function-name', fn, '--s3-bucket', bucket, '--s3-key', key, '--publish']);
  return { uploadMs, wallMs: uploadMs + deployMs };
}

const rows = [];
try {
  for (let i = 0; i < pairs; i++) {
    const prefix = `pair-${i}`;
    let action;
    let hand;
    if (i % 2 === 0) {
      action = await withAction(prefix);
      hand = byHand(prefix);
    } else {
      hand = byHand(prefix);
      action = await withAction(prefix);
    }
    if (action.uploadedBytes === 0) throw new Error(`pair ${i}: the action found the object already there; fresh prefix expected`);
    // The re-run: the same zip, the same prefix.
    const again = await withAction(prefix);
    rows.push({ action, hand, rerunBytes: again.uploadedBytes, rerunWallMs: again.wallMs });
    process.stderr.write(
      `pair ${i}: upload action ${Math.round(action.uploadMs)} ms vs aws s3 cp ${Math.round(hand.uploadMs)} ms; step ${Math.round(action.wallMs)} ms vs by hand ${Math.round(hand.wallMs)} ms; re-run uploaded ${again.uploadedBytes} bytes in ${Math.round(again.wallMs)} ms\n`,
    );
    await emptyBucket();
  }
} finally {
  s3.destroy();
  await moto.stop();
}

const uploadRatio = median(rows.map((r) => r.action.uploadMs / r.hand.uploadMs));
const stepRatio = median(rows.map((r) => r.action.wallMs / r.hand.wallMs));
const results = [
  ['upload, action / aws s3 cp (median of paired ratios)', round(uploadRatio), 'x', `${sizeMb} MB zip, ${pairs} pairs; target <= 1.0`],
  ['upload, action (median)', Math.round(median(rows.map((r) => r.action.uploadMs))), 'ms', 'hash + HeadObject + multipart upload'],
  ['upload, aws s3 cp (median)', Math.round(median(rows.map((r) => r.hand.uploadMs))), 'ms', 'CLI start included'],
  [
    'whole step, action / by hand (median of paired ratios)',
    round(stepRatio),
    'x',
    'by hand: aws s3 cp + aws lambda update-function-code --publish',
  ],
  ['re-run upload bytes (max)', Math.max(...rows.map((r) => r.rerunBytes)), 'bytes', 'target 0'],
  ['re-run whole step (median)', Math.round(median(rows.map((r) => r.rerunWallMs))), 'ms', 'hash + HeadObject, no upload'],
];
for (const [metric, value, unit, note] of results) {
  console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'lambda-s3-upload', metric, value, unit, note })}`);
}
