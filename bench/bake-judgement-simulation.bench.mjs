// The bake's error-rate judgement on sparse, noisy traffic, simulated over the
// pure rule (actions/update-lambda-and-wait/src/bake/evidence.ts, the code the
// action runs): 10,000 bakes per case, one traffic step of 10 windows, 30
// invocations of the new version per window, max-error-rate 2%,
// min-invocations 10. Errors are drawn per invocation with a seeded PRNG.
//  - healthy: true rate 1% (half the limit): share of bakes rolled back
//    (target <= 1%);
//  - bad: true rate 10% (five times the limit): share rolled back within the
//    first two windows (target >= 99%).
// Rules compared:
//  - per-window (the rule before): a window with >= min-invocations whose
//    own rate is over the limit fails the bake;
//  - evidence (the rule now): errors summed over the step; fail at once when
//    the 95% Wilson lower bound is over the limit; at the step's end, fail
//    when the summed rate is over it;
//  - evidence, bound only: the same without the end-of-step point rule (a
//    step passes unless the bound ever said fail), for comparison.
// Then the exact binomial bound on what any rule could do at this traffic,
// the traffic both targets need, and the same rules at 60 invocations a window.
//   node bench/bake-judgement-simulation.bench.mjs
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
// The seeded PRNG the fault proxy uses (mulberry32): every run gives the same numbers.
import { dice } from '../test/stack/fault-proxy/index.mjs';

const root = new URL('..', import.meta.url).pathname;
const source = readFileSync(join(root, 'actions/update-lambda-and-wait/src/bake/evidence.ts'), 'utf8');
const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
const file = join(mkdtempSync(join(tmpdir(), 'bake-sim-')), 'evidence.mjs');
writeFileSync(file, js);
const { judgeErrors } = await import(file);

const BAKES = 10_000;
const WINDOWS = 10;
const PER_WINDOW = 30;
const LIMIT = 0.02;
const MIN_INVOCATIONS = 10;

const limit = { kind: 'absolute', rate: LIMIT };
const none = { invocations: 0, errors: 0 };

/** The window (1-based) at which a rule rolls the bake back, or 0 when it passes. */
const rules = {
  'per-window': (errors, perWindow = PER_WINDOW) => {
    for (let i = 0; i < errors.length; i++) if (perWindow >= MIN_INVOCATIONS && errors[i] / perWindow > LIMIT) return i + 1;
    return 0;
  },
  evidence: (errors, perWindow = PER_WINDOW, boundOnly = false) => {
    let sum = 0;
    for (let i = 0; i < errors.length; i++) {
      sum += errors[i];
      const last = i === errors.length - 1;
      const verdict = judgeErrors(limit, { invocations: perWindow * (i + 1), errors: sum }, none, last && !boundOnly, MIN_INVOCATIONS);
      if (verdict.state === 'fail') return i + 1;
    }
    return 0;
  },
  'evidence, bound only': (errors, perWindow = PER_WINDOW) => rules.evidence(errors, perWindow, true),
};

function simulate(rate, seed, perWindow = PER_WINDOW) {
  const random = dice(seed);
  return Array.from({ length: BAKES }, () =>
    Array.from({ length: WINDOWS }, () => {
      let e = 0;
      for (let k = 0; k < perWindow; k++) if (random() < rate) e++;
      return e;
    }),
  );
}

const healthy = simulate(LIMIT / 2, 1);
const bad = simulate(LIMIT * 5, 2);
const share = (bakes, rule, test) => bakes.filter((errors) => test(rule(errors))).length / bakes.length;
const pct = (x) => Math.round(x * 10000) / 100;
for (const [name, rule] of Object.entries(rules)) {
  const healthyRolledBack = share(healthy, rule, (w) => w > 0);
  const badWithinTwo = share(bad, rule, (w) => w > 0 && w <= 2);
  const badEver = share(bad, rule, (w) => w > 0);
  const at = bad
    .map(rule)
    .filter((w) => w > 0)
    .sort((a, b) => a - b);
  const p99 = at[Math.ceil(at.length * 0.99) - 1];
  console.log(
    `BENCH_RESULT ${JSON.stringify({ bench: 'bake-judgement-simulation', metric: `${name}: healthy (1%) rolled back`, value: pct(healthyRolledBack), unit: '% of bakes', note: 'target <= 1%' })}`,
  );
  console.log(
    `BENCH_RESULT ${JSON.stringify({ bench: 'bake-judgement-simulation', metric: `${name}: bad (10%) rolled back within 2 windows`, value: pct(badWithinTwo), unit: '% of bakes', note: `target >= 99%; ever: ${pct(badEver)}%, 99% of them by window ${p99}` })}`,
  );
}

// What any rule could do. Whatever a rule does by the end of window 2 depends
// only on the first 60 invocations, and their error count is all they say
// about the rate; so by the Neyman-Pearson lemma no rule, sequential or not,
// can catch more bad bakes by window 2 than the best (randomised) "k or more
// errors in 60" test whose healthy rollbacks stay within the target. The bake
// rolls back healthy versions in later windows too, so this is a bound the
// real rule cannot even reach.
const binomial = (n, k, p) => {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c * p ** k * (1 - p) ** (n - k);
};
const atLeast = (n, k, p) => {
  let sum = 0;
  for (let j = k; j <= n; j++) sum += binomial(n, j, p);
  return sum;
};
/** The most bad bakes a test on n invocations catches while rolling back at most `size` of healthy ones. */
function bestPower(n, size) {
  let k = 0;
  while (atLeast(n, k, LIMIT / 2) > size) k++;
  // Randomise at k-1 errors to spend the rest of the allowed size.
  const gamma = (size - atLeast(n, k, LIMIT / 2)) / binomial(n, k - 1, LIMIT / 2);
  return atLeast(n, k, LIMIT * 5) + gamma * binomial(n, k - 1, LIMIT * 5);
}
const TWO_WINDOWS = 2 * PER_WINDOW;
console.log(
  `BENCH_RESULT ${JSON.stringify({ bench: 'bake-judgement-simulation', metric: 'best any rule can do: bad (10%) caught within 2 windows with healthy rollbacks <= 1%', value: pct(bestPower(TWO_WINDOWS, 0.01)), unit: '% of bakes', note: `exact binomial, ${TWO_WINDOWS} invocations` })}`,
);
let needed = TWO_WINDOWS;
while (bestPower(needed, 0.01) < 0.99) needed++;
console.log(
  `BENCH_RESULT ${JSON.stringify({ bench: 'bake-judgement-simulation', metric: 'invocations needed in 2 windows to meet both targets', value: needed, unit: 'invocations', note: `${Math.ceil(needed / 2)} a window instead of ${PER_WINDOW}` })}`,
);
console.log(
  `BENCH_RESULT ${JSON.stringify({ bench: 'bake-judgement-simulation', metric: 'healthy (1%) over the limit at the step end by chance', value: pct(atLeast(WINDOWS * PER_WINDOW, Math.floor(WINDOWS * PER_WINDOW * LIMIT) + 1, LIMIT / 2)), unit: '% of bakes', note: 'the cost of the end-of-step point rule' })}`,
);

// The same rule where the traffic allows it: 60 invocations a window.
const BUSIER = 60;
const healthyBusier = simulate(LIMIT / 2, 3, BUSIER);
const badBusier = simulate(LIMIT * 5, 4, BUSIER);
for (const name of ['evidence', 'evidence, bound only']) {
  const rule = (errors) => rules[name](errors, BUSIER);
  console.log(
    `BENCH_RESULT ${JSON.stringify({ bench: 'bake-judgement-simulation', metric: `${name}, ${BUSIER} a window: healthy (1%) rolled back`, value: pct(share(healthyBusier, rule, (w) => w > 0)), unit: '% of bakes', note: 'target <= 1%' })}`,
  );
  console.log(
    `BENCH_RESULT ${JSON.stringify({ bench: 'bake-judgement-simulation', metric: `${name}, ${BUSIER} a window: bad (10%) rolled back within 2 windows`, value: pct(share(badBusier, rule, (w) => w > 0 && w <= 2)), unit: '% of bakes', note: 'target >= 99%' })}`,
  );
}
