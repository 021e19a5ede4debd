#!/usr/bin/env node
// node test/stack/fault-proxy/cli.mjs --target http://127.0.0.1:PORT [--port N] [--update-ms N]
//   [--version-pending-ms N] [--throttle-rate R] [--error-rate R] [--drop-rate R] [--seed N]
// Prints `fault-proxy listening on URL` once ready; drive it later through /__fault/config.
import { parseArgs } from 'node:util';
import { startFaultProxy } from './index.mjs';

const { values } = parseArgs({
  options: {
    target: { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'update-ms': { type: 'string', default: '0' },
    'version-pending-ms': { type: 'string', default: '0' },
    'throttle-rate': { type: 'string', default: '0' },
    'error-rate': { type: 'string', default: '0' },
    'drop-rate': { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
  },
});
if (!values.target) {
  console.error('usage: cli.mjs --target http://127.0.0.1:<moto port> [--port N] [--update-ms N] ...');
  process.exit(2);
}
const proxy = await startFaultProxy({
  target: values.target,
  port: Number(values.port),
  host: values.host,
  updateMs: Number(values['update-ms']),
  versionPendingMs: Number(values['version-pending-ms']),
  throttleRate: Number(values['throttle-rate']),
  errorRate: Number(values['error-rate']),
  dropRate: Number(values['drop-rate']),
  seed: Number(values.seed),
});
console.log(`fault-proxy listening on ${proxy.url} -> ${values.target}`);
const stop = () => proxy.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
