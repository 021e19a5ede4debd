export const id = 538;
export const ids = [538];
export const modules = {

/***/ 4538:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   metricLines: () => (/* binding */ metricLines),
/* harmony export */   slackMessage: () => (/* binding */ slackMessage),
/* harmony export */   smokeLine: () => (/* binding */ smokeLine)
/* harmony export */ });
/* harmony import */ var _mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7382);
/* harmony import */ var _context__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(919);
/**
 * The Slack message: Block Kit with a plain-text fallback (what
 * notifications and old clients show). It says what changed: the headline,
 * the environment and the version (old → new), the gate's metrics against
 * production with deltas, the smoke results in one line, who, which branch,
 * which commit, and a button to the run. Every foreign value (report text,
 * names, the branch, the title) goes through the kit's Slack sink.
 */


/** Slack refuses a section text over 3,000 characters and more than 50 blocks; stay well inside. */
const SECTION_BYTES = 2_900;
const MAX_METRICS = 10;
function first(collected, action) {
    return collected.entries.find((e) => e.report.action === action)?.report;
}
function oneLine(text, bytes = 300) {
    return (0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .clipBytes */ .Wp)(text.replace(/\s+/g, ' ').trim(), bytes);
}
function signed(n) {
    return `${n > 0 ? '+' : ''}${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .formatNumber */ .ZV)(n)}`;
}
/** `accuracy 0.93 vs 0.925 (+0.005, +0.54%) ✅`, one per metric, regression rules first (they carry the comparison). */
function metricLines(gate) {
    const seen = new Set();
    const rules = [...gate.rules.filter((r) => r.kind === 'regression'), ...gate.rules.filter((r) => r.kind === 'threshold')];
    const lines = [];
    for (const rule of rules) {
        if (seen.has(rule.metric))
            continue;
        seen.add(rule.metric);
        lines.push(metricLine(rule));
    }
    return lines;
}
const ICON = { pass: '✅', fail: '❌', warn: '⚠️', skip: '⏭️' };
function metricLine(rule) {
    const value = rule.valueText ?? (0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .formatNumber */ .ZV)(rule.value) ?? 'missing';
    const base = rule.baselineText ?? (0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .formatNumber */ .ZV)(rule.baseline);
    let line = `${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackCode */ .Gt)(rule.metric)} ${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackText */ .a4)(value)}`;
    if (base !== undefined) {
        const delta = typeof rule.delta === 'number'
            ? ` (${signed(rule.delta)}${typeof rule.deltaPercent === 'number' ? `, ${signed(Number(rule.deltaPercent.toFixed(2)))}%` : ''})`
            : '';
        line += ` vs ${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackText */ .a4)(base)}${delta}`;
    }
    else if (rule.kind === 'threshold') {
        line += ` (bar ${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackText */ .a4)(rule.op ?? '')} ${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackText */ .a4)((0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .formatNumber */ .ZV)(rule.bar) ?? '')})`;
    }
    return `${ICON[rule.verdict]} ${line}`;
}
function smokeLine(smoke) {
    const total = smoke.totals?.checks ?? smoke.checks.length;
    const passed = smoke.totals?.passed ?? smoke.checks.filter((c) => c.passed).length;
    const failed = smoke.checks.filter((c) => !c.passed && !c.skipped);
    const p95 = Math.max(...smoke.checks.map((c) => c.p95Ms ?? 0));
    const latency = p95 > 0 ? `, slowest p95 ${Math.round(p95)} ms` : '';
    if (failed.length === 0)
        return `✅ ${passed} of ${total} checks passed${latency}`;
    const names = failed
        .slice(0, 3)
        .map((c) => `${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackText */ .a4)(oneLine(c.name, 80))}${c.status !== undefined ? ` (${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackText */ .a4)(String(c.status))})` : ''}`)
        .join(', ');
    return `❌ ${failed.length} of ${total} failed: ${names}${failed.length > 3 ? ', …' : ''}`;
}
function slackMessage(headline, collected, context, environment) {
    const deploy = first(collected, 'update-lambda-and-wait');
    const gate = first(collected, 'model-threshold-gate');
    const smoke = first(collected, 'smoke-test');
    const run = (0,_context__WEBPACK_IMPORTED_MODULE_1__/* .runUrl */ .Vp)(context);
    const sha = context.pullRequest?.headSha ?? context.sha;
    const fields = [];
    if (environment)
        fields.push(['Environment', (0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackText */ .a4)(environment)]);
    if (deploy?.version) {
        const alias = deploy.alias ? ` (alias ${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackCode */ .Gt)(deploy.alias.name)})` : '';
        fields.push([
            'Version',
            `${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackCode */ .Gt)(deploy.functionName)} ${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackText */ .a4)(deploy.previousVersion ?? '—')} → *${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackText */ .a4)(deploy.version)}*${alias}`,
        ]);
    }
    if (context.actor)
        fields.push(['Author', (0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackText */ .a4)(context.actor)]);
    if (context.branch)
        fields.push(['Branch', (0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackCode */ .Gt)(context.branch)]);
    if (sha) {
        const url = (0,_context__WEBPACK_IMPORTED_MODULE_1__/* .commitUrl */ .Bg)(context, sha);
        fields.push(['Commit', url ? (0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackLink */ .J1)(url, sha.slice(0, 7)) : (0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackCode */ .Gt)(sha.slice(0, 7))]);
    }
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: `*${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackText */ .a4)(oneLine(headline))}*` } }];
    if (fields.length > 0)
        blocks.push({ type: 'section', fields: fields.map(([k, v]) => ({ type: 'mrkdwn', text: `*${k}*\n${v}` })) });
    const against = gate?.baselineRecord?.environment ? `vs ${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackText */ .a4)(gate.baselineRecord.environment)}` : 'vs baseline';
    const lines = [];
    if (gate) {
        const metrics = metricLines(gate);
        const more = metrics.length > MAX_METRICS ? [`… ${metrics.length - MAX_METRICS} more in the job summary`] : [];
        lines.push(`*Model gate* (${against})`, ...metrics.slice(0, MAX_METRICS), ...more);
        if (gate.baselineRecord?.aliasMoved)
            lines.push(`⚠️ ${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackText */ .a4)(gate.baselineRecord.environment)} changed outside the pipeline`);
    }
    if (smoke)
        lines.push(`*Smoke:* ${smokeLine(smoke)}`);
    const failed = collected.entries.filter((e) => e.outcome === 'failure' && e.report.action !== 'smoke-test');
    for (const entry of failed.slice(0, 3))
        lines.push(`*Failed:* ${(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackText */ .a4)(oneLine(entry.report.error ?? entry.report.headline))}`);
    if (lines.length > 0)
        blocks.push({ type: 'section', text: { type: 'mrkdwn', text: (0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .clipBytes */ .Wp)(lines.join('\n'), SECTION_BYTES) } });
    if (run) {
        blocks.push({
            type: 'actions',
            elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the run', emoji: true }, url: run, action_id: 'open-run' }],
        });
    }
    // The fallback: plain lines, still escaped (Slack parses `<!channel>` in `text` too).
    const fallback = [
        (0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackText */ .a4)(oneLine(headline)),
        ...fields.map(([k, v]) => `${k}: ${v}`),
        ...(smoke ? [`Smoke: ${smokeLine(smoke)}`] : []),
        ...(run ? [(0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .slackLink */ .J1)(run, 'Workflow run')] : []),
    ];
    return { text: (0,_mlship_action_kit__WEBPACK_IMPORTED_MODULE_0__/* .clipBytes */ .Wp)(fallback.join('\n'), SECTION_BYTES), blocks };
}


/***/ })

};
