export const id = 377;
export const ids = [377];
export const modules = {

/***/ 2377:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runSafetyNet: () => (/* binding */ runSafetyNet)
});

;// CONCATENATED MODULE: ./packages/action-kit/src/duration.ts
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/**
 * Parses `90` (seconds), `90s`, `500ms`, `5m`, `1h`, or compounds like `1m30s`
 * into milliseconds. Returns undefined when the text is not a duration.
 */
function duration_parseDuration(text) {
    const value = text.trim().toLowerCase();
    if (/^\d+(\.\d+)?$/.test(value))
        return Math.round(Number(value) * 1000);
    const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
    let total = 0;
    let consumed = 0;
    for (const match of value.matchAll(part)) {
        total += Number(match[1]) * UNIT_MS[match[2]];
        consumed += match[0].length;
    }
    if (consumed === 0 || consumed !== value.length)
        return undefined;
    return Math.round(total);
}

;// CONCATENATED MODULE: ./packages/action-kit/src/redact.ts
/**
 * Secrets in URLs. A URL often carries a credential: a token as the user
 * (`https://ghp_x@host`), a password, an API key or a signature in the query
 * (`?api_key=…`, S3's `X-Amz-Signature=…`). The runner masks only what it is
 * told, and only in the log; outputs, reports, summaries, comments and Slack
 * are ours to keep clean. Two tools, used together:
 *
 * - `urlSecrets(url)`: every form the secrets of one URL can take, to mask
 *   with the runner (`::add-mask::`) before the first request, and to
 *   redact by value from any text later (an echo of the URL in a body).
 * - `redactUrls(text)`: redacts by shape, for text that holds a URL we never
 *   saw whole (an input error, a hand-made report, a server's message).
 */
const redact_REDACTED = '***';
/** Query parameter names whose values are credentials. Over-matching (`monkey`) only costs readability. */
const SECRET_NAME = /token|key|sig|signature|password|pass|secret|code|auth|credential|session|jwt/i;
function isSecretParam(name) {
    const decoded = safeDecode(name.replace(/\+/g, ' '));
    return SECRET_NAME.test(decoded) || /^x-amz-/i.test(decoded);
}
/** Too short to be a secret; masking one or two characters would garble every line. */
const MIN_SECRET_LENGTH = 3;
/**
 * The secrets of one URL in every form they can appear: as written (percent-
 * encoded), decoded, with `+` read as a space, and re-encoded the two ways
 * JavaScript encodes. Longest first, so a secret's prefix never survives.
 */
function urlSecrets(url) {
    const found = new Set();
    const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#\s]*)@/i.exec(url);
    if (authority) {
        const userinfo = authority[1];
        const colon = userinfo.indexOf(':');
        // A token often stands as the user (`https://TOKEN@host`, `TOKEN:x-oauth-basic@`). A short user
        // beside a password (`deploy:pw@`) is a name, and masking it by value would blank that word in
        // every log line; it is still redacted by shape wherever the URL appears (redactUrls).
        const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
        if (colon < 0 || user.length >= 12)
            addForms(found, user);
        if (colon >= 0)
            addForms(found, userinfo.slice(colon + 1));
    }
    const query = url.replace(/#.*$/s, '').split('?').slice(1).join('?');
    for (const pair of query.split(/[&;]/)) {
        const eq = pair.indexOf('=');
        if (eq <= 0)
            continue;
        if (isSecretParam(pair.slice(0, eq)))
            addForms(found, pair.slice(eq + 1));
    }
    return redact_sortSecrets(found);
}
function addForms(into, raw) {
    const forms = [raw, safeDecode(raw), safeDecode(raw.replace(/\+/g, ' '))];
    for (const form of [...forms])
        forms.push(encodeURIComponent(form), new URLSearchParams({ v: form }).toString().slice(2));
    for (const form of forms)
        if (form.length >= MIN_SECRET_LENGTH)
            into.add(form);
}
function redact_sortSecrets(secrets) {
    return [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}
/** Greedy up to the last `@` before the path: a password may hold a raw `@`. */
// Backslash, backtick, pipe and closing brackets end a match: redaction also runs over
// rendered markdown (the summary, outputs), where they are escapes, code spans and cells.
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#\s'"<>\\`|)\]]*)@/gi;
const PARAM = /([?&;])([^=&;#\s'"<>\\`|)\]]+)=([^&;#\s'"<>\\`|)\]]*)/g;
/**
 * Redacts URL credentials by shape, wherever a URL appears in the text:
 * userinfo becomes `***@` and the values of secret-like query parameters `***`.
 * Works on text that is not a valid URL (`htp://u:p@x?token=…` in an error).
 */
function redact_redactUrls(text) {
    if (!text.includes('@') && !text.includes('='))
        return text;
    return text
        .replace(USERINFO, (_all, scheme, userinfo) => userinfo === '' || userinfo === redact_REDACTED ? `${scheme}${userinfo}@` : `${scheme}${redact_REDACTED}@`)
        .replace(PARAM, (all, sep, name, value) => value !== '' && value !== redact_REDACTED && isSecretParam(name) ? `${sep}${name}=${redact_REDACTED}` : all);
}
/** Redacts every string in a JSON-like value (a report, a hand-made document). */
function redactDeep(value, redact = redact_redactUrls) {
    if (typeof value === 'string')
        return redact(value);
    if (Array.isArray(value))
        return value.map((item) => redactDeep(item, redact));
    if (typeof value === 'object' && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, redact)]));
    }
    return value;
}
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}

;// CONCATENATED MODULE: ./packages/action-kit/src/errors.ts

/**
 * Ends every switch over a union: a member added to the union without its
 * case fails to compile, and a value from outside the type (a report edited by
 * hand, a payload from elsewhere) fails loudly instead of falling through.
 */
function errors_unreachable(value) {
    throw new Error(`unreachable: ${JSON.stringify(value)}`);
}
/**
 * A mistake in what the user gave the action. Reported as one `::error::` line,
 * never with a stack trace: the user needs the input name and a right example,
 * not our call stack.
 */
class errors_InputError extends Error {
    input;
    problem;
    example;
    name = 'InputError';
    constructor(input, problem, example) {
        // Raised before anything is masked: a URL quoted back must not show its credentials.
        super(redact_redactUrls(`Input '${input}' ${problem}${example ? `. Example: ${example}` : ''}`));
        this.input = input;
        this.problem = problem;
        this.example = example;
    }
}
/**
 * A failure the action detected and can explain (a failed rule, a rejected
 * image, a timeout). Reported as its message alone; `details` go to the log.
 */
class errors_ActionFailure extends Error {
    details;
    name = 'ActionFailure';
    constructor(message, details = []) {
        super(message);
        this.details = details;
    }
}
/** The job was cancelled (SIGINT/SIGTERM) while the action was waiting. */
class errors_CancelledError extends Error {
    name = 'CancelledError';
    constructor(message = 'Cancelled: the job received a stop signal') {
        super(message);
    }
}
function errors_errorMessage(err) {
    return err instanceof Error ? err.message : String(err);
}

;// CONCATENATED MODULE: ./packages/action-kit/src/format.ts
/**
 * How every action writes sizes and times for people, in one place so the
 * same image or update reads the same in the log, the job summary, the PR
 * comment and Slack.
 *
 * Sizes are SI (1 kB = 1000 bytes; kB, MB, GB, TB), with a space before the
 * unit: it is what `docker images` and the ECR console show, so the number in
 * our summary matches the number the user sees there.
 *
 * Times are compact and unspaced (`850ms`, `12.3s`, `4m05s`): the same syntax
 * the duration inputs accept (`wait-timeout: 10m`), so what a user wrote reads
 * back unchanged.
 */
const SI_UNITS = (/* unused pure expression or super */ null && (['kB', 'MB', 'GB', 'TB', 'PB']));
/** `512 B`, `2.0 kB`, `12.3 MB`: SI (powers of 1000), one decimal above bytes. */
function formatBytes(bytes) {
    if (Math.abs(bytes) < 1000)
        return `${Math.round(bytes)} B`;
    let value = bytes / 1000;
    let unit = 0;
    // Round first: 999_960 B is `1.0 MB`, not `1000.0 kB`.
    while (Math.abs(Number(value.toFixed(1))) >= 1000 && unit < SI_UNITS.length - 1) {
        value /= 1000;
        unit++;
    }
    return `${value.toFixed(1)} ${SI_UNITS[unit]}`;
}
/** Formats milliseconds the way people read them: `850ms`, `12.3s`, `4m05s`. */
function format_formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)}s`;
    const minutes = Math.floor(ms / 60_000);
    const seconds = Math.round((ms % 60_000) / 1000);
    // 119.6 s rounds to 2m00s, not 1m60s.
    if (seconds === 60)
        return `${minutes + 1}m00s`;
    return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}
/** A share (0..1) as a percentage with at most two decimals: 0.0753 -> `7.53%`, 0.5 -> `50%`. */
function formatPercent(fraction) {
    return `${Math.round(fraction * 10000) / 100}%`;
}
/** Always in milliseconds (`213ms`, `1500ms`): latencies compared side by side in a table. */
function formatMs(ms) {
    return `${Math.round(ms)}ms`;
}
/** A formatter for an optional report field: undefined stays undefined (the row is then left out). */
function optional(format) {
    return (value) => (value === undefined ? undefined : format(value));
}
/** An alias weight (0..1) as a percentage to 0.1: 0.1 -> `10%`, 0.0753 -> `7.5%`. */
function formatWeight(weight) {
    return `${Math.round(weight * 1000) / 10}%`;
}
/** A metric value as people compare it: integers whole, others to six significant digits. */
function formatNumber(n) {
    if (n === undefined || n === null)
        return undefined;
    return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(6)));
}
/** `sha256:0123456789ab…`: enough of a digest to tell images apart in a table. */
function shortDigest(digest) {
    return digest?.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]+$/, '$1…');
}
/** Keeps one very long message (an error, a response body) from swallowing the page. */
function clipText(text, limit = 1000) {
    if (text === undefined || text.length <= limit)
        return text;
    return `${text.slice(0, limit)}… (${text.length - limit} more characters)`;
}

;// CONCATENATED MODULE: ./packages/action-kit/src/inputs.ts




/**
 * Reads action inputs from the environment as the runner provides them
 * (`INPUT_<NAME>`, upper-cased, hyphens kept). It deliberately does not use
 * @actions/core: validation must be cheap and must finish before anything
 * heavy is loaded or any network call is made.
 */
class InputReader {
    env;
    constructor(env = process.env) {
        this.env = env;
    }
    /** The raw, trimmed value; empty string when unset (as the runner does). */
    raw(name) {
        return this.untrimmed(name).trim();
    }
    /**
     * The value exactly as written, leading blank lines kept: multi-line rules
     * whose errors cite line numbers must count the lines the user wrote.
     */
    untrimmed(name) {
        return this.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
    }
    has(name) {
        return this.raw(name) !== '';
    }
    string(name, opts = {}) {
        const value = this.raw(name);
        return value === '' ? opts.default : value;
    }
    required(name, opts = {}) {
        const value = this.raw(name);
        if (value === '')
            throw new InputError(name, 'is required but was not set', opts.example ?? `${name}: <value>`);
        return value;
    }
    boolean(name, fallback, opts = {}) {
        const value = this.raw(name);
        if (value === '')
            return fallback;
        if (value === 'true' || value === 'True' || value === 'TRUE')
            return true;
        if (value === 'false' || value === 'False' || value === 'FALSE')
            return false;
        throw new InputError(name, `must be true or false, got '${value}'`, opts.example ?? `${name}: ${String(fallback)}`);
    }
    number(name, opts = {}) {
        const value = this.raw(name);
        if (value === '')
            return opts.default;
        const kind = opts.integer ? 'an integer' : 'a number';
        const parsed = Number(value);
        if (!Number.isFinite(parsed) || (opts.integer && !Number.isInteger(parsed))) {
            throw new InputError(name, `must be ${kind}, got '${value}'`, opts.example ?? `${name}: ${exampleInRange(opts)}`);
        }
        checkRange(name, parsed, kind, opts);
        return parsed;
    }
    integer(name, opts = {}) {
        return this.number(name, { ...opts, integer: true });
    }
    enumOf(name, allowed, fallback, opts = {}) {
        const value = this.raw(name);
        if (value === '')
            return fallback;
        const match = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
        if (match === undefined) {
            throw new InputError(name, `must be one of ${allowed.join(', ')}; got '${value}'`, opts.example ?? `${name}: ${allowed[0]}`);
        }
        return match;
    }
    /** A duration in milliseconds: `90` (seconds), `90s`, `5m`, `500ms`. */
    duration(name, fallback, opts = {}) {
        const text = this.raw(name) || fallback;
        const ms = parseDuration(text);
        if (ms === undefined) {
            throw new InputError(name, `must be a duration such as 90, 90s, 5m or 500ms; got '${text}'`, opts.example ?? `${name}: ${fallback}`);
        }
        checkRange(name, ms, 'a duration', opts, (n) => `${n}ms`);
        return ms;
    }
    /** Newline- or comma-separated values, trimmed, empties dropped. */
    list(name, opts = {}) {
        return splitList(this.raw(name), opts.separator ?? 'newline-or-comma');
    }
    /** `KEY=VALUE` or `Key: value` lines. */
    map(name, opts = {}) {
        const result = {};
        const style = opts.style ?? 'either';
        const lines = this.raw(name).split(/\r?\n/);
        lines.forEach((line, index) => {
            const text = line.trim();
            if (text === '' || text.startsWith('#'))
                return;
            const eq = style === 'colon' ? -1 : text.indexOf('=');
            const colon = style === 'equals' ? -1 : text.indexOf(':');
            const cut = [eq, colon].filter((i) => i > 0).sort((a, b) => a - b)[0];
            if (cut === undefined) {
                const shape = style === 'colon' ? 'Name: value' : style === 'equals' ? 'KEY=VALUE' : 'KEY=VALUE or Name: value';
                throw new InputError(name, `line ${index + 1} is not ${shape}: '${text}'`, opts.example ?? `${name}: |\n  ${style === 'colon' ? 'X-Api-Key: ${{ secrets.API_KEY }}' : 'MODEL_VERSION=v2'}`);
            }
            result[text.slice(0, cut).trim()] = text.slice(cut + 1).trim();
        });
        return result;
    }
    /** A JSON or YAML document; undefined when unset. */
    async document(name, opts = {}) {
        const text = this.raw(name);
        if (text === '')
            return undefined;
        try {
            return await parseJsonOrYaml(text);
        }
        catch (err) {
            // The first line only: js-yaml's later lines quote the input, which may hold a secret.
            throw new InputError(name, `is not valid JSON or YAML: ${redactUrls(err.message.split('\n')[0] ?? '')}`, opts.example);
        }
    }
}
function splitList(text, separator = 'newline-or-comma') {
    const pattern = separator === 'newline' ? /\r?\n/ : /\r?\n|,/;
    return text
        .split(pattern)
        .map((item) => item.trim())
        .filter((item) => item !== '' && !item.startsWith('#'));
}
/** JSON first (fast, exact); YAML, which is a superset, loaded only when needed. */
async function parseJsonOrYaml(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        // js-yaml, like model-threshold-gate's metrics reader: one YAML parser in every bundle.
        return loadYaml(text);
    }
}
function checkRange(name, value, kind, range, show = String) {
    const { min, max } = range;
    const belowMin = min !== undefined && (range.exclusiveMin ? value <= min : value < min);
    const aboveMax = max !== undefined && (range.exclusiveMax ? value >= max : value > max);
    if (!belowMin && !aboveMax)
        return;
    const low = min === undefined ? '' : `${range.exclusiveMin ? 'greater than' : 'at least'} ${show(min)}`;
    const high = max === undefined ? '' : `${range.exclusiveMax ? 'less than' : 'at most'} ${show(max)}`;
    const bounds = [low, high].filter(Boolean).join(' and ');
    throw new InputError(name, `must be ${kind} ${bounds}; got ${show(value)}`, range.example ?? `${name}: ${exampleInRange(range)}`);
}
function exampleInRange(range) {
    if (range.min !== undefined && range.max !== undefined)
        return String((range.min + range.max) / 2);
    if (range.min !== undefined)
        return String(range.exclusiveMin ? range.min + 1 : range.min);
    if (range.max !== undefined)
        return String(range.max);
    return '1';
}

;// CONCATENATED MODULE: ./packages/action-kit/src/secrets.ts
/**
 * Secrets redacted by value, wherever text leaves the process. The runner
 * masks what it is told, and only in the log; outputs, the report, the job
 * summary, the pull request comment and Slack are ours to keep clean. Every
 * secret an action was given is registered once (the toolkit's `log.mask`
 * does it), and every sink runs `redactText` over what it sends.
 *
 * A secret comes back in other forms than its own: percent-encoded in a URL,
 * JSON-escaped in a body, base64 in a Basic `Authorization` header
 * (`x-access-token:TOKEN`, `AWS:PASSWORD`) that a server echoes. Each is
 * redacted too; base64 at each of the three byte offsets a secret can sit at
 * inside a longer encoded string.
 *
 * What was never registered is still caught by shape: a header line
 * `Authorization: Bearer …`, GitHub and Slack token prefixes, a Slack webhook
 * path, and URL credentials (redact.ts).
 */

const known = new Set();
let sorted = [];
/** Shorter base64 cores would match ordinary words. */
const MIN_ENCODED_CORE = 8;
/** Registers a secret so that `redactText` removes it, and its encodings, from any text. */
function registerSecret(secret) {
    if (!secret)
        return;
    for (const form of secretForms(secret))
        known.add(form);
    sorted = redact_sortSecrets(known);
}
/** For tests: the registry is per process, as each action is one process. */
function forgetSecrets() {
    known.clear();
    sorted = [];
}
/** Every form a secret can take in text we send: as is, URL- and JSON-escaped, base64 at every offset. */
function secretForms(secret) {
    const forms = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ v: secret }).toString().slice(2)]);
    forms.add(JSON.stringify(secret).slice(1, -1));
    if (/^https?:\/\//i.test(secret)) {
        for (const form of urlSecrets(secret))
            forms.add(form);
        // A webhook URL's secret is its path (hooks.slack.com/services/T…/B…/X…).
        const path = safePath(secret);
        if (path && path.length >= 16)
            forms.add(path);
    }
    for (const plain of [secret, `x-access-token:${secret}`, `${secret}:x-oauth-basic`]) {
        const whole = Buffer.from(plain).toString('base64');
        forms.add(whole);
        forms.add(whole.replace(/=+$/, ''));
    }
    for (const core of base64Cores(secret))
        forms.add(core);
    return [...forms];
}
/**
 * The characters of base64 that depend only on the secret's bytes, for each
 * of the three offsets (mod 3) it can start at inside a longer string.
 */
function base64Cores(secret) {
    const bytes = Buffer.from(secret);
    const cores = [];
    for (const offset of [0, 1, 2]) {
        const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
            .toString('base64')
            .replace(/=+$/, '');
        const first = Math.ceil((offset * 8) / 6);
        const last = Math.floor(((offset + bytes.length) * 8) / 6);
        const core = encoded.slice(first, last);
        if (core.length >= MIN_ENCODED_CORE)
            cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
    return cores;
}
function safePath(url) {
    try {
        return new URL(url).pathname;
    }
    catch {
        return undefined;
    }
}
const AUTH_HEADER = /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(bearer|token|basic|aws4-hmac-sha256)\s+)?[^\s"',;}\]]+/gi;
const TOKEN_SHAPES = [
    /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g,
    /\bxox[a-z]-[A-Za-z0-9-]{8,}/g,
    /\bAKIA[A-Z0-9]{16}\b/g,
];
const SLACK_WEBHOOK = /(hooks\.slack(?:-gov)?\.com\/(?:services|workflows|triggers)\/)[^\s"'<>)\]|`]+/gi;
/** A piece this long of a secret, left where a text was cut, is still redacted. */
const MIN_CUT_PIECE = 8;
/**
 * The piece of a secret a cut left: its start just before a cut mark (`…`)
 * or the end of the text, its end just after a cut mark or the start. Text
 * is bounded in many places before it reaches a sink.
 */
function redactCutPieces(text) {
    const cuts = [];
    for (const secret of sorted) {
        // A URL's or a path's first characters (`https://hooks.slack.com/`) are no secret: only opaque values are cut-checked.
        if (secret.length <= MIN_CUT_PIECE || /^(?:[a-z][a-z0-9+.-]*:\/\/|\/)/i.test(secret))
            continue;
        // Found by indexOf on a piece of MIN_CUT_PIECE characters, then grown: linear in the text.
        const head = secret.slice(0, MIN_CUT_PIECE);
        for (let at = text.indexOf(head); at >= 0; at = text.indexOf(head, at + 1)) {
            let length = MIN_CUT_PIECE;
            while (length < secret.length && text[at + length] === secret[length])
                length++;
            const end = at + length;
            if (length < secret.length && (end === text.length || text[end] === '…'))
                cuts.push([at, end]);
        }
        const tail = secret.slice(-MIN_CUT_PIECE);
        for (let at = text.indexOf(tail); at >= 0; at = text.indexOf(tail, at + 1)) {
            const end = at + MIN_CUT_PIECE;
            let length = MIN_CUT_PIECE;
            while (length < secret.length && end - length - 1 >= 0 && text[end - length - 1] === secret[secret.length - length - 1])
                length++;
            const start = end - length;
            if (length < secret.length && (start === 0 || text[start - 1] === '…'))
                cuts.push([start, end]);
        }
    }
    if (cuts.length === 0)
        return text;
    // Overlapping pieces merged, then replaced from the end so earlier positions stay valid.
    cuts.sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const [from, to] of cuts) {
        const last = merged[merged.length - 1];
        if (last && from <= last[1])
            last[1] = Math.max(last[1], to);
        else
            merged.push([from, to]);
    }
    let out = text;
    for (const [from, to] of merged.reverse())
        out = `${out.slice(0, from)}${redact_REDACTED}${out.slice(to)}`;
    return out;
}
/** Every registered secret (in every form, also cut short) and every credential-shaped string, replaced with `***`. */
function secrets_redactText(text) {
    let out = text;
    for (const secret of sorted)
        if (out.includes(secret))
            out = out.split(secret).join(redact_REDACTED);
    if (sorted.length > 0)
        out = redactCutPieces(out);
    out = out.replace(AUTH_HEADER, (_all, head, scheme) => `${head}${scheme ? `${scheme} ` : ''}${redact_REDACTED}`);
    for (const shape of TOKEN_SHAPES)
        out = out.replace(shape, redact_REDACTED);
    out = out.replace(SLACK_WEBHOOK, `$1${redact_REDACTED}`);
    return redact_redactUrls(out);
}
/** Every string of a JSON-like value (a report, a Slack message) through `redactText`. */
function redactAll(value) {
    return redactDeep(value, secrets_redactText);
}
/** Replaces these secrets too (a check's own headers), longest first so a secret's prefix never leaks. */
function redactor(secrets) {
    const extra = sortSecrets(secrets);
    return (text) => secrets_redactText(extra.reduce((result, secret) => result.split(secret).join(REDACTED), text));
}

;// CONCATENATED MODULE: ./packages/action-kit/src/commands.ts
/**
 * Workflow commands written without loading @actions/core, so an action that
 * fails on its inputs never pays for the toolkit's start-up (see bench/startup).
 * Escaping follows the runner's rules for command data.
 */
function escapeData(text) {
    return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function writeCommand(command, message) {
    process.stdout.write(`::${command}::${escapeData(message)}\n`);
}
function isDebug(env = process.env) {
    return env['RUNNER_DEBUG'] === '1';
}

;// CONCATENATED MODULE: ./packages/action-kit/src/sinks/log.ts
/**
 * The log sink: text that came from outside (a response body, a Lambda error
 * or log tail, a metrics key, an AWS or GitHub message) printed so that no
 * line of it can start a workflow command.
 *
 * The runner reads a command from any stdout line that, after leading
 * whitespace, starts with `::` (`::add-mask::`, `::stop-commands::`,
 * `::warning::`…), and from the legacy `##[command]` form anywhere in a line
 * (actions/runner ActionCommand.TryParse uses IndexOf). A bare CR ends a line
 * for the runner (.NET ReadLine), so CRs are turned into newlines first. We neutralise each
 * such line by putting a zero-width space (U+200B) inside the marker:
 * `:\u200B:warning::` reads the same to a person and is no command to the
 * runner.
 *
 * Why per-line escaping rather than `::stop-commands::<random token>` around
 * foreign text: it is stateless. Stop-commands turns off *every* command until
 * the token comes back, including our own `::add-mask::` for a secret found
 * meanwhile and the `::error::` lines of concurrent checks; a crash, a
 * cancellation or a forgotten resume between the two leaves the rest of the
 * step with commands off; and every helper that prints would have to bracket
 * its text. Escaping each line costs one regex, composes with anything, and
 * cannot be left half-open. Data inside our own commands (`::error::…`) needs
 * neither: the toolkit percent-encodes newlines there, so it stays one line.
 */
const COMMAND_START = /^(\s*):(?=:)/gm;
/**
 * C0 controls but tab and newline, DEL and C1 controls (U+0080–U+009F, which
 * some terminals read as ESC-[ and friends): a cursor move, an erase-line, an
 * OSC 52 clipboard write or an OSC 8 hidden link from foreign text is shown
 * as the text `\x1b[2K`, never acted on. CR is a line break for the runner and
 * is turned into one before this runs (logText).
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
const LEGACY_COMMAND = /##\[/g;
const ZERO_WIDTH_SPACE = '\u200B';
/** Control characters shown as text (`\x1b`), so a terminal shows them rather than obeys them. */
function terminalSafe(text) {
    return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
/** Foreign text made safe to print as log lines. */
function logText(text) {
    return terminalSafe(text.replace(/\r\n?/g, '\n'))
        .replace(COMMAND_START, `$1:${ZERO_WIDTH_SPACE}`)
        .replace(LEGACY_COMMAND, `#${ZERO_WIDTH_SPACE}#[`);
}
/**
 * Foreign text as the data of one of our own commands (`::error::…`). The
 * toolkit encodes newlines there, and a line the runner reads as our command
 * is not read again; `##[` is still made inert, so the text stays harmless
 * wherever it is printed next.
 */
function commandData(text) {
    // LF is the toolkit's to encode (%0A); every other control, CR included, is shown as text.
    return terminalSafe(text).replace(LEGACY_COMMAND, `#${ZERO_WIDTH_SPACE}#[`);
}
/** True when a line would be read by the runner as a workflow command. */
function isCommandLine(line) {
    return /^\s*::/.test(line) || line.includes('##[');
}

;// CONCATENATED MODULE: ./packages/action-kit/src/sinks/output.ts
/**
 * The output sink: sizes. Every output lands in GITHUB_OUTPUT, and the next
 * step reads it back as one environment variable (an input, or the whole
 * `toJSON(steps)` that deployment-summary takes), and Linux caps one variable
 * at 128 KiB. So each output and report stays far below that, long lists are
 * cut with a count (problems first), and the job summary stays under the
 * runner's 1 MiB per step.
 */
/** A report document: several of them share one `toJSON(steps)` input. */
const REPORT_BUDGET_BYTES = 24 * 1024;
/** Any other output. */
const OUTPUT_BUDGET_BYTES = 32 * 1024;
/** The runner refuses a step summary over 1 MiB; keep a margin. */
const SUMMARY_BUDGET_BYTES = 1_000_000;
/** One excerpt of foreign text (a body, an error, a log tail) in a message. */
const EXCERPT_BYTES = 500;
function byteLength(text) {
    return Buffer.byteLength(text, 'utf8');
}
/**
 * The first `limit` bytes of `text`, cut on a character boundary, and a note
 * of how much was left out (the note comes on top: "first 500 bytes" means 500).
 */
function clipBytes(text, limit = EXCERPT_BYTES) {
    const size = byteLength(text);
    if (size <= limit)
        return text;
    const buf = Buffer.from(text, 'utf8');
    let keep = limit;
    // Step back over UTF-8 continuation bytes so no character is split.
    while (keep > 0 && (buf[keep] & 0xc0) === 0x80)
        keep--;
    return `${buf.subarray(0, keep).toString('utf8')}… (${size - keep} more bytes)`;
}
/** The last `lines` lines of a log tail, each clipped, the whole bounded too. */
function tailLines(text, lines, limit = 2 * EXCERPT_BYTES) {
    const all = text.replace(/\r\n?/g, '\n').trimEnd().split('\n');
    const shown = all.slice(-lines).map((line) => clipBytes(line, 200));
    const head = all.length > lines ? [`… (${all.length - lines} earlier lines)`] : [];
    return clipBytes([...head, ...shown].join('\n'), limit);
}
/**
 * As many items as fit in `budget` bytes of JSON, problems first (they are
 * what a reader needs), the rest in order; the kept items keep their order.
 */
function fitList(items, budget, isProblem = () => false) {
    const sizes = items.map((item) => byteLength(JSON.stringify(item)) + 1);
    if (sizes.reduce((a, b) => a + b, 2) <= budget)
        return { items, omitted: 0 };
    const keep = new Set();
    let used = 2;
    const order = [...items.keys()].sort((a, b) => Number(isProblem(items[b])) - Number(isProblem(items[a])) || a - b);
    for (const index of order) {
        const size = sizes[index];
        if (used + size > budget)
            continue;
        keep.add(index);
        used += size;
    }
    return { items: items.filter((_, i) => keep.has(i)), omitted: items.length - keep.size };
}
/** Names for a one-line list: the first `max`, then "and N more". */
function nameList(names, max = 10, separator = ', ') {
    if (names.length <= max)
        return names.join(separator);
    return `${names.slice(0, max).join(separator)}${separator}and ${names.length - max} more`;
}
/**
 * A summary that fits the runner's limit: cut at a line boundary with a note.
 * Builders shorten tables first; this is the guarantee behind them.
 */
function boundSummary(markdown, limit = SUMMARY_BUDGET_BYTES) {
    if (byteLength(markdown) <= limit)
        return markdown;
    const note = '\n\n_The rest was cut: a job summary holds at most 1 MiB._\n';
    let text = clipBytes(markdown, limit - byteLength(note) - 64);
    text = text.slice(0, Math.max(0, text.lastIndexOf('\n')));
    return `${text}${note}`;
}

;// CONCATENATED MODULE: ./packages/action-kit/src/time.ts

const systemClock = { now: () => performance.timeOrigin + performance.now() };
const systemTimeout = (ms) => AbortSignal.timeout(Math.max(0, Math.ceil(ms)));
/** A sleep that ends early, with CancelledError, when the job is cancelled. */
const sleep = (ms, signal) => new Promise((resolve, reject) => {
    if (signal?.aborted)
        return reject(new errors_CancelledError());
    const onAbort = () => {
        clearTimeout(timer);
        reject(new errors_CancelledError());
    };
    const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
});
function time_throwIfCancelled(signal) {
    if (signal?.aborted)
        throw new errors_CancelledError();
}
/** True when the error is a cancelled or aborted operation (ours, fetch's, the SDK's, Octokit's). */
function time_isAbort(err) {
    if (err instanceof errors_CancelledError)
        return true;
    const name = err?.name;
    return name === 'AbortError' || err?.code === 'ABORT_ERR';
}
/** `signal` and a timeout combined: aborted by whichever comes first. */
function withTimeout(signal, ms, timeout = systemTimeout) {
    return signal ? AbortSignal.any([signal, timeout(ms)]) : timeout(ms);
}
/**
 * A signal aborted when the runner cancels the job. The runner sends SIGINT,
 * then SIGTERM about 7.5 s later, then SIGKILL; either signal stops every
 * wait at once. The listeners stay: a second signal must not kill the process
 * mid-cleanup (runMain bounds the cleanup instead).
 */
function cancellationSignal(proc = process) {
    const controller = new AbortController();
    const abort = () => {
        if (!controller.signal.aborted)
            controller.abort(new errors_CancelledError());
    };
    proc.on('SIGINT', abort);
    proc.on('SIGTERM', abort);
    return controller.signal;
}
/**
 * A clock, sleep and timeout for tests: sleeping advances time instantly, and
 * a timeout's signal aborts once virtual time reaches it (during a sleep or
 * an `advance`), so a deadline that cuts a call short is testable too.
 */
function virtualTime(start = 0) {
    let current = start;
    const timers = [];
    const move = (ms) => {
        current += Math.max(0, ms);
        for (const timer of timers.filter((t) => t.at <= current)) {
            timers.splice(timers.indexOf(timer), 1);
            timer.controller.abort(new DOMException('The operation timed out.', 'TimeoutError'));
        }
    };
    return {
        clock: { now: () => current },
        sleep: async (ms, signal) => {
            if (signal?.aborted)
                throw new CancelledError();
            move(ms);
        },
        timeout: (ms) => {
            const controller = new AbortController();
            timers.push({ at: current + Math.max(0, ms), controller });
            if (ms <= 0)
                move(0);
            return controller.signal;
        },
        advance: move,
    };
}

;// CONCATENATED MODULE: ./packages/action-kit/src/runtime.ts






/**
 * How long cleanup may take after a stop signal: the runner sends SIGTERM
 * about 7.5 s after SIGINT, but a step should end within a second, with its
 * report written and its `::error::Cancelled` line printed.
 */
const CANCEL_GRACE_MS = 700;
async function loadToolkit() {
    const core = await Promise.all(/* import() */[__webpack_require__.e(752), __webpack_require__.e(421)]).then(__webpack_require__.bind(__webpack_require__, 6421));
    // Every line goes through the log sink: foreign text never starts a workflow
    // command (info prints raw lines; the toolkit already encodes command data),
    // and no secret shows, by value or by shape (secrets.ts).
    const log = {
        info: (m) => core.info(logText(secrets_redactText(m))),
        warning: (m) => core.warning(commandData(secrets_redactText(m))),
        error: (m) => core.error(commandData(secrets_redactText(m))),
        notice: (m) => core.notice(commandData(secrets_redactText(m))),
        debug: (m) => core.debug(commandData(secrets_redactText(m))),
        // Masked in the log by the runner, and redacted by value from every output, report and summary by us.
        mask: (secret) => {
            if (!secret)
                return;
            core.setSecret(secret);
            registerSecret(secret);
        },
        group: (title, body) => core.group(commandData(secrets_redactText(title)), body),
    };
    return {
        core,
        log,
        setOutputs(outputs) {
            for (const [name, value] of Object.entries(outputs)) {
                if (value === undefined)
                    continue;
                const text = secrets_redactText(typeof value === 'string' ? value : String(value));
                // The actions bound their outputs; this is the guarantee behind them (one env var holds 128 KiB).
                if (byteLength(text) > OUTPUT_BUDGET_BYTES)
                    log.warning(`Output ${name} was cut to ${OUTPUT_BUDGET_BYTES} bytes (it had ${byteLength(text)}).`);
                core.setOutput(name, clipBytes(text, OUTPUT_BUDGET_BYTES));
            }
        },
        setReport(report) {
            core.setOutput('report', reportJson(report));
        },
        async writeSummary(markdown) {
            // The summary file is absent outside a runner (a local node run): skip quietly.
            if (!process.env['GITHUB_STEP_SUMMARY'])
                return;
            await core.summary.addRaw(boundSummary(secrets_redactText(markdown)), true).write();
        },
    };
}
/**
 * The report as JSON, secrets redacted (secrets.ts), within REPORT_BUDGET_BYTES.
 * Actions shape their reports to fit (lists cut, problems first); should one
 * still be too large, what a reader needs most is kept and the rest dropped.
 */
function reportJson(report) {
    const clean = redactAll(report);
    const json = JSON.stringify(clean);
    if (byteLength(json) <= REPORT_BUDGET_BYTES)
        return json;
    const { action, schema, outcome, headline, error } = clean;
    return JSON.stringify({
        action,
        schema,
        outcome,
        headline: clipBytes(headline, 1000),
        ...(error ? { error: clipBytes(error, 2000) } : {}),
        truncated: true,
        bytes: byteLength(json),
    });
}
/**
 * Runs an action's main function and turns every failure into exactly one
 * `::error::` line and exit code 1. A stack trace is shown only for
 * unexpected errors, and only with RUNNER_DEBUG=1.
 *
 * On SIGINT or SIGTERM the signal handed to main aborts; main gets
 * CANCEL_GRACE_MS to stop its calls, children and sleeps and write its report.
 * Then the process ends with exit code 1 and `Cancelled`, whatever still
 * holds the event loop (a server that never answers, a child that ignores
 * its signal).
 */
async function runMain(main, options = {}) {
    const signal = cancellationSignal();
    let grace;
    signal.addEventListener('abort', () => {
        const graceMs = options.cancelGraceMs?.() ?? CANCEL_GRACE_MS;
        grace = setTimeout(() => {
            writeCommand('error', `${new errors_CancelledError().message} (cleanup did not finish within ${graceMs} ms)`);
            process.exit(1);
        }, graceMs);
    }, { once: true });
    let failed = false;
    try {
        await main({ signal });
    }
    catch (err) {
        failed = true;
        process.exitCode = 1;
        // After a stop signal, whatever the aborted call threw, the cause is the cancel.
        reportFailure(signal.aborted && !(err instanceof errors_CancelledError) ? new errors_CancelledError() : err);
    }
    if (signal.aborted) {
        clearTimeout(grace);
        if (!failed)
            writeCommand('error', new errors_CancelledError().message);
        process.exit(1);
    }
}
function reportFailure(err) {
    if (err instanceof errors_ActionFailure) {
        for (const line of err.details)
            process.stdout.write(`${logText(secrets_redactText(line))}\n`);
        writeCommand('error', commandData(secrets_redactText(err.message)));
    }
    else if (err instanceof errors_InputError || err instanceof errors_CancelledError) {
        writeCommand('error', commandData(secrets_redactText(err.message)));
    }
    else {
        writeCommand('error', commandData(secrets_redactText(errors_errorMessage(err))));
        if (isDebug() && err instanceof Error && err.stack)
            writeCommand('debug', secrets_redactText(err.stack));
    }
}

;// CONCATENATED MODULE: ./packages/action-kit/src/reports/base.ts
/**
 * The `report` output of every action: a JSON document that
 * deployment-summary reads from `${{ toJSON(steps) }}`. One schema per action,
 * versioned together; add fields, never change their meaning.
 */
const base_REPORT_SCHEMA = 1;
const base_PIPELINE_ORDER = [
    'model-threshold-gate',
    'build-and-push-ecr',
    'update-lambda-and-wait',
    'smoke-test',
    'deployment-summary',
];

;// CONCATENATED MODULE: ./packages/action-kit/src/reports/schema.ts
/**
 * The checker every report kind's schema is written for: a report from
 * another job, a fork's artifact or a hand-made file is untrusted, so a wrong
 * type in any field must show as "<field>: <what>", never end in a TypeError
 * deep in the rendering. Fields not listed are allowed (reports gain fields;
 * readers ignore what they do not know).
 *
 * Each kind's module writes its fields as `FieldsOf<TheReport>`: the compiler
 * then refuses a field of the type missing from the schema, a field of the
 * schema missing from the type, and an optional field written as required
 * (or the reverse). The type and its schema cannot drift apart.
 */

const opt = (spec) => ({ optional: spec });
const list = (spec) => ({ list: spec });
const obj = (fields) => ({ fields });
const oneOf = (...values) => ({ oneOf: values });
const nullableNumber = { nullable: 'number' };
const str = opt('string');
const num = opt('number');
const bool = opt('boolean');
const schema_COMMON = {
    action: { oneOf: base_PIPELINE_ORDER },
    schema: 'number',
    outcome: oneOf('success', 'failure', 'skipped'),
    headline: 'string',
    error: str,
};
function kindOf(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'an object';
    return `a ${typeof value}`;
}
function expected(spec) {
    if (typeof spec === 'string')
        return `a ${spec}`;
    if ('oneOf' in spec)
        return `one of ${spec.oneOf.join(', ')}`;
    if ('list' in spec)
        return 'a list';
    if ('fields' in spec || 'record' in spec)
        return 'an object';
    if ('nullable' in spec)
        return `${expected(spec.nullable)} or null`;
    return spec.either.map((k) => `a ${k}`).join(' or ');
}
function checkValue(value, spec, path) {
    const wrong = () => ({
        field: path,
        what: typeof value === 'string' && typeof spec === 'object' && 'oneOf' in spec
            ? `'${value.slice(0, 40)}' is not ${expected(spec)}`
            : `${kindOf(value)}, not ${expected(spec)}`,
    });
    if (typeof spec === 'string')
        return typeof value === spec && (spec !== 'number' || Number.isFinite(value)) ? undefined : wrong();
    if ('oneOf' in spec)
        return typeof value === 'string' && spec.oneOf.includes(value) ? undefined : wrong();
    if ('nullable' in spec)
        return value === null ? undefined : checkValue(value, spec.nullable, path);
    if ('either' in spec)
        return spec.either.some((k) => checkValue(value, k, path) === undefined) ? undefined : wrong();
    if ('list' in spec) {
        if (!Array.isArray(value))
            return wrong();
        for (const [index, item] of value.entries()) {
            const issue = checkValue(item, spec.list, `${path}[${index}]`);
            if (issue)
                return issue;
        }
        return undefined;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return wrong();
    if ('record' in spec) {
        for (const [key, item] of Object.entries(value)) {
            const issue = checkValue(item, spec.record, `${path}.${key}`);
            if (issue)
                return issue;
        }
        return undefined;
    }
    return schema_checkFields(value, spec.fields, `${path}.`);
}
function schema_checkFields(record, fields, prefix) {
    for (const [name, field] of Object.entries(fields)) {
        const optional = typeof field === 'object' && 'optional' in field;
        const spec = optional ? field.optional : field;
        // Own properties only: a key such as `__proto__` or `constructor` is no field of ours.
        const value = Object.prototype.hasOwnProperty.call(record, name) ? record[name] : undefined;
        if (value === undefined) {
            if (optional)
                continue;
            return { field: `${prefix}${name}`, what: 'missing' };
        }
        const issue = checkValue(value, spec, `${prefix}${name}`);
        if (issue)
            return issue;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./packages/action-kit/src/reports/build.ts

const BUILD_FIELDS = {
    commit: str,
    region: str,
    registry: str,
    repository: 'string',
    imageUri: str,
    imageUriDigest: str,
    digest: str,
    mediaType: str,
    sizeBytes: num,
    tags: list('string'),
    tagsNotMoved: opt(list('string')),
    pushed: 'boolean',
    skipped: 'boolean',
    skipReason: str,
    scan: opt(obj({ status: 'string', findings: { record: 'number' }, threshold: str, passed: 'boolean' })),
    consoleUrl: str,
    builder: opt(oneOf('buildx', 'docker')),
    createdRepository: bool,
    lambdaCompatible: bool,
    platforms: opt(list(obj({ platform: 'string', digest: 'string' }))),
};

;// CONCATENATED MODULE: ./packages/action-kit/src/reports/gate.ts

const GATE_FIELDS = {
    passed: 'boolean',
    mode: oneOf('enforce', 'report'),
    rules: list(obj({
        metric: 'string',
        kind: oneOf('threshold', 'regression'),
        op: str,
        bar: num,
        value: opt(nullableNumber),
        baseline: opt(nullableNumber),
        delta: opt(nullableNumber),
        allowed: str,
        verdict: oneOf('pass', 'fail', 'warn', 'skip'),
        message: str,
        input: str,
        line: num,
        direction: opt(oneOf('higher', 'lower')),
        deltaPercent: opt(nullableNumber),
        valueText: str,
        baselineText: str,
    })),
    failed: opt(list('string')),
    rulesOmitted: num,
    metricsSource: str,
    baselineSource: str,
    baselineRecord: opt(obj({
        environment: 'string',
        found: 'boolean',
        problem: str,
        deploymentId: num,
        commit: str,
        functionName: str,
        alias: str,
        version: str,
        aliasVersionNow: str,
        aliasMoved: bool,
    })),
};

;// CONCATENATED MODULE: ./packages/action-kit/src/reports/smoke.ts

const SMOKE_FIELDS = {
    passed: 'boolean',
    checks: list(obj({
        name: 'string',
        kind: oneOf('http', 'lambda'),
        target: 'string',
        passed: 'boolean',
        status: opt({ either: ['number', 'string'] }),
        attempts: 'number',
        p50Ms: num,
        p95Ms: num,
        maxMs: num,
        reason: str,
        skipped: bool,
        expected: str,
        actual: str,
        functionError: str,
        waitedMs: num,
        durationMs: num,
        requestsSent: num,
        failedRequests: num,
        errorRatePercent: num,
        maxErrorRatePercent: num,
    })),
    failedChecks: opt(list('string')),
    durationMs: num,
    checksOmitted: num,
    totals: opt(obj({ checks: 'number', passed: 'number', failed: 'number', skipped: 'number' })),
};

;// CONCATENATED MODULE: ./packages/action-kit/src/reports/summary.ts

const SUMMARY_FIELDS = {
    verdict: oneOf('success', 'failure', 'cancelled'),
    title: str,
    environment: str,
    commentId: num,
    commentUrl: str,
    deploymentId: num,
    slackSent: bool,
    slackTs: str,
    stage: opt(oneOf('start')),
    sections: list('string'),
};

;// CONCATENATED MODULE: ./packages/action-kit/src/reports/lambda.ts

const STATS = obj({
    version: 'string',
    invocations: 'number',
    errors: 'number',
    errorRate: num,
    latency: opt(obj({ stat: 'string', ms: 'number' })),
});
const BAKE = obj({
    steps: list(obj({ weight: 'number', bakeSeconds: 'number' })),
    analysisIntervalSeconds: 'number',
    metricsDelaySeconds: 'number',
    rules: list('string'),
    windows: list(obj({
        start: 'string',
        end: 'string',
        step: 'number',
        weight: 'number',
        new: STATS,
        previous: opt(STATS),
        alarms: opt(list(obj({ name: 'string', state: 'string' }))),
        verdict: oneOf('healthy', 'breach', 'pending', 'insufficient-traffic', 'inconclusive'),
        reason: str,
        evidence: opt(obj({ invocations: 'number', errors: 'number', rate: num, bound: num, sentence: 'string' })),
        metrics: opt(list(obj({ rule: 'string', value: num, passed: bool }))),
    })),
    probes: opt(obj({ sent: 'number', failed: 'number', firstError: str })),
    omittedWindows: num,
    hold: bool,
    heldSplit: opt(obj({ newVersion: 'string', previousVersion: 'string', weight: 'number' })),
    resumedFrom: num,
    result: oneOf('promoted', 'rolled-back', 'held', 'cancelled', 'stopped'),
});
const LAMBDA_FIELDS = {
    region: str,
    functionName: 'string',
    functionArn: str,
    packageType: opt(oneOf('Image', 'Zip')),
    codeSource: opt(oneOf('image', 'zip', 's3', 'none')),
    codeSha256: str,
    resolvedImageUri: str,
    version: str,
    versionArn: str,
    previousVersion: str,
    alias: opt(obj({ name: 'string', arn: str, version: 'string', weights: opt({ record: 'number' }) })),
    updateSeconds: num,
    waitedForOthersSeconds: num,
    lastUpdateStatus: str,
    steps: opt(list('string')),
    stoppedAt: str,
    dryRun: 'boolean',
    consoleUrl: str,
    configuration: opt(obj({
        changed: list('string'),
        environment: opt(obj({ added: list('string'), changed: list('string'), removed: list('string') })),
    })),
    bake: opt(BAKE),
    rolledBack: bool,
    rollbackReason: str,
    created: bool,
    s3Bucket: str,
    s3Key: str,
    uploadedBytes: num,
    deletedVersions: opt(list('string')),
};

;// CONCATENATED MODULE: ./packages/action-kit/src/reports/index.ts
/**
 * Every report kind by its action name: its schema (each kind's module owns
 * its type and fields, checked key for key against each other), and the
 * narrowing of an unknown JSON value to one of our reports.
 */













const SCHEMAS = {
    'model-threshold-gate': GATE_FIELDS,
    'build-and-push-ecr': BUILD_FIELDS,
    'update-lambda-and-wait': LAMBDA_FIELDS,
    'smoke-test': SMOKE_FIELDS,
    'deployment-summary': SUMMARY_FIELDS,
};
/** Narrow an unknown JSON value to one of our reports, or undefined. */
function asReport(value) {
    if (typeof value !== 'object' || value === null)
        return undefined;
    const candidate = value;
    if (candidate.schema !== REPORT_SCHEMA)
        return undefined;
    return PIPELINE_ORDER.includes(candidate.action) ? value : undefined;
}
/** What is wrong with a report of `action`, field by field; undefined when every field the readers use is right. */
function reportIssue(action, value) {
    return checkFields(value, { ...COMMON, ...SCHEMAS[action] }, '');
}
/** The same, as a phrase after the report's name: `lacks the field "checks"`, `has "rules[0].verdict" as a number, not a string`. */
function reportProblem(action, value) {
    const issue = reportIssue(action, value);
    if (!issue)
        return undefined;
    if (issue.what === 'missing')
        return `lacks the field "${issue.field}"`;
    return `has "${issue.field}" as ${issue.what}`;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./packages/action-kit/src/files.ts

function describeKind(stat) {
    if (stat.isDirectory())
        return 'a directory';
    if (stat.isFIFO())
        return 'a named pipe (FIFO)';
    if (stat.isSocket())
        return 'a socket';
    if (stat.isCharacterDevice())
        return 'a character device';
    if (stat.isBlockDevice())
        return 'a block device';
    return 'not a regular file';
}
/**
 * Why `path` cannot be read as a file input, or undefined when it is a
 * regular file (symlinks followed). A FIFO or a device is refused before it
 * is opened: reading one can block forever, past every timeout and signal.
 */
function regularFileProblem(path) {
    let stat;
    try {
        stat = statSync(path);
    }
    catch (err) {
        const code = err.code;
        return code === 'ENOENT' ? 'was not found' : `cannot be read (${code ?? err.message})`;
    }
    return stat.isFile() ? undefined : `is ${describeKind(stat)}, not a regular file`;
}

;// CONCATENATED MODULE: ./packages/action-kit/src/github-errors.ts
/**
 * GitHub error text, bounded. Octokit puts a non-JSON error body in the
 * message as is: a 502 from GitHub's front end is a whole HTML page. Such a
 * page is reduced to the status and its title.
 */


const MAX_MESSAGE = 300;
/** The HTTP status of an Octokit RequestError, if that is what it is. */
function httpStatus(err) {
    const status = err?.status;
    return typeof status === 'number' ? status : undefined;
}
function pageTitle(html) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1];
    return (title
        ?.replace(/&middot;/g, '·')
        .replace(/&amp;/g, '&')
        .replace(/\s+/g, ' ')
        .trim() || undefined);
}
function describeGitHubError(err) {
    const status = httpStatus(err);
    const message = errorMessage(err);
    if (/<(!doctype|html|head|body)\b/i.test(message)) {
        const title = pageTitle(message);
        return `HTTP ${status ?? 'error'}${title ? ` (an HTML page titled "${title}")` : ' (an HTML page)'}`;
    }
    // Redacted before it is cut: a cut can leave a secret's first half, which no later redaction recognises.
    const text = redactText(message).replace(/\s+/g, ' ').trim();
    const bounded = text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
    return status !== undefined && !bounded.includes(String(status)) ? `HTTP ${status}: ${bounded}` : bounded;
}

;// CONCATENATED MODULE: ./packages/action-kit/src/ledger.ts
const LEDGER_TASK = 'deploy:mlship';
const LEDGER_SCHEMA = 1;
/** The ledger is read in pages of 100 (GitHub's largest), newest first. */
const LEDGER_PAGE_SIZE = 100;
/** A search for a baseline stops after this many pages: 2,000 deployments of one task to one environment. */
const LEDGER_MAX_PAGES = 20;
/**
 * ... and after reading this many deployments' statuses. A failed run's record
 * needs no read (its payload says so); one started in progress does. The cap
 * keeps one gate run far from GITHUB_TOKEN's 1,000 requests an hour.
 */
const LEDGER_MAX_STATUS_READS = 100;
/** The payload's marker: which action wrote it. */
const LEDGER_WRITER = 'deployment-summary';
/** Ends every status description deployment-summary writes to its deployments: how the gate knows a success status as ours. */
const LEDGER_STATUS_MARK = ' · mlship';
/** GitHub cuts a status description at 140 characters. */
const DESCRIPTION_LIMIT = 140;
/** A status description, clipped to GitHub's limit, with our mark at its end. */
function ledgerDescription(text) {
    const room = DESCRIPTION_LIMIT - LEDGER_STATUS_MARK.length;
    return `${text.length <= room ? text : `${text.slice(0, room - 1)}…`}${LEDGER_STATUS_MARK}`;
}
function isLedgerDescription(text) {
    return typeof text === 'string' && text.endsWith(LEDGER_STATUS_MARK);
}
/**
 * The run's outcome when the deployment was created: a payload cannot change,
 * so this lets a reader skip a failed deployment without reading its statuses
 * (a bad week of 1,000 failures costs pages, not 1,000 status reads).
 * `in_progress` (created by `stage: start`): the statuses tell.
 */
const LEDGER_OUTCOMES = ['success', 'failure', 'cancelled', 'in_progress'];
/** GitHub stores the payload as given; keep it far from any limit. */
const MAX_RULES = 200;
const MAX_TEXT = 500;
function ledgerRecord(parts) {
    const { lambda, build, gate } = parts;
    const record = {
        mlship: LEDGER_SCHEMA,
        writer: LEDGER_WRITER,
        outcome: parts.outcome,
        environment: parts.environment,
        commit: parts.commit,
        run: parts.run,
    };
    if (lambda) {
        record.function = lambda.functionName;
        record.region = lambda.region ?? lambda.functionArn?.split(':')[3];
        record.alias = lambda.alias?.name;
        record.version = lambda.version;
        // A canary left on its weights still serves the alias's main version mostly.
        if (lambda.alias && lambda.alias.version !== lambda.version)
            record.aliasVersion = lambda.alias.version;
        record.previousVersion = lambda.previousVersion;
        record.codeSha256 = lambda.codeSha256;
        record.imageUri = lambda.resolvedImageUri;
    }
    const digest = build?.digest ?? /@(sha256:[0-9a-f]{64})$/.exec(lambda?.resolvedImageUri ?? '')?.[1];
    if (digest)
        record.imageDigest = digest;
    if (!record.imageUri && build?.imageUriDigest)
        record.imageUri = build.imageUriDigest;
    if (gate) {
        const metrics = {};
        for (const rule of gate.rules.slice(0, MAX_RULES)) {
            const value = metricOf(rule);
            if (value !== undefined && rule.metric.length <= MAX_TEXT)
                metrics[rule.metric] = value;
        }
        record.gate = {
            passed: gate.passed,
            mode: gate.mode,
            source: gate.metricsSource,
            metrics,
            rules: gate.rules.slice(0, MAX_RULES).map((r) => ({
                metric: r.metric.slice(0, MAX_TEXT),
                kind: r.kind,
                op: r.op,
                bar: r.bar,
                allowed: r.allowed,
                direction: r.direction,
                verdict: r.verdict,
            })),
        };
    }
    return JSON.parse(JSON.stringify(record));
}
function metricOf(rule) {
    if (typeof rule.value === 'number')
        return rule.value;
    if (rule.valueText === 'NaN' || rule.valueText === 'Infinity' || rule.valueText === '-Infinity')
        return rule.valueText;
    return undefined;
}
const ledger_str = (v) => (typeof v === 'string' && v.length <= MAX_TEXT ? v : undefined);
const ledger_num = (v) => (typeof v === 'number' ? v : undefined);
const ledger_oneOf = (values) => (v) => typeof v === 'string' && values.includes(v) ? v : undefined;
const objectOf = (v) => typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
const fields = (readers, value) => Object.fromEntries(Object.entries(readers).map(([key, read]) => [key, read(value[key])]));
const isLedgerMetric = (v) => typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity';
const RULE_FIELDS = {
    metric: ledger_str,
    kind: ledger_oneOf(['threshold', 'regression']),
    op: ledger_str,
    bar: ledger_num,
    allowed: ledger_str,
    direction: ledger_oneOf(['higher', 'lower']),
    verdict: ledger_oneOf(['pass', 'fail', 'warn', 'skip']),
};
const ledger_GATE_FIELDS = {
    passed: (v) => v === true,
    mode: (v) => (v === 'report' ? 'report' : 'enforce'),
    source: ledger_str,
    metrics: (v) => {
        const metrics = {};
        for (const [key, value] of Object.entries(objectOf(v) ?? {}).slice(0, MAX_RULES))
            if (key.length <= MAX_TEXT && isLedgerMetric(value))
                metrics[key] = value;
        return metrics;
    },
    // A rule missing a required field is dropped, not guessed.
    rules: (v) => (Array.isArray(v) ? v.slice(0, MAX_RULES) : [])
        .map((rule) => fields(RULE_FIELDS, objectOf(rule) ?? {}))
        .filter((rule) => rule.metric !== undefined && rule.kind !== undefined && rule.verdict !== undefined),
};
const LEDGER_FIELDS = {
    mlship: (v) => (v === LEDGER_SCHEMA ? LEDGER_SCHEMA : undefined),
    writer: (v) => (v === LEDGER_WRITER ? LEDGER_WRITER : undefined),
    outcome: ledger_oneOf(LEDGER_OUTCOMES),
    environment: (v) => (typeof v === 'string' ? v : undefined),
    commit: ledger_str,
    run: (v) => {
        const run = objectOf(v) ?? {};
        return { id: ledger_str(run['id']), attempt: ledger_str(run['attempt']), url: ledger_str(run['url']) };
    },
    function: ledger_str,
    region: ledger_str,
    alias: ledger_str,
    version: ledger_str,
    aliasVersion: ledger_str,
    previousVersion: ledger_str,
    imageUri: ledger_str,
    imageDigest: ledger_str,
    codeSha256: ledger_str,
    gate: (v) => {
        const gate = objectOf(v);
        return gate ? fields(ledger_GATE_FIELDS, gate) : undefined;
    },
};
/** A deployment's payload as a ledger record, or undefined when deployment-summary did not write it (schema and marker). */
function parseLedgerRecord(payload) {
    let value = payload;
    if (typeof value === 'string') {
        try {
            value = JSON.parse(value);
        }
        catch {
            return undefined;
        }
    }
    const p = objectOf(value);
    if (!p)
        return undefined;
    const record = fields(LEDGER_FIELDS, p);
    if (record.mlship === undefined || record.writer === undefined || record.environment === undefined)
        return undefined;
    return JSON.parse(JSON.stringify(record));
}
/** A metric's recorded value as a number (NaN and ±Infinity included), or undefined. */
function ledgerNumber(value) {
    if (value === undefined)
        return undefined;
    if (typeof value === 'number')
        return value;
    return value === 'NaN' ? Number.NaN : value === 'Infinity' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
}

;// CONCATENATED MODULE: ./packages/action-kit/src/compare.ts

function compareNumbers(value, op, bar) {
    switch (op) {
        case '>=':
            return value >= bar;
        case '>':
            return value > bar;
        case '<=':
            return value <= bar;
        case '<':
            return value < bar;
        case '==':
            return value === bar;
        case '!=':
            return value !== bar;
        default:
            return unreachable(op);
    }
}

;// CONCATENATED MODULE: ./packages/action-kit/src/index.ts

























;// CONCATENATED MODULE: ./packages/aws-kit/src/client-config.ts
const DEFAULT_MAX_ATTEMPTS = 5;
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;
/**
 * With @smithy/node-http-handler 4.x, `requestTimeout` alone only logs a
 * warning when it passes and the call keeps waiting; `throwOnRequestTimeout:
 * true` makes it fail the request with a TimeoutError (code ETIMEDOUT), which
 * the SDK's retry treats as transient.
 */
function clientConfig(options, agents) {
    return {
        region: options.region,
        maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        requestHandler: {
            requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
            throwOnRequestTimeout: true,
            connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
            ...agents,
        },
    };
}
/** clientConfig with this environment's proxy agents (none loaded when no proxy is set). */
async function proxiedClientConfig(options) {
    const { envProxyAgents } = await __webpack_require__.e(/* import() */ 376).then(__webpack_require__.bind(__webpack_require__, 7376));
    return clientConfig(options, await envProxyAgents());
}

;// CONCATENATED MODULE: ./packages/aws-kit/src/lambda.ts

async function createLambdaClient(options) {
    const { LambdaClient } = await __webpack_require__.e(/* import() */ 696).then(__webpack_require__.t.bind(__webpack_require__, 1696, 19));
    return new LambdaClient(await proxiedClientConfig(options));
}

;// CONCATENATED MODULE: ./packages/aws-kit/src/errors.ts
function awsErrorCode(err) {
    if (typeof err !== 'object' || err === null)
        return undefined;
    const shape = err;
    return shape.name && shape.name !== 'Error' ? shape.name : (shape.Code ?? shape.code);
}
function awsHttpStatus(err) {
    return err?.$metadata?.httpStatusCode;
}
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'AuthorizationError']);
const CREDENTIALS = new Set([
    'CredentialsProviderError',
    'UnrecognizedClientException',
    'InvalidSignatureException',
    'ExpiredTokenException',
]);
/**
 * `<Operation> failed: <Code>: <message>`, plus what to do about it:
 * the IAM action to grant on AccessDenied, how to get credentials when
 * there are none.
 */
function errors_describeAwsError(service, operation, err) {
    const code = awsErrorCode(err) ?? 'Error';
    const message = err?.message ?? String(err);
    let text = `${operation} failed: ${code}: ${message}`;
    if (ACCESS_DENIED.has(code)) {
        text += ` (grant ${service}:${operation} to the role this job assumes)`;
    }
    else if (CREDENTIALS.has(code)) {
        text += ' (no valid AWS credentials: run aws-actions/configure-aws-credentials before this step)';
    }
    return text;
}
/**
 * Whether `err` is one of the AWS error codes named: the one way the actions
 * tell "not found" (an answer) from a failure.
 */
function isAwsError(err, codes) {
    const code = awsErrorCode(err);
    return code !== undefined && codes.includes(code);
}
function consoleUrl(region, path, service) {
    const host = region.startsWith('cn-') ? 'console.amazonaws.cn' : 'console.aws.amazon.com';
    return `https://${region}.${host}/${service}/home?region=${region}#${path}`;
}

;// CONCATENATED MODULE: ./packages/aws-kit/src/region.ts

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;
/**
 * The region from the `aws-region` input, else AWS_REGION, else
 * AWS_DEFAULT_REGION (what configure-aws-credentials exports).
 */
function resolveRegion(input, env = process.env) {
    const fromInput = input?.trim();
    const region = fromInput || env['AWS_REGION']?.trim() || env['AWS_DEFAULT_REGION']?.trim();
    if (!region) {
        throw new InputError('aws-region', 'is not set and neither AWS_REGION nor AWS_DEFAULT_REGION is in the environment', 'aws-region: us-east-1 (or run aws-actions/configure-aws-credentials first)');
    }
    if (!REGION_PATTERN.test(region)) {
        throw new InputError(fromInput ? 'aws-region' : 'aws-region (from AWS_REGION)', `is not an AWS region: '${region}'`, 'aws-region: eu-west-1');
    }
    return region;
}

;// CONCATENATED MODULE: ./packages/aws-kit/src/transient.ts


const THROTTLING = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'RequestLimitExceeded', 'ThrottledException']);
const NETWORK = /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EAI_AGAIN|socket hang up|timed? ?out|network/i;
/**
 * Whether an AWS call failed for a passing reason worth another try:
 * throttling (429), a service error (5xx), or the network (reset, refused,
 * a request timeout). Undefined for everything else, and for an aborted call:
 * a cancel or a passed deadline is never retried.
 */
function transientKind(err) {
    if (time_isAbort(err))
        return undefined;
    const code = awsErrorCode(err) ?? '';
    const status = awsHttpStatus(err);
    if (THROTTLING.has(code) || status === 429)
        return 'throttled';
    if (status !== undefined && status >= 500)
        return 'transient';
    const errno = String(err?.code ?? '');
    const message = err?.message ?? '';
    if (status === undefined && (NETWORK.test(message) || NETWORK.test(code) || NETWORK.test(errno)))
        return 'transient';
    return undefined;
}
/** `ServiceException (HTTP 500)`, `TimeoutError`: the short name of a failure for retry logs. */
function transient_failureName(err) {
    const status = awsHttpStatus(err);
    return `${awsErrorCode(err) ?? 'network error'}${status ? ` (HTTP ${status})` : ''}`;
}
/** An AWS failure explained for the user that a later attempt may not repeat. */
class TransientAwsFailure extends errors_ActionFailure {
    kind;
    constructor(message, kind) {
        super(message);
        this.kind = kind;
    }
}

;// CONCATENATED MODULE: ./packages/aws-kit/src/index.ts
// The shared core (region, errors, client options). Each service's client has
// its own entry point, `@mlship/aws-kit/ecr`, `/lambda` and `/cloudwatch`, so a
// bundle carries only the SDK clients its action calls.





;// CONCATENATED MODULE: ./actions/update-lambda-and-wait/src/deploy/retry.ts


/** What to do about a failed Lambda call. */
function classifyError(err) {
    if (time_isAbort(err))
        return 'fatal';
    const message = err?.message ?? '';
    // "Alias already exists" is a ResourceConflictException too, and retrying it never helps.
    if (awsErrorCode(err) === 'ResourceConflictException')
        return /in progress/i.test(message) ? 'update-in-progress' : 'fatal';
    return transientKind(err) ?? 'fatal';
}
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8000;
/** Conflicts mean waiting out an update each time; a deploy racing a loop of others still ends. */
const MAX_CONFLICTS = 10;
/** The ActionFailure for a call the deadline (wait-timeout) cut short or left no time to retry. */
function outOfTime(operation, timing, last, tries) {
    const lastFailure = last === undefined ? 'it was still in flight' : `the last try failed: ${describeAwsError('lambda', operation, last)}`;
    return new ActionFailure(`${operation} did not succeed within wait-timeout (${tries} tr${tries === 1 ? 'y' : 'ies'}); ${lastFailure}`);
}
/**
 * Calls a Lambda operation. An update in progress is waited out, then the
 * call is retried; throttling and 5xx/network errors are retried with
 * exponential backoff for as long as wait-timeout allows (not a fixed count:
 * an outage shorter than the wait must not fail the deploy); anything else
 * fails at once with the AWS error explained. A call still in flight at the
 * deadline is aborted.
 */
async function withRetries(operation, call, deps) {
    const { timing, log } = deps;
    let failures = 0;
    let conflicts = 0;
    let last;
    for (let tries = 1;; tries++) {
        throwIfCancelled(timing.signal);
        try {
            return await call(timing.callSignal());
        }
        catch (err) {
            throwIfCancelled(timing.signal);
            if (isAbort(err) && timing.expired())
                throw outOfTime(operation, timing, last, tries);
            const kind = classifyError(err);
            if (kind === 'fatal')
                throw new ActionFailure(describeAwsError('lambda', operation, err));
            if (kind === 'update-in-progress') {
                if (++conflicts > MAX_CONFLICTS) {
                    throw new ActionFailure(`${operation} failed: the function was busy with another update ${MAX_CONFLICTS} times in a row (ResourceConflictException)`);
                }
                log.info(`${operation}: another update of the function is in progress (ResourceConflictException); waiting for it to finish, then retrying`);
                await deps.waitForIdle(operation);
                continue;
            }
            last = err;
            failures++;
            const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - 1));
            if (timing.clock.now() + delay >= timing.deadline)
                throw outOfTime(operation, timing, err, tries);
            log.warning(`${operation}: ${kind === 'throttled' ? 'throttled' : 'transient error'}: ${failureName(err)}; retry ${failures} in ${formatDuration(delay)} (until wait-timeout)`);
            await timing.sleep(delay, timing.signal);
        }
    }
}

;// CONCATENATED MODULE: ./actions/update-lambda-and-wait/src/alias/weights.ts
/**
 * The one representation of alias weights: fractions of traffic (0..1) per
 * extra version, kept to 0.01 % (what UpdateAlias is sent, what is compared,
 * what is printed). The primary version takes the rest.
 */

/** A share rounded to 0.01 % (4 decimals of a fraction), so 0.1 + 0.2 and 0.3 are the same share. */
function roundShare(fraction) {
    return Math.round(fraction * 10000) / 10000;
}
/** A share as a percent to 0.01: 0.1 → 10, 0.12345 → 12.35. */
function percentOf(fraction) {
    return Math.round(fraction * 10000) / 100;
}
function roundWeights(weights) {
    return Object.fromEntries(Object.entries(weights).map(([v, w]) => [v, roundShare(w)]));
}
/** A share as people read it: `10%`, `12.5%`, `0.01%`. */
function formatShare(fraction) {
    return formatPercent(roundShare(fraction));
}
/** The primary version's share: whatever the extra versions do not take. */
function primaryShare(weights) {
    return roundShare(1 - Object.values(weights).reduce((sum, w) => sum + w, 0));
}
/** `version 4 (100%)` or `version 4 (90%) and 10% on version 5`. */
function describeAlias(view) {
    const extra = Object.entries(view.weights).map(([v, w]) => `${formatShare(w)} on version ${v}`);
    return extra.length === 0
        ? `version ${view.version} (100%)`
        : `version ${view.version} (${formatShare(primaryShare(view.weights))}) and ${extra.join(', ')}`;
}
/** The extra weights after a version in a log line: `` or ` (plus 10% on version 5)`. */
function weightsText(weights) {
    const entries = Object.entries(weights);
    return entries.length === 0 ? '' : ` (plus ${entries.map(([v, w]) => `${formatShare(w)} on version ${v}`).join(', ')})`;
}
/** The same, compact, for a headline or a table cell: `` or ` (+10% on 5)`. */
function weightsShort(weights) {
    const entries = Object.entries(weights);
    return entries.length === 0 ? '' : ` (+${entries.map(([v, w]) => `${formatShare(w)} on ${v}`).join(', ')})`;
}
/** Every version's share, the primary included, e.g. {"1":0.9,"2":0.1} (the `weights` output). */
function sharesByVersion(view) {
    return { [view.version]: primaryShare(view.weights), ...roundWeights(view.weights) };
}
/** The same routing, to 0.01 %: key order and float noise do not count. */
function sameRouting(a, b) {
    const keys = new Set([...Object.keys(a.weights), ...Object.keys(b.weights)]);
    return a.version === b.version && [...keys].every((k) => roundShare(a.weights[k] ?? 0) === roundShare(b.weights[k] ?? 0));
}

;// CONCATENATED MODULE: ./actions/update-lambda-and-wait/src/alias/writer.ts
/**
 * The one writer of the alias: every change (the deploy's point or canary,
 * each bake step, promote, rollback, hold, resume, the post step's safety
 * net) goes through `write` or `create` here, with one guard and one retry
 * rule:
 *  - guard: every UpdateAlias names the RevisionId this run read or wrote
 *    last. A stale one means someone else changed the alias: never
 *    overwritten, AliasChangedError says what it points at now. Revisions are
 *    compared by RevisionId alone; two missing ones are not the same
 *    revision (nothing proves the alias unchanged).
 *  - retry: throttling, 5xx, network errors and "an update is in progress"
 *    are tried again, at most TRIES times with doubling backoff, each wait cut
 *    short by the cancel signal; anything else fails at once.
 *  - weights: sent and compared rounded to 0.01 % (weights.ts).
 */




/** Someone else changed the alias since this run read it: never overwrite. */
class AliasChangedError extends Error {
    now;
    name = 'AliasChangedError';
    constructor(now) {
        super(`the alias was changed by someone else; it now points at ${now ? describeAlias(now) : 'an unknown state'}`);
        this.now = now;
    }
}
/** The same revision: both RevisionIds known and equal. The routing does not count (a write of the same routing is still someone's write). */
function sameRevision(a, b) {
    return a?.revisionId !== undefined && a.revisionId === b?.revisionId;
}
/** A passing fault must not end a deploy or a bake, a long outage must not stall one: 5 tries, 7.5 s of waiting at most. */
const TRIES = 5;
const FIRST_DELAY_MS = 500;
async function withTries(operation, call, options, signal) {
    for (let attempt = 1;; attempt++) {
        time_throwIfCancelled(signal);
        try {
            return await call(attempt);
        }
        catch (err) {
            if (time_isAbort(err) || err instanceof AliasChangedError || err instanceof errors_ActionFailure)
                throw err;
            const kind = classifyError(err);
            if (kind === 'fatal' || attempt >= TRIES) {
                const tries = attempt > 1 ? ` (${attempt} tries)` : '';
                throw new errors_ActionFailure(`${errors_describeAwsError('lambda', operation, err)}${tries}`);
            }
            const delay = FIRST_DELAY_MS * 2 ** (attempt - 1);
            options.log?.warning(`${operation}: ${kind === 'update-in-progress' ? 'an update is in progress' : kind}: ${transient_failureName(err)}; try ${attempt + 1} of ${TRIES} in ${format_formatDuration(delay)}`);
            await options.sleep(delay, signal);
        }
    }
}
function aliasWriter(api, functionName, alias, options) {
    const read = (signal) => withTries('GetAlias', () => api.getAlias(functionName, alias, signal), options, signal);
    return {
        read,
        create: (version, signal) => withTries('CreateAlias', () => api.createAlias(functionName, alias, version, {}, signal), options, signal),
        async write(version, weights, revisionId, signal) {
            if (revisionId === undefined)
                throw new AliasChangedError(await read(signal));
            const asked = { version, weights: roundWeights(weights) };
            return withTries('UpdateAlias', async (attempt) => {
                try {
                    return await api.updateAlias(functionName, alias, version, asked.weights, signal, revisionId);
                }
                catch (err) {
                    if (!isAwsError(err, ['PreconditionFailedException']))
                        throw err;
                    const now = await read(signal);
                    // A retry after a try whose answer was lost: that try landed, the alias is as asked.
                    if (attempt > 1 && now && sameRouting(now, asked))
                        return now;
                    throw new AliasChangedError(now);
                }
            }, options, signal);
        },
    };
}

;// CONCATENATED MODULE: ./actions/update-lambda-and-wait/src/bake/safety-net.ts



function parseBakeState(text) {
    if (!text)
        return undefined;
    try {
        const state = JSON.parse(text);
        return state && typeof state === 'object' && state.open === true ? state : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * The post step's safety net: when main ended with traffic still split (it
 * was killed before it could put the alias back), the alias goes back to the
 * previous version, but only if it is still exactly as this run left it
 * (same RevisionId). Anything else is someone's later decision and stays.
 * Never throws: a failed restore is a warning.
 */
async function restoreIfUntouched(state, writer, log, signal) {
    const { functionName, alias, previousVersion, newVersion } = state;
    const leave = (now) => {
        if (now)
            log.info(`Alias ${alias} was changed after this run's last write (it points at ${describeAlias(now)}): leaving it as it is`);
        else
            log.warning(`Alias ${alias} of ${functionName} no longer exists: nothing to put back`);
        return 'changed';
    };
    try {
        const now = await writer.read(signal);
        if (!now || !sameRevision(now, state))
            return leave(now);
        await writer.write(previousVersion, {}, state.revisionId, signal);
        log.warning(`The bake of version ${newVersion} did not finish: alias ${alias} of ${functionName} put back to version ${previousVersion} (100%) by the post step`);
        return 'restored';
    }
    catch (err) {
        if (err instanceof AliasChangedError)
            return leave(err.now);
        log.warning(`The post step could not put alias ${alias} back to version ${previousVersion}: ${errors_errorMessage(err)}`);
        return 'failed';
    }
}

;// CONCATENATED MODULE: ./actions/update-lambda-and-wait/src/lambda-api.ts

function toState(conf, resolvedImageUri) {
    return {
        arn: (conf?.FunctionArn ?? '').replace(/:(\d+|\$LATEST)$/, ''),
        name: conf?.FunctionName ?? '',
        version: conf?.Version ?? '$LATEST',
        packageType: conf?.PackageType === 'Image' ? 'Image' : 'Zip',
        state: conf?.State,
        stateReason: conf?.StateReason,
        lastUpdateStatus: conf?.LastUpdateStatus,
        lastUpdateStatusReason: conf?.LastUpdateStatusReason,
        lastUpdateStatusReasonCode: conf?.LastUpdateStatusReasonCode,
        codeSha256: conf?.CodeSha256,
        resolvedImageUri,
        ...(conf?.Role ? { role: conf.Role } : {}),
    };
}
function toAlias(alias) {
    return {
        arn: alias.AliasArn ?? '',
        name: alias.Name ?? '',
        version: alias.FunctionVersion ?? '',
        weights: { ...(alias.RoutingConfig?.AdditionalVersionWeights ?? {}) },
        ...(alias.RevisionId ? { revisionId: alias.RevisionId } : {}),
    };
}
/** A missing version or alias is an answer (undefined), not a failure. */
async function undefinedIfNotFound(call) {
    try {
        return await call();
    }
    catch (err) {
        if (isAwsError(err, ['ResourceNotFoundException']))
            return undefined;
        throw err;
    }
}
/** Binds the operations to a client; the SDK module is loaded here, after inputs validated. */
async function lambdaApi(client) {
    const sdk = await __webpack_require__.e(/* import() */ 696).then(__webpack_require__.t.bind(__webpack_require__, 1696, 19));
    const opts = (signal) => ({ abortSignal: signal });
    return {
        async invoke(name, qualifier, payload, signal) {
            const out = await client.send(new sdk.InvokeCommand({ FunctionName: name, Qualifier: qualifier, Payload: new TextEncoder().encode(payload) }), opts(signal));
            const body = out.Payload ? new TextDecoder().decode(out.Payload.slice(0, 4096)) : '';
            return { status: out.StatusCode ?? 0, ...(out.FunctionError ? { functionError: out.FunctionError } : {}), body };
        },
        async getFunction(name, signal) {
            const out = await client.send(new sdk.GetFunctionCommand({ FunctionName: name }), opts(signal));
            return toState(out.Configuration, out.Code?.ResolvedImageUri);
        },
        async getVersion(name, version, signal) {
            return undefinedIfNotFound(async () => toState(await client.send(new sdk.GetFunctionConfigurationCommand({ FunctionName: name, Qualifier: version }), opts(signal))));
        },
        async updateCode(name, code, architectures, signal) {
            // Only code fields: configuration (environment, memory...) is never sent, so never replaced.
            return toState(await client.send(new sdk.UpdateFunctionCodeCommand({ FunctionName: name, ...code, Architectures: architectures }), opts(signal)));
        },
        async publishVersion(name, codeSha256, description, signal) {
            return toState(await client.send(new sdk.PublishVersionCommand({ FunctionName: name, CodeSha256: codeSha256, Description: description }), opts(signal)));
        },
        async getAlias(name, alias, signal) {
            return undefinedIfNotFound(async () => toAlias(await client.send(new sdk.GetAliasCommand({ FunctionName: name, Name: alias }), opts(signal))));
        },
        async createAlias(name, alias, version, weights, signal) {
            const routing = Object.keys(weights).length > 0 ? { RoutingConfig: { AdditionalVersionWeights: weights } } : {};
            return toAlias(await client.send(new sdk.CreateAliasCommand({ FunctionName: name, Name: alias, FunctionVersion: version, ...routing }), opts(signal)));
        },
        async updateAlias(name, alias, version, weights, signal, revisionId) {
            // An empty map clears a canary: promote and roll back both send it.
            return toAlias(await client.send(new sdk.UpdateAliasCommand({
                FunctionName: name,
                Name: alias,
                FunctionVersion: version,
                RoutingConfig: { AdditionalVersionWeights: weights },
                ...(revisionId ? { RevisionId: revisionId } : {}),
            }), opts(signal)));
        },
    };
}

;// CONCATENATED MODULE: ./actions/update-lambda-and-wait/src/safety-net-main.ts
/**
 * What the post step runs when main left a bake open: put a half-shifted
 * alias back to the previous version through the one alias writer, if this
 * run's last write is still the alias's revision (bake/safety-net.ts decides).
 * Loaded by post.ts only in that case, so the usual post step stays free of the SDK.
 */





/** The whole restore is bounded: a post step must not hold the job up. */
const SAFETY_NET_BUDGET_MS = 20_000;
function runSafetyNet(saved) {
    return runMain(async () => {
        const state = parseBakeState(saved);
        if (!state)
            return;
        const kit = await loadToolkit();
        const client = await createLambdaClient({ region: state.region, maxAttempts: 3, requestTimeoutMs: 10_000 });
        try {
            const writer = aliasWriter(await lambdaApi(client), state.functionName, state.alias, { sleep: sleep, log: kit.log });
            await restoreIfUntouched(state, writer, kit.log, AbortSignal.timeout(SAFETY_NET_BUDGET_MS));
        }
        finally {
            client.destroy();
        }
    });
}


/***/ })

};
