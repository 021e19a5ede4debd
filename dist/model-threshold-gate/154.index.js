export const id = 154;
export const ids = [154];
export const modules = {

/***/ 9154:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createOctokit: () => (/* binding */ createOctokit),
/* harmony export */   ledgerReads: () => (/* binding */ ledgerReads)
/* harmony export */ });
/* unused harmony export GITHUB_BUDGET */
/** At worst about 3 x 10 s plus 0.5 s + 2 s of backoff per call. */
const GITHUB_BUDGET = {
    requestTimeoutMs: 10_000,
    retries: 2,
    retryBaseMs: 500,
    maxRateLimitWaitS: 20,
    rateLimitRetries: 1,
};
async function createOctokit(token, signal, log, budget = GITHUB_BUDGET, 
/** Defaults to GITHUB_API_URL, as @actions/github reads it when first loaded. */
baseUrl) {
    const [{ getOctokit }, { retry }, { throttling }] = await Promise.all([
        __webpack_require__.e(/* import() */ 758).then(__webpack_require__.bind(__webpack_require__, 1758)),
        Promise.all(/* import() */[__webpack_require__.e(251), __webpack_require__.e(735)]).then(__webpack_require__.bind(__webpack_require__, 9735)),
        Promise.all(/* import() */[__webpack_require__.e(251), __webpack_require__.e(856)]).then(__webpack_require__.bind(__webpack_require__, 6856)),
    ]);
    const onLimit = (kind) => (retryAfter, options, _octokit, retryCount) => {
        const again = retryCount < budget.rateLimitRetries && retryAfter <= budget.maxRateLimitWaitS;
        log.warning(`GitHub ${kind} rate limit on ${options.method} ${options.url}: ${again ? `retrying in ${retryAfter} s` : `not waiting ${retryAfter} s`}.`);
        return again;
    };
    return getOctokit(token, {
        ...(baseUrl ? { baseUrl } : {}),
        retry: { retries: budget.retries, retryAfterBaseValue: budget.retryBaseMs },
        throttle: { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') },
        request: {
            // Each attempt gets its own timeout, so a retry after a hung attempt has its full time.
            // A timeout fails as a network error (retried); the job's cancel as AbortError (never retried).
            fetch: async (url, init) => {
                try {
                    return await fetch(url, { ...init, signal: AbortSignal.any([signal, AbortSignal.timeout(budget.requestTimeoutMs)]) });
                }
                catch (err) {
                    // fetch rejects with the signal's reason (our CancelledError), which Octokit would take for a network error and retry.
                    if (signal.aborted)
                        throw Object.assign(new Error('The job was cancelled'), { name: 'AbortError' });
                    throw err;
                }
            },
        },
    }, retry, throttling);
}
/**
 * The ledger's two reads, shared by the gate (production's record) and
 * deployment-summary (earlier records to mark inactive): the newest 30
 * deployments of one task to an environment, newest first, and the state of a
 * deployment's newest status (GitHub lists statuses newest first).
 */
function ledgerReads(octokit, owner, repo, signal) {
    const request = { signal };
    return {
        async listDeployments(environment, task) {
            const res = await octokit.rest.repos.listDeployments({ owner, repo, environment, task, per_page: 30, request });
            return res.data.map((d) => ({ id: d.id, sha: d.sha, task: d.task, payload: d.payload, createdAt: d.created_at }));
        },
        async latestState(id) {
            const res = await octokit.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: id, per_page: 1, request });
            return res.data[0]?.state;
        },
    };
}


/***/ })

};
