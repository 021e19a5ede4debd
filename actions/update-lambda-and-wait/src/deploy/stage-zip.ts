/**
 * The zip-file + s3-bucket path: the zip is put in S3 under its
 * content-addressed key (unless already there), and the deploy goes on with
 * S3Bucket/S3Key as if they had been given. In a dry run nothing is uploaded.
 */
import { stat } from 'node:fs/promises';
import { ActionFailure, formatBytes, isAbort } from '@mlship/action-kit';
import { describeAwsError } from '@mlship/aws-kit';
import type { CodeUpdate } from '../lambda-api';
import type { Deploy } from './types';
import { zipDirectory } from './zip';
import { contentKey, digestZip, type ZipBody, type ZipUpload, type ZipUploader } from './s3-upload';

export interface StagedZip {
  code: CodeUpdate;
  /** Base64 SHA-256 of the zip: what Lambda reports as CodeSha256. */
  localSha: string;
}

/** An S3 failure as one line naming the operation, the code and the bucket; a cancel stays a cancel. */
async function s3Call<T>(operation: string, bucket: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (isAbort(err)) throw err;
    const hint = (err as { name?: string }).name === 'NoSuchBucket' ? '; s3-bucket must name an existing bucket in this region' : '';
    throw new ActionFailure(`${describeAwsError('s3', operation, err)} (bucket ${bucket})${hint}; nothing was deployed.`);
  }
}

export async function stageZip(
  deploy: Deploy,
  uploader: ZipUploader,
  source: { path: string; directory: boolean; upload: ZipUpload },
): Promise<StagedZip> {
  const { name, log, result, timing, inputs } = deploy;
  const { bucket, prefix } = source.upload;
  return deploy.phase(`Putting the zip in s3://${bucket}`, async () => {
    const began = timing.clock.now();
    const body: ZipBody = source.directory
      ? { bytes: await zipDirectory(source.path) }
      : { path: source.path, size: (await stat(source.path)).size };
    const digest = await digestZip(body, timing.signal);
    const key = contentKey(prefix, name, digest.hex);
    result.s3Bucket = bucket;
    result.s3Key = key;
    const existing = await s3Call('HeadObject', bucket, () => uploader.existingSize({ bucket, key }, timing.signal));
    const where = `s3://${bucket}/${key}`;
    if (existing === digest.size) {
      result.uploadedBytes = 0;
      log.info(`${where} already holds this zip (${formatBytes(digest.size)}): not uploaded again`);
      result.steps.push(`${inputs.dryRun ? 'would use' : 'used'} ${where}, already uploaded (same content address and size)`);
    } else if (inputs.dryRun) {
      result.steps.push(`would upload the zip (${formatBytes(digest.size)}) to ${where}`);
    } else {
      const started = timing.clock.now();
      log.info(
        `Uploading ${formatBytes(digest.size)} to ${where}${existing !== undefined ? ` (an object of another size is there: replaced)` : ''}`,
      );
      await s3Call('PutObject', bucket, () => uploader.upload({ bucket, key }, body, timing.signal));
      result.uploadedBytes = digest.size;
      const seconds = Math.round(timing.clock.now() - started) / 1000;
      result.steps.push(`uploaded the zip (${formatBytes(digest.size)}) to ${where} in ${seconds} s`);
    }
    // One line with the whole phase's time (hash, lookup, upload): what bench/lambda-s3-upload compares with `aws s3 cp`.
    log.info(`The zip is in ${where} after ${Math.round(timing.clock.now() - began) / 1000} s`);
    return { code: { S3Bucket: bucket, S3Key: key }, localSha: digest.base64 };
  });
}
