export const id = 920;
export const ids = [920];
export const modules = {

/***/ 920:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   postSlack: () => (/* binding */ postSlack),
/* harmony export */   sendWithBot: () => (/* binding */ sendWithBot)
/* harmony export */ });
/* harmony import */ var _mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7382);

const ATTEMPTS = 3;
const TIMEOUT_MS = 10_000;
const RETRY_DELAY_MS = 1_000;
/** Slack's Retry-After on 429 is honoured up to this long; longer, the message is given up. */
const MAX_RETRY_AFTER_S = 30;
/** One POST with JSON, a few attempts on 429 (after Retry-After), 5xx and network errors, each bounded. */
async function postJson(url, body, headers, deps) {
    let why = '';
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        let wait = RETRY_DELAY_MS * attempt;
        try {
            const signals = [AbortSignal.timeout(TIMEOUT_MS), ...(deps.signal ? [deps.signal] : [])];
            const res = await deps.fetch(url, {
                method: 'POST',
                headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
                body: JSON.stringify(body),
                signal: AbortSignal.any(signals),
            });
            const text = await res.text();
            if (res.ok)
                return { ok: true, body: parse(text) };
            why = `HTTP ${res.status}`;
            if (res.status !== 429 && res.status < 500)
                break;
            const after = Number(res.headers.get('retry-after'));
            if (res.status === 429 && Number.isFinite(after) && after > 0) {
                if (after > MAX_RETRY_AFTER_S) {
                    why += ` (asked to wait ${after} s)`;
                    break;
                }
                wait = after * 1000;
            }
        }
        catch (err) {
            if (deps.signal?.aborted)
                break;
            why = (0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(err);
        }
        if (attempt < ATTEMPTS)
            await deps.sleep(wait, deps.signal);
    }
    return { ok: false, why };
}
function parse(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
/**
 * Posts to an incoming webhook. A failure is a warning; the URL itself is
 * never printed.
 */
async function postSlack(url, message, deps) {
    const answer = await postJson(url, message, {}, deps);
    if (!answer.ok)
        deps.log.warning(`Slack message not sent: the webhook answered ${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .logText */ .kc)(answer.why)}.`);
    return answer.ok;
}
async function callApi(target, method, body, deps) {
    const answer = await postJson(`${target.apiUrl.replace(/\/$/, '')}/${method}`, body, { authorization: `Bearer ${target.token}` }, deps);
    if (!answer.ok)
        return answer.why;
    const res = (answer.body ?? {});
    if (res.ok !== true)
        return typeof res.error === 'string' ? res.error.slice(0, 100) : 'an answer without ok';
    return res;
}
/**
 * The bot-token mode: chat.postMessage once, then chat.update on the same
 * message when its ts is given again (staging, canary, production in one
 * message), or a reply in its thread. A message that cannot be updated any
 * more (deleted, too old) gets a new one, and the log says so.
 */
async function sendWithBot(target, message, deps) {
    const content = { channel: target.channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false };
    if (target.ts && !target.thread) {
        const res = await callApi(target, 'chat.update', { ...content, ts: target.ts }, deps);
        if (typeof res !== 'string')
            return { sent: true, ts: String(res.ts ?? target.ts), channel: String(res.channel ?? target.channel), how: 'updated' };
        deps.log.warning(`Slack message ${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .logText */ .kc)(target.ts)} not updated (${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .logText */ .kc)(res)}); posting a new one.`);
    }
    const thread = target.ts && target.thread ? { thread_ts: target.ts } : {};
    const res = await callApi(target, 'chat.postMessage', { ...content, ...thread }, deps);
    if (typeof res === 'string') {
        const hint = res === 'not_in_channel' || res === 'channel_not_found'
            ? ' (invite the app to the channel)'
            : res === 'invalid_auth'
                ? ' (check slack-bot-token)'
                : '';
        deps.log.warning(`Slack message not sent: chat.postMessage answered ${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .logText */ .kc)(res)}${hint}.`);
        return { sent: false };
    }
    return {
        sent: true,
        ts: String(res.ts),
        channel: String(res.channel ?? target.channel),
        how: target.ts && target.thread ? 'replied' : 'posted',
    };
}


/***/ })

};
