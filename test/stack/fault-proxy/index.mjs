/**
 * A fault proxy in front of moto's Lambda API. moto reports every update
 * Successful at once, so on its own no waiting, conflict or failure path of a
 * deploy action is ever exercised. This proxy forwards every request to moto
 * and fakes what real Lambda does around updates:
 *  - LastUpdateStatus InProgress for a set time after UpdateFunctionCode /
 *    UpdateFunctionConfiguration (GetFunction and GetFunctionConfiguration),
 *    then Successful, or Failed with a reason and reason code;
 *  - ResourceConflictException (409) to updates, PublishVersion and alias
 *    writes during that window, as real Lambda answers them;
 *  - an update "by someone else" in progress (POST /__fault/update);
 *  - a new version State Pending for a while after PublishVersion;
 *  - TooManyRequestsException (429), 5xx and dropped connections at a rate;
 *  - alias RevisionIds as Lambda keeps them (moto never changes one and ignores
 *    it on UpdateAlias): a new one on every write or content change, and
 *    PreconditionFailedException (412) to an UpdateAlias naming a stale one;
 *  - weighted aliases on Invoke (moto always runs the alias's primary
 *    version): the version is drawn by the alias's weights, and the answer
 *    carries X-Amz-Executed-Version as Lambda's does;
 *  - a log of every request with its time.
 * Use it as a library (`startFaultProxy`) or a CLI (cli.mjs); the control API
 * under /__fault/ lets act runs and other processes drive it.
 */
import { createServer, request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';

/** Which Lambda operations mutate a function and so conflict with an update in progress. */
const CONFLICTING = new Set([
  'UpdateFunctionCode',
  'UpdateFunctionConfiguration',
  'PublishVersion',
  'CreateAlias',
  'UpdateAlias',
  'DeleteAlias',
]);
const STARTS_UPDATE = new Set(['UpdateFunctionCode', 'UpdateFunctionConfiguration']);
const READS_STATUS = new Set(['GetFunction', 'GetFunctionConfiguration']);

const DEFAULT_CONFIG = {
  /** How long an update through the API stays InProgress, in ms. */
  updateMs: 0,
  /** How long a new version stays State Pending after PublishVersion, in ms. */
  versionPendingMs: 0,
  /**
   * Per function name: { updateMs, outcome: 'Successful'|'Failed', reason, reasonCode,
   * raceOn: an operation (e.g. 'PublishVersion') just before which someone else's
   * update of raceMs (default 2000) starts, once,
   * crashVersions: versions whose every Invoke answers as a function that threw:
   * 200 with X-Amz-Function-Error: Unhandled and Lambda's error payload }.
   */
  functions: {},
  /** Shares of Lambda requests (0..1) answered 429, 5xx, or dropped. */
  throttleRate: 0,
  errorRate: 0,
  errorStatus: 500,
  dropRate: 0,
  /** Limit injected faults to these operations (all Lambda operations when empty). */
  faultOps: [],
  /** Seed of the fault dice, so a run with faults is repeatable. */
  seed: 1,
};

/** Small seeded PRNG (mulberry32): repeatable fault sequences. */
export function dice(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * What AWS answers for ResolvedImageUri: `repo@sha256:<hex>`. moto (5.2) doubles
 * the algorithm when the function's ImageUri is itself a digest
 * (`repo@sha256@sha256:<hex>`); the stack serves what AWS serves.
 */
export function resolvedImageUri(uri) {
  return typeof uri === 'string' ? uri.replace(/@sha256@sha256:/, '@sha256:') : uri;
}

/** Lambda REST paths → operation, function name and qualifier. */
export function classify(method, rawUrl) {
  const url = new URL(rawUrl, 'http://proxy');
  const match = /^\/20\d\d-\d\d-\d\d\/functions(?:\/([^/]+)(\/.*)?)?\/?$/.exec(url.pathname);
  if (!match) return { op: undefined };
  const fn = match[1] === undefined ? undefined : functionKey(decodeURIComponent(match[1]));
  const rest = match[2] ?? '';
  const qualifier = url.searchParams.get('Qualifier') ?? (match[1] ? qualifierOf(decodeURIComponent(match[1])) : undefined);
  let op;
  if (!fn) op = method === 'POST' ? 'CreateFunction' : 'ListFunctions';
  else if (rest === '') op = { GET: 'GetFunction', DELETE: 'DeleteFunction' }[method];
  else if (rest === '/configuration') op = { GET: 'GetFunctionConfiguration', PUT: 'UpdateFunctionConfiguration' }[method];
  else if (rest === '/code') op = method === 'PUT' ? 'UpdateFunctionCode' : undefined;
  else if (rest === '/versions') op = { GET: 'ListVersionsByFunction', POST: 'PublishVersion' }[method];
  else if (rest === '/aliases') op = { GET: 'ListAliases', POST: 'CreateAlias' }[method];
  else if (rest.startsWith('/aliases/')) op = { GET: 'GetAlias', PUT: 'UpdateAlias', DELETE: 'DeleteAlias' }[method];
  else if (rest === '/invocations') op = 'Invoke';
  return { op: op ?? `${method} ${rest || '/'}`, fn, qualifier };
}

/** `name`, `name:qual`, `123456789012:function:name`, or a full ARN → `name`. */
export function functionKey(nameOrArn) {
  const parts = nameOrArn.split(':');
  if (parts[0] === 'arn') return parts[6];
  if (parts[1] === 'function') return parts[2];
  return parts[0];
}

function qualifierOf(nameOrArn) {
  const parts = nameOrArn.split(':');
  if (parts[0] === 'arn') return parts[7];
  if (parts[1] === 'function') return parts[3];
  return parts[1];
}

function regionOf(headers) {
  const scope = /Credential=[^/]+\/\d+\/([^/]+)\/lambda\//.exec(headers['authorization'] ?? '');
  return scope?.[1] ?? 'us-east-1';
}

function sendAwsError(res, status, code, body, extraHeaders = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/com.amazonaws.awsgirawebservice/`,
    'x-amzn-requestid': randomUUID(),
    ...extraHeaders,
  });
  res.end(text);
}

export function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Sends a request on to `target` (moto) as it came, with `body`; resolves with the whole answer. */
export function forward(target, req, body, path = req.url) {
  const url = new URL(path, target);
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: url.host, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    const out = httpRequest(url, { method: req.method, headers }, (res) => {
      readBody(res).then((data) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: data }), reject);
    });
    out.on('error', reject);
    out.end(body);
  });
}

/**
 * Starts the proxy. Options: `target` (moto's URL, required), `port` (0 for a
 * free one), `host`, and any field of the config (see DEFAULT_CONFIG).
 */
export async function startFaultProxy({ target, port = 0, host = '127.0.0.1', now = () => Date.now(), ...options }) {
  if (!target) throw new Error('startFaultProxy: target (the moto URL) is required');
  let config = { ...DEFAULT_CONFIG, ...options, functions: { ...(options.functions ?? {}) } };
  let roll = dice(config.seed);
  /** name → { start, end, outcome, reason, reasonCode, by } of the latest update. */
  const updates = new Map();
  /** `name:version` → time the version turns Active. */
  const pendingVersions = new Map();
  const log = [];
  /** Functions whose one-off race (functions[fn].raceOn) already happened. */
  const raced = new Set();
  const aliases = aliasRevisions(target);
  // Routing dice of their own: faults and routing stay independently repeatable.
  let route = dice(config.seed + 7);

  function configure(patch) {
    config = { ...config, ...patch, functions: { ...config.functions, ...(patch.functions ?? {}) } };
    if (patch.seed !== undefined) roll = dice(config.seed);
    return config;
  }

  /** Starts an update window for a function (ours through the API, or "someone else's"). */
  function startUpdate(fn, opts = {}) {
    const perFunction = config.functions[fn] ?? {};
    const durationMs = opts.durationMs ?? perFunction.updateMs ?? config.updateMs;
    const start = now();
    const update = {
      function: fn,
      start,
      end: start + durationMs,
      durationMs,
      outcome: opts.outcome ?? perFunction.outcome ?? 'Successful',
      reason: opts.reason ?? perFunction.reason,
      reasonCode: opts.reasonCode ?? perFunction.reasonCode,
      by: opts.by ?? 'api',
    };
    updates.set(fn, update);
    return update;
  }

  function inProgress(fn) {
    const update = updates.get(fn);
    return update !== undefined && now() < update.end ? update : undefined;
  }

  /** The LastUpdateStatus fields real Lambda would show right now. */
  function patchConfiguration(conf, fn, qualifier) {
    if (!conf || typeof conf !== 'object') return conf;
    const isLatest = qualifier === undefined || qualifier === '$LATEST';
    const update = updates.get(fn);
    if (isLatest && update) {
      delete conf.LastUpdateStatusReason;
      delete conf.LastUpdateStatusReasonCode;
      if (now() < update.end) {
        conf.LastUpdateStatus = 'InProgress';
        conf.LastUpdateStatusReason = 'The function is being updated.';
      } else if (update.outcome === 'Failed') {
        conf.LastUpdateStatus = 'Failed';
        conf.LastUpdateStatusReason = update.reason ?? 'The update failed.';
        conf.LastUpdateStatusReasonCode = update.reasonCode ?? 'InternalError';
      } else {
        conf.LastUpdateStatus = 'Successful';
      }
    }
    const version = isLatest ? undefined : (conf.Version ?? qualifier);
    const activeAt = version === undefined ? undefined : pendingVersions.get(`${fn}:${version}`);
    if (activeAt !== undefined && now() < activeAt) {
      conf.State = 'Pending';
      conf.StateReason = 'The function is being created.';
      conf.StateReasonCode = 'Creating';
    }
    return conf;
  }

  function faultFor(op) {
    if (config.faultOps.length > 0 && !config.faultOps.includes(op)) return undefined;
    const r = roll();
    if (r < config.dropRate) return 'drop';
    if (r < config.dropRate + config.throttleRate) return 'throttle';
    if (r < config.dropRate + config.throttleRate + config.errorRate) return 'error';
    return undefined;
  }

  async function control(req, res, url) {
    const body = req.method === 'POST' ? JSON.parse((await readBody(req)).toString() || '{}') : undefined;
    const reply = (value, status = 200) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const path = url.pathname.slice('/__fault'.length);
    if (path === '/config' && req.method === 'GET') return reply(config);
    if (path === '/config' && req.method === 'POST') return reply(configure(body));
    if (path === '/update' && req.method === 'POST') {
      if (!body.function) return reply({ error: 'function is required' }, 400);
      return reply(startUpdate(functionKey(body.function), { ...body, by: body.by ?? 'someone-else' }));
    }
    if (path === '/updates' && req.method === 'GET') return reply([...updates.values()]);
    if (path === '/log' && req.method === 'GET') {
      const since = Number(url.searchParams.get('since') ?? 0);
      return reply(log.filter((entry) => entry.time >= since));
    }
    if (path === '/log' && req.method === 'DELETE') {
      log.length = 0;
      return reply({ cleared: true });
    }
    if (path === '/reset' && req.method === 'POST') {
      config = { ...DEFAULT_CONFIG, functions: {} };
      roll = dice(config.seed);
      updates.clear();
      pendingVersions.clear();
      raced.clear();
      route = dice(config.seed + 7);
      log.length = 0;
      return reply(config);
    }
    return reply({ error: `unknown control path ${req.method} ${url.pathname}` }, 404);
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://proxy');
    if (url.pathname.startsWith('/__fault/')) return control(req, res, url);
    const { op, fn, qualifier } = classify(req.method, req.url);
    const entry = { time: now(), method: req.method, path: url.pathname + url.search, op, function: fn, qualifier };
    log.push(entry);
    const body = await readBody(req);
    if (op === undefined) {
      // Not Lambda (S3, IAM, moto-api): pass through untouched.
      const answer = await forward(target, req, body);
      entry.status = answer.status;
      res.writeHead(answer.status, answer.headers);
      return res.end(answer.body);
    }
    const fault = faultFor(op);
    if (fault === 'drop') {
      entry.fault = 'drop';
      req.socket.destroy();
      return undefined;
    }
    if (fault === 'throttle') {
      entry.fault = 'throttle';
      entry.status = 429;
      return sendAwsError(
        res,
        429,
        'TooManyRequestsException',
        { Reason: 'CallerRateLimitExceeded', Type: 'User', message: 'Rate exceeded', retryAfterSeconds: '1' },
        { 'retry-after': '1' },
      );
    }
    if (fault === 'error') {
      entry.fault = 'error';
      entry.status = config.errorStatus;
      return sendAwsError(res, config.errorStatus, 'ServiceException', {
        Type: 'Service',
        message: 'Lambda was unable to process the request (injected by the fault proxy).',
      });
    }
    const race = fn ? config.functions[fn] : undefined;
    if (race?.raceOn === op && !raced.has(fn)) {
      // Another deploy slips in just before this call: the classic matrix-job race.
      raced.add(fn);
      startUpdate(fn, { durationMs: race.raceMs ?? 2000, by: 'someone-else' });
    }
    const busy = fn && CONFLICTING.has(op) ? inProgress(fn) : undefined;
    if (busy) {
      entry.fault = 'conflict';
      entry.status = 409;
      const arn = `arn:aws:lambda:${regionOf(req.headers)}:123456789012:function:${fn}`;
      return sendAwsError(res, 409, 'ResourceConflictException', {
        Type: 'User',
        message: `The operation cannot be performed at this time. An update is in progress for resource: ${arn}`,
      });
    }
    if (op === 'UpdateAlias') {
      entry.revisionId = JSON.parse(body.toString() || '{}').RevisionId;
      const stale = await aliases.staleWrite(fn, aliasInPath(url.pathname), body);
      if (stale) {
        entry.fault = 'precondition';
        entry.status = 412;
        return sendAwsError(res, 412, 'PreconditionFailedException', {
          Type: 'User',
          message:
            'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
        });
      }
    }
    let path = req.url;
    let executedVersion;
    if (op === 'Invoke') {
      executedVersion = await aliases.pickVersion(fn, qualifier, route);
      entry.executedVersion = executedVersion;
      if (executedVersion !== qualifier && executedVersion !== '$LATEST') {
        path = `${url.pathname.replace(/\/functions\/[^/]+\//, `/functions/${encodeURIComponent(fn)}/`)}?Qualifier=${encodeURIComponent(executedVersion)}`;
      }
    }
    const crashing = op === 'Invoke' && (config.functions[fn]?.crashVersions ?? []).includes(executedVersion ?? qualifier);
    if (crashing) {
      entry.status = 200;
      entry.fault = 'function-error';
      const text = JSON.stringify({ errorType: 'Runtime.ExitError', errorMessage: `version ${executedVersion ?? qualifier} crashed` });
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        'x-amz-function-error': 'Unhandled',
        'x-amz-executed-version': executedVersion ?? qualifier,
        'x-amzn-requestid': randomUUID(),
      });
      return res.end(text);
    }
    const answer = await forward(target, req, body, path);
    entry.status = answer.status;
    let payload = answer.body;
    if (answer.status >= 200 && answer.status < 300 && ALIAS_OPS.has(op)) {
      payload = Buffer.from(JSON.stringify(aliases.stamp(fn, JSON.parse(payload.toString() || '{}'), op)));
    }
    if (executedVersion !== undefined) answer.headers['x-amz-executed-version'] = executedVersion;
    const ok = answer.status >= 200 && answer.status < 300;
    if (ok && fn && (STARTS_UPDATE.has(op) || READS_STATUS.has(op) || op === 'PublishVersion')) {
      if (STARTS_UPDATE.has(op)) entry.update = startUpdate(fn);
      const json = JSON.parse(payload.toString() || '{}');
      if (op === 'PublishVersion' && config.versionPendingMs > 0 && json.Version) {
        pendingVersions.set(`${fn}:${json.Version}`, now() + config.versionPendingMs);
      }
      if (op === 'GetFunction') {
        patchConfiguration(json.Configuration, fn, qualifier);
        if (json.Code) json.Code.ResolvedImageUri = resolvedImageUri(json.Code.ResolvedImageUri);
      } else if (op === 'PublishVersion') patchConfiguration(json, fn, json.Version);
      else patchConfiguration(json, fn, qualifier);
      const conf = op === 'GetFunction' ? json.Configuration : json;
      entry.lastUpdateStatus = conf?.LastUpdateStatus;
      entry.state = conf?.State;
      payload = Buffer.from(JSON.stringify(json));
    }
    const headers = { ...answer.headers, 'content-length': String(payload.length) };
    delete headers['transfer-encoding'];
    res.writeHead(answer.status, headers);
    res.end(payload);
    return undefined;
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendAwsError(res, 502, 'ProxyError', { Type: 'Service', message: `fault proxy: ${err.message}` });
      else res.destroy();
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const url = `http://${host}:${address.port}`;
  return {
    url,
    port: address.port,
    configure,
    startUpdate: (fn, opts) => startUpdate(functionKey(fn), { by: 'someone-else', ...opts }),
    updates: () => [...updates.values()],
    log,
    requests: (op, fn) => log.filter((e) => (op === undefined || e.op === op) && (fn === undefined || e.function === fn)),
    clearLog: () => {
      log.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

const ALIAS_OPS = new Set(['GetAlias', 'CreateAlias', 'UpdateAlias', 'ListAliases']);

function aliasInPath(pathname) {
  const m = /\/aliases\/([^/]+)\/?$/.exec(pathname);
  return m ? decodeURIComponent(m[1]) : undefined;
}

/** What an alias routes: its version and weights, in a stable form (key order does not count). */
function aliasContent(alias) {
  const weights = alias.RoutingConfig?.AdditionalVersionWeights ?? {};
  return JSON.stringify([
    alias.FunctionVersion,
    Object.keys(weights)
      .sort()
      .map((k) => [k, weights[k]]),
  ]);
}

/**
 * Alias RevisionIds kept the way Lambda keeps them, over moto's aliases: a
 * new id after every write through the proxy, and after any change made
 * behind the proxy's back (straight to moto), noticed on the next read.
 */
function aliasRevisions(target) {
  const revisions = new Map();
  const key = (fn, name) => `${fn}:${name}`;
  async function read(fn, name) {
    // moto routes a request by the service in its credential scope (unsigned would go to S3).
    const res = await fetch(new URL(`/2015-03-31/functions/${encodeURIComponent(fn)}/aliases/${encodeURIComponent(name)}`, target), {
      headers: {
        authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/lambda/aws4_request, SignedHeaders=host, Signature=0',
      },
    });
    return res.ok ? res.json() : undefined;
  }
  function revise(fn, alias, wrote) {
    const k = key(fn, alias.Name);
    const content = aliasContent(alias);
    const known = revisions.get(k);
    if (!known || wrote || known.content !== content) revisions.set(k, { id: randomUUID(), content });
    return revisions.get(k).id;
  }
  return {
    /** The RevisionId in an alias answer; ListAliases stamps each. */
    stamp(fn, json, op) {
      if (op === 'ListAliases') {
        for (const alias of json.Aliases ?? []) alias.RevisionId = revise(fn, alias, false);
      } else if (json.Name) {
        json.RevisionId = revise(fn, json, op !== 'GetAlias');
      }
      return json;
    },
    /** True when an UpdateAlias names a RevisionId that is no longer the alias's. */
    async staleWrite(fn, name, body) {
      const asked = JSON.parse(body.toString() || '{}').RevisionId;
      if (!asked || !name) return false;
      const current = await read(fn, name);
      if (!current) return false;
      return revise(fn, current, false) !== asked;
    },
    /** The version an Invoke of `qualifier` runs: an alias's weights drawn with `roll`. */
    async pickVersion(fn, qualifier, roll) {
      if (!qualifier || qualifier === '$LATEST') return '$LATEST';
      if (/^\d+$/.test(qualifier)) return qualifier;
      const alias = await read(fn, qualifier);
      if (!alias) return qualifier;
      const weights = alias.RoutingConfig?.AdditionalVersionWeights ?? {};
      let r = roll();
      for (const [version, weight] of Object.entries(weights)) {
        if (r < weight) return version;
        r -= weight;
      }
      return alias.FunctionVersion;
    },
  };
}
