/**
 * A CloudWatch front for moto. moto 5.2 stores PutMetricData and answers
 * GetMetricData for Sum, Average, Minimum, Maximum and SampleCount, but not
 * for percentiles (a `p99` query even breaks its JSON answer: HTTP 500). This
 * front speaks the SDK's protocol (AWS JSON 1.0, `GraniteServiceVersion20100801.*`):
 *  - PutMetricData: keeps every raw value itself (Values/Counts expanded) and
 *    forwards the request to moto, both after `delayMs`, the way real
 *    CloudWatch shows Lambda's metrics late;
 *  - GetMetricData: answers percentile stats (pNN) from the raw values, and
 *    forwards the other queries to moto, merging the answers in order;
 *  - anything else (alarms, SetAlarmState...) goes to moto untouched;
 *  - a log of every operation with its time, and a control API under /__cw/;
 *  - faults: `configure({ fail: { op: 'GetMetricData', count: 3, status: 503 } })`
 *    answers the next `count` calls of `op` with that status and an HTML page,
 *    as a load balancer in front of a sick service does.
 * Started by tests and benches on a free port (`startCloudWatchFront`).
 */
import { createServer } from 'node:http';
import { forward, readBody } from '../fault-proxy/index.mjs';

const PERCENTILE = /^p(\d{1,2}(?:\.\d+)?)$/i;

/** JSON-protocol timestamps are epoch seconds; accept ISO strings too. */
function toMs(value) {
  if (typeof value === 'number') return value * 1000;
  return Date.parse(value);
}

/** Dimensions as one key, order-free. */
function seriesKey(namespace, name, dimensions = []) {
  const dims = [...dimensions].sort((a, b) => a.Name.localeCompare(b.Name)).map((d) => `${d.Name}=${d.Value}`);
  return `${namespace}|${name}|${dims.join(',')}`;
}

/** The nearest-rank percentile of sorted values (what CloudWatch approximates). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

/**
 * Starts the front. Options: `target` (moto's URL, required), `port` (0 for a
 * free one), `delayMs` (how late recorded metrics become visible), `now`.
 */
export async function startCloudWatchFront({ target, port = 0, host = '127.0.0.1', delayMs = 0, now = () => Date.now() }) {
  if (!target) throw new Error('startCloudWatchFront: target (the moto URL) is required');
  let config = { delayMs };
  /** series key → [{ t, v }] raw values, visible ones only. */
  const samples = new Map();
  const log = [];
  const timers = new Set();

  function store(metricData, namespace) {
    for (const datum of metricData ?? []) {
      const key = seriesKey(namespace, datum.MetricName, datum.Dimensions);
      const t = datum.Timestamp === undefined ? now() : toMs(datum.Timestamp);
      const list = samples.get(key) ?? [];
      if (datum.Values) {
        datum.Values.forEach((v, i) => {
          for (let n = 0; n < (datum.Counts?.[i] ?? 1); n++) list.push({ t, v });
        });
      } else if (datum.Value !== undefined) {
        list.push({ t, v: datum.Value });
      }
      samples.set(key, list);
    }
  }

  /** One percentile query answered from the raw values, bucketed by Period from StartTime. */
  function answerPercentile(query, startMs, endMs) {
    const stat = query.MetricStat;
    const p = Number(PERCENTILE.exec(stat.Stat)[1]);
    const key = seriesKey(stat.Metric.Namespace, stat.Metric.MetricName, stat.Metric.Dimensions);
    const periodMs = (stat.Period ?? 60) * 1000;
    const buckets = new Map();
    for (const { t, v } of samples.get(key) ?? []) {
      if (t < startMs || t >= endMs) continue;
      const bucket = startMs + Math.floor((t - startMs) / periodMs) * periodMs;
      buckets.set(bucket, [...(buckets.get(bucket) ?? []), v]);
    }
    const times = [...buckets.keys()].sort((a, b) => a - b);
    return {
      Id: query.Id,
      Label: `${stat.Metric.MetricName} ${stat.Stat}`,
      Timestamps: times.map((t) => t / 1000),
      Values: times.map((t) =>
        percentile(
          [...buckets.get(t)].sort((a, b) => a - b),
          p,
        ),
      ),
      StatusCode: 'Complete',
    };
  }

  async function getMetricData(req, res, body) {
    const input = JSON.parse(body.toString() || '{}');
    const queries = input.MetricDataQueries ?? [];
    const mine = queries.filter((q) => q.MetricStat && PERCENTILE.test(q.MetricStat.Stat));
    const rest = queries.filter((q) => !mine.includes(q));
    const byId = new Map();
    if (rest.length > 0) {
      const answer = await forward(target, req, Buffer.from(JSON.stringify({ ...input, MetricDataQueries: rest })));
      if (answer.status !== 200) {
        res.writeHead(answer.status, answer.headers);
        return res.end(answer.body);
      }
      for (const r of JSON.parse(answer.body.toString()).MetricDataResults ?? []) byId.set(r.Id, r);
    }
    const startMs = toMs(input.StartTime);
    const endMs = toMs(input.EndTime);
    for (const q of mine) byId.set(q.Id, answerPercentile(q, startMs, endMs));
    const text = JSON.stringify({
      MetricDataResults: queries.filter((q) => q.ReturnData !== false).map((q) => byId.get(q.Id)),
      Messages: [],
    });
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text) });
    return res.end(text);
  }

  function putMetricData(req, res, body) {
    const input = JSON.parse(body.toString() || '{}');
    const headers = { ...req.headers };
    const land = () => {
      store(input.MetricData, input.Namespace);
      forward(target, { method: 'POST', url: req.url, headers }, body).catch(() => undefined);
    };
    if (config.delayMs > 0) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        land();
      }, config.delayMs);
      timers.add(timer);
    } else {
      land();
    }
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': 2 });
    res.end('{}');
  }

  async function control(req, res, url) {
    const body = req.method === 'POST' ? JSON.parse((await readBody(req)).toString() || '{}') : undefined;
    const reply = (value, status = 200) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    const path = url.pathname.slice('/__cw'.length);
    if (path === '/config' && req.method === 'GET') return reply(config);
    if (path === '/config' && req.method === 'POST') return reply((config = { ...config, ...body }));
    if (path === '/log' && req.method === 'GET') return reply(log);
    return reply({ error: `unknown control path ${req.method} ${url.pathname}` }, 404);
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://front');
    if (url.pathname.startsWith('/__cw/')) return control(req, res, url);
    const body = await readBody(req);
    const op = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
    log.push({ time: now(), op });
    const fail = config.fail;
    if (fail && fail.op === op && fail.count > 0) {
      config = { ...config, fail: { ...fail, count: fail.count - 1 } };
      const page = `<html><body><h1>${fail.status ?? 503} Service Unavailable</h1></body></html>`;
      res.writeHead(fail.status ?? 503, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(page) });
      return res.end(page);
    }
    if (op === 'PutMetricData') return putMetricData(req, res, body);
    if (op === 'GetMetricData') return getMetricData(req, res, body);
    const answer = await forward(target, req, body);
    res.writeHead(answer.status, answer.headers);
    return res.end(answer.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (res.headersSent) return res.destroy();
      const text = JSON.stringify({ __type: 'InternalFailure', message: `cloudwatch front: ${err.message}` });
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-query-error': 'InternalFailure;Receiver' });
      return res.end(text);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const url = `http://${host}:${server.address().port}`;
  return {
    url,
    configure: (patch) => (config = { ...config, ...patch }),
    /** Operations seen, e.g. requests('GetMetricData'), with their times. */
    requests: (op) => log.filter((e) => op === undefined || e.op === op),
    clearLog: () => {
      log.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
