// One process for the stack's own services: the bridge (registry notifications
// to moto's PutImage) and the TLS front proxy on :443. Plain Node, no build step.
// Configuration comes from the environment written by up.sh.
import { readFileSync } from 'node:fs';
import { createBridge } from './bridge.mjs';
import { createFrontProxy } from './front-proxy.mjs';
import { ecrControl } from './ecr-control.mjs';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`services.mjs needs ${name}`);
  return value;
};

const log = (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
const accountId = process.env.STACK_ACCOUNT_ID ?? '123456789012';
const registryUrl = `http://127.0.0.1:${env('STACK_REGISTRY_PORT')}`;
const registryAuth = `Basic ${Buffer.from(`AWS:${accountId}-auth-token`).toString('base64')}`;
const ecr = ecrControl({ endpoint: env('STACK_MOTO_ENDPOINT'), region: process.env.STACK_REGION ?? 'us-east-1', accountId });

const bridge = createBridge({ registryUrl, registryAuth, ecr, log });
const proxy = createFrontProxy({
  tls: { key: readFileSync(env('STACK_TLS_KEY')), cert: readFileSync(env('STACK_TLS_CERT')) },
  upstream: registryUrl,
  ecr,
  bridge,
  accountId,
  log,
});

const listen = (server, port, host) =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });

await listen(bridge.server, Number(env('STACK_BRIDGE_PORT')), '127.0.0.1');
await listen(proxy.server, Number(process.env.STACK_PROXY_PORT ?? 443), process.env.STACK_PROXY_HOST ?? '127.0.0.1');
log(`services: bridge on 127.0.0.1:${env('STACK_BRIDGE_PORT')}, proxy on :${process.env.STACK_PROXY_PORT ?? 443} -> ${registryUrl}`);

const stop = () => {
  bridge.server.close();
  proxy.server.close();
  setTimeout(() => process.exit(0), 500).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
