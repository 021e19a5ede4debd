/**
 * A local zip of any size through S3: uploaded under a content-addressed key
 * (`<prefix>/<function name>/<sha256 of the zip>.zip`), multipart for large
 * files, skipped when that object already exists with the same size, so one
 * artifact deployed to staging then production is uploaded once. A cancelled
 * or failed upload aborts its multipart upload: no object under the final key.
 *
 * @aws-sdk/client-s3 and @aws-sdk/lib-storage are loaded here, lazily: only
 * a run that uploads pays for them.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { clientConfig } from '@mlship/aws-kit';

/** What to upload: a file on disk (streamed) or bytes zipped in memory. */
/** zip-file with s3-bucket: where the zip is staged. */
export interface ZipUpload {
  bucket: string;
  /** s3-key-prefix, default "lambda". */
  prefix: string;
}

export type ZipBody = { path: string; size: number } | { bytes: Uint8Array };

export interface ZipDigest {
  /** Hex, for the key. */
  hex: string;
  /** Base64, as Lambda reports CodeSha256. */
  base64: string;
  size: number;
}

export interface UploadTarget {
  bucket: string;
  key: string;
}

export interface ZipUploader {
  /** The object's size, or undefined when it does not exist (or cannot be read: then it is uploaded). */
  existingSize(target: UploadTarget, signal?: AbortSignal): Promise<number | undefined>;
  /** Uploads the body (multipart when large); aborted by `signal`, leaving no object and no parts. */
  upload(target: UploadTarget, body: ZipBody, signal?: AbortSignal): Promise<void>;
  close(): void;
}

/** Parts of 8 MiB, 10 in flight: what `aws s3 cp` uses. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 10;

/** One pass over the zip gives both the key (hex) and Lambda's CodeSha256 (base64). */
export async function digestZip(body: ZipBody, signal?: AbortSignal): Promise<ZipDigest> {
  const hash = createHash('sha256');
  let size = 0;
  if ('bytes' in body) {
    hash.update(body.bytes);
    size = body.bytes.byteLength;
  } else {
    for await (const chunk of createReadStream(body.path, { highWaterMark: 1024 * 1024, signal })) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).byteLength;
    }
  }
  const digest = hash.digest();
  return { hex: digest.toString('hex'), base64: digest.toString('base64'), size };
}

/** `<prefix>/<function name>/<sha256>.zip`; the name without an ARN's account and region. */
export function contentKey(prefix: string, functionName: string, sha256Hex: string): string {
  const name = functionName.split(':').pop() as string;
  return `${prefix.replace(/^\/+|\/+$/g, '')}/${name}/${sha256Hex}.zip`;
}

/** Binds the uploader to an S3 client; path-style addressing when an endpoint override (a local S3) is set. */
export async function s3Uploader(region: string, env: NodeJS.ProcessEnv = process.env): Promise<ZipUploader> {
  const [s3, storage] = await Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]);
  const forcePathStyle = Boolean(env['AWS_ENDPOINT_URL_S3'] || env['AWS_ENDPOINT_URL']);
  // No CRC32 per part: the content is checked end to end instead (Lambda's CodeSha256 must be the
  // zip's SHA-256, run.ts), which spares a third pass over every byte besides that hash and SigV4's.
  const client = new s3.S3Client({
    ...clientConfig({ region, maxAttempts: 5, requestTimeoutMs: 120_000 }),
    forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  return {
    async existingSize({ bucket, key }, signal) {
      try {
        const head = await client.send(new s3.HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
        return head.ContentLength;
      } catch (err) {
        const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
        // 404: not there; 403: no s3:ListBucket, so a missing object looks forbidden. Either way: upload.
        if (status === 404 || status === 403) return undefined;
        throw err;
      }
    },
    async upload({ bucket, key }, body, signal) {
      const data = 'bytes' in body ? body.bytes : createReadStream(body.path, { highWaterMark: 1024 * 1024 });
      const length = 'bytes' in body ? body.bytes.byteLength : body.size;
      const upload = new storage.Upload({
        client,
        params: { Bucket: bucket, Key: key, Body: data, ContentLength: length, ContentType: 'application/zip' },
        partSize: PART_SIZE,
        queueSize: QUEUE_SIZE,
        leavePartsOnError: false,
      });
      const abort = (): void => void upload.abort();
      signal?.addEventListener('abort', abort, { once: true });
      try {
        signal?.throwIfAborted();
        await upload.done();
      } catch (err) {
        // done() rejects at once on abort while lib-storage would abort the multipart upload only
        // once the parts in flight settle, which a cancelled job may not live to see: do it now.
        const uploadId = (upload as unknown as { uploadId?: string }).uploadId;
        if (uploadId) {
          await client
            .send(new s3.AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }), {
              abortSignal: AbortSignal.timeout(10_000),
            })
            .catch(() => undefined);
        }
        throw err;
      } finally {
        signal?.removeEventListener('abort', abort);
        if (!('bytes' in body) && 'destroy' in data) data.destroy();
      }
    },
    close: () => client.destroy(),
  };
}
