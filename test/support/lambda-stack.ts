/**
 * What the update-lambda-and-wait suites against the stack share: moto (no
 * Docker for Lambda, the execution role created), the Lambda fault proxy in
 * front of it, an SDK client straight to moto (to set up and check without
 * showing in the proxy's log), a workspace with the zips the tests deploy, and
 * the bundle run as the runner runs it with the proxy as its Lambda endpoint.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Moto } from '../support/moto';
import { runAction, type RunOptions } from '../support/run-action';
import { startFaultProxy } from '../stack/fault-proxy/index.mjs';
import { handlerZip, lambdaClient, spawnMoto } from '../stack/fault-proxy/fixtures.mjs';

export type Proxy = Awaited<ReturnType<typeof startFaultProxy>>;
export type LogEntry = { op: string; function?: string; time: number; fault?: string; update?: { start: number; end: number } };

export interface LambdaStack {
  moto: Moto;
  proxy: Proxy;
  lambda: LambdaClient;
  workspace: string;
  /** Runs update-lambda-and-wait's bundle against the proxy. */
  deploy(inputs: Record<string, string>, options?: RunOptions): ReturnType<typeof runAction>;
  /** The requests of one function through the proxy that were answered (no injected fault). */
  calls(name: string, op?: string): LogEntry[];
  close(): Promise<void>;
}

/** Starts the stack; `zips` are written to the workspace as handler zips, e.g. { 'v1.zip': 'v1' }. */
export async function startLambdaStack(zips: Record<string, string>, workspacePrefix = 'ulw-ws-'): Promise<LambdaStack> {
  const moto = await spawnMoto();
  const proxy = await startFaultProxy({ target: moto.endpoint });
  const lambda = await lambdaClient(moto.endpoint);
  const workspace = mkdtempSync(join(tmpdir(), workspacePrefix));
  for (const [file, body] of Object.entries(zips)) writeFileSync(join(workspace, file), handlerZip(body));
  return {
    moto,
    proxy,
    lambda,
    workspace,
    deploy: (inputs, options = {}) =>
      runAction('update-lambda-and-wait', {
        cwd: workspace,
        ...options,
        inputs,
        env: { ...moto.env, AWS_ENDPOINT_URL_LAMBDA: proxy.url, ...(options.env ?? {}) },
      }),
    calls: (name, op) => (proxy.requests(op, name) as LogEntry[]).filter((e) => !e.fault),
    close: async () => {
      lambda.destroy();
      await proxy.close();
      await moto.stop();
    },
  };
}
