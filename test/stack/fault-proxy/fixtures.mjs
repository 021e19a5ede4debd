// Lambda fixtures shared by the fault-proxy tests, the update-lambda-and-wait
// tests and bench/lambda-*.bench.mjs: functions created straight in moto
// (not through the proxy), so the proxy's log holds only what is under test.
import { TEST_CREDENTIALS, configureMoto, createLambdaRole, freePort, startMoto } from '../../support/moto.mjs';
import { zipSync, strToU8 } from 'fflate';

export { TEST_CREDENTIALS };
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/lambda-exec';

/** A tiny Python handler zip; the same body always gives the same bytes (fixed timestamp). */
export function handlerZip(body = 'ok') {
  const source = strToU8(`def handler(event, context):\n    return ${JSON.stringify(body)}\n`);
  return zipSync({ 'index.py': source }, { mtime: new Date(1980, 0, 1) });
}

export async function lambdaClient(endpoint, extra = {}) {
  const { LambdaClient } = await import('@aws-sdk/client-lambda');
  return new LambdaClient({ region: 'us-east-1', endpoint, credentials: TEST_CREDENTIALS, ...extra });
}

/**
 * Creates a Zip (default) or Image function in moto; returns its configuration.
 * @param {string} endpoint
 * @param {string} name
 * @param {{ packageType?: string, imageUri?: string, role?: string }} [options]
 */
export async function createFunction(endpoint, name, { packageType = 'Zip', imageUri, role = ROLE_ARN } = {}) {
  const { CreateFunctionCommand } = await import('@aws-sdk/client-lambda');
  const client = await lambdaClient(endpoint);
  try {
    const common = { FunctionName: name, Role: role, Timeout: 3, Environment: { Variables: { MODEL_STAGE: 'prod', KEEP: 'me' } } };
    const params =
      packageType === 'Image'
        ? { ...common, PackageType: 'Image', Code: { ImageUri: imageUri ?? '123456789012.dkr.ecr.us-east-1.amazonaws.com/model:v1' } }
        : { ...common, PackageType: 'Zip', Runtime: 'python3.12', Handler: 'index.handler', Code: { ZipFile: handlerZip('v0') } };
    return await client.send(new CreateFunctionCommand(params));
  } finally {
    client.destroy();
  }
}

export { freePort };

/** moto for plain-node scripts (the bench): no Docker for Lambda, the execution role created. */
export async function spawnMoto() {
  const moto = await startMoto();
  await configureMoto(moto.endpoint, { lambda: { use_docker: false } });
  await createLambdaRole(moto.endpoint);
  return moto;
}
