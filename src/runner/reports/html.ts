/**
 * A self-contained HTML report: styles inlined, no script, no font, no image, and a
 * Content-Security-Policy that forbids fetching anything, so it renders the same offline, from a
 * CI artifact or an e-mail. Every request shows its headers and bodies with the run's secrets
 * masked (rather than dropping them all, as htmlextra's skipSensitiveData does), and every failure
 * shows its cause (the server's error and error_description, or the transport error) next to it.
 */
import { ACCOUNT_DATA_LOG_PREFIX } from '../../shared/log-lines.js';
import { executionCause } from '../cause.js';
import { escapeHtml } from '../../shared/escape.js';
import { maskHeaderValue, type SecretSet } from '../mask.js';
import { type Exchange, type Execution, executionPassed, mainExchange } from '../record.js';
import { type Outcome, totalsOf } from './outcomes.js';

export interface HtmlInput {
  readonly title: string;
  readonly label: string;
  readonly executions: readonly Execution[];
  readonly outcomes: readonly Outcome[];
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly secrets: SecretSet;
  readonly ok: boolean;
}

/** Longest body shown in full; the rest is cut with a note. */
const BODY_LIMIT = 20_000;

const esc = escapeHtml;

const STYLE = `
:root { color-scheme: light; --ok: #1a7f37; --bad: #cf222e; --skip: #9a6700; --line: #d0d7de; --muted: #57606a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1f2328; background: #f6f8fa; }
header { background: #24292f; color: #fff; padding: 16px 24px; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header p { margin: 0; color: #d0d7de; }
main { max-width: 1200px; margin: 0 auto; padding: 16px 24px 48px; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: 600; color: #fff; }
.badge.pass { background: var(--ok); } .badge.fail { background: var(--bad); }
table.totals { border-collapse: collapse; margin: 16px 0; background: #fff; }
table.totals td, table.totals th { border: 1px solid var(--line); padding: 6px 12px; text-align: right; }
table.totals th { background: #eaeef2; }
h2 { font-size: 16px; margin: 24px 0 8px; }
.failures { background: #fff; border: 1px solid var(--bad); border-radius: 6px; padding: 8px 16px; }
.failures li { margin: 6px 0; }
details.exec { background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--ok); border-radius: 6px; margin: 8px 0; }
details.exec.failed { border-left-color: var(--bad); }
details.exec.skipped { border-left-color: var(--skip); }
details.exec > summary { cursor: pointer; padding: 8px 12px; display: flex; gap: 12px; align-items: baseline; }
.mark { font-weight: 700; width: 1.2em; }
.failed .mark, li.failed { color: var(--bad); } .passed .mark, li.passed { color: var(--ok); } .skipped .mark, li.skipped { color: var(--skip); }
.method { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: 600; }
.path { color: var(--muted); }
.status { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.body { padding: 0 12px 12px; }
ul.assertions { list-style: none; padding-left: 0; }
ul.assertions li::before { content: "✓ "; } ul.assertions li.failed::before { content: "✗ "; } ul.assertions li.skipped::before { content: "– "; }
.message { color: #1f2328; display: block; margin-left: 1.4em; }
.cause { background: #ffebe9; border: 1px solid #ff8182; border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
.cause strong { color: var(--bad); }
.exchange { border-top: 1px solid var(--line); margin-top: 8px; padding-top: 8px; }
.exchange h3 { font-size: 13px; margin: 8px 0 4px; }
table.headers { border-collapse: collapse; font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
table.headers td { border-bottom: 1px solid #eaeef2; padding: 2px 8px 2px 0; vertical-align: top; word-break: break-all; }
table.headers td:first-child { color: var(--muted); white-space: nowrap; }
pre { background: #f6f8fa; border: 1px solid #eaeef2; border-radius: 6px; padding: 8px; overflow: auto; max-height: 400px; font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-all; }
.console { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--muted); }
footer { color: var(--muted); font-size: 12px; margin-top: 32px; }
`;

function prettyBody(text: string | undefined, mask: (t: string) => string): string {
  if (text === undefined || text === '') return '<p class="console">(no body)</p>';
  let shown = text;
  if (/^\s*[[{]/.test(text)) {
    try {
      shown = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      // Not JSON after all: shown as it came.
    }
  }
  shown = mask(shown);
  const cut =
    shown.length > BODY_LIMIT
      ? `${shown.slice(0, BODY_LIMIT)}\n… (${shown.length - BODY_LIMIT} more characters)`
      : shown;
  return `<pre>${esc(cut)}</pre>`;
}

function headerTable(
  headers: readonly { key: string; value: string }[],
  mask: (t: string) => string,
): string {
  if (headers.length === 0) return '';
  return `<table class="headers">${headers.map((h) => `<tr><td>${esc(h.key)}</td><td>${esc(maskHeaderValue(h.key, h.value, mask))}</td></tr>`).join('')}</table>`;
}

function exchangeHtml(exchange: Exchange, mask: (t: string) => string): string {
  const origin = exchange.byScript ? ' <span class="path">(sent by a script)</span>' : '';
  const response =
    exchange.error !== undefined
      ? `<h3>No response</h3><p>${esc(mask(exchange.error))}</p>`
      : `<h3>Response: <span class="status">${exchange.status ?? ''} ${esc(exchange.statusText ?? '')}</span>${exchange.timeMs === undefined ? '' : `, ${exchange.timeMs} ms`}</h3>${headerTable(exchange.responseHeaders, mask)}${prettyBody(exchange.responseBody, mask)}`;
  return `<div class="exchange"><h3>Request${origin}: <span class="method">${esc(exchange.method)}</span> ${esc(mask(exchange.url))}</h3>${headerTable(exchange.requestHeaders, mask)}${exchange.requestBody === undefined ? '' : prettyBody(exchange.requestBody, mask)}${response}</div>`;
}

function executionState(execution: Execution): 'passed' | 'failed' | 'skipped' {
  if (!executionPassed(execution)) return 'failed';
  return execution.skip !== undefined ? 'skipped' : 'passed';
}

function consoleHtml(execution: Execution, mask: (t: string) => string): string {
  if (execution.console.length === 0) return '';
  const lines = execution.console.map((line) =>
    line.message.startsWith(ACCOUNT_DATA_LOG_PREFIX)
      ? `${line.level}: [decrypted account data: not written into reports; ofm-postman run --verbose prints it on the console]`
      : `${line.level}: ${mask(line.message)}`,
  );
  return `<h3>Console</h3><pre class="console">${esc(lines.join('\n'))}</pre>`;
}

export function renderHtml(input: HtmlInput): string {
  const mask = (text: string) => input.secrets.mask(text);
  const totals = totalsOf(input.outcomes);
  const failed = input.outcomes.filter((o) => o.status === 'failed');
  const anchors = new Map<Execution, string>(input.executions.map((e, i) => [e, `r${i + 1}`]));
  const failureList =
    failed.length === 0
      ? ''
      : `<h2>Failures</h2><ul class="failures">${failed
          .map(
            (o) =>
              `<li class="failed"><a href="#${anchors.get(o.execution) ?? ''}">${esc([...o.execution.path, o.execution.name].join(' › '))}</a>: ${esc(mask(o.name))}${o.message && !o.name.includes(o.message) ? ` — ${esc(mask(o.message))}` : ''}${o.cause === undefined ? '' : `<div class="cause"><strong>Cause:</strong> ${esc(mask(o.cause))}</div>`}</li>`,
          )
          .join('')}</ul>`;
  const executions = input.executions
    .map((execution) => {
      const state = executionState(execution);
      const main = mainExchange(execution);
      const cause = state === 'failed' ? executionCause(execution) : undefined;
      const assertions = execution.assertions
        .map(
          (a) =>
            `<li class="${a.passed ? 'passed' : 'failed'}">${esc(mask(a.name))}${!a.passed && a.message && !a.name.includes(a.message) ? `<span class="message">${esc(mask(a.message))}</span>` : ''}</li>`,
        )
        .join('');
      const skip =
        execution.skip === undefined
          ? ''
          : `<li class="skipped">not sent: ${esc(mask(execution.skip.message))}</li>`;
      const status =
        main === undefined
          ? 'not sent'
          : main.error !== undefined
            ? 'no response'
            : String(main.status ?? '');
      return `<details class="exec ${state}" id="${anchors.get(execution) ?? ''}"${state === 'failed' ? ' open' : ''}><summary><span class="mark">${state === 'passed' ? '✓' : state === 'failed' ? '✗' : '–'}</span><span class="method">${esc(main?.method ?? execution.method)}</span><span>${esc(execution.name)}</span><span class="path">${esc(execution.path.join(' › '))}${execution.iteration > 0 ? ` · iteration ${execution.iteration + 1}` : ''}</span><span class="status">${esc(status)}${main?.timeMs === undefined ? '' : ` · ${main.timeMs} ms`}</span></summary><div class="body">${cause === undefined ? '' : `<div class="cause"><strong>Cause:</strong> ${esc(mask(cause))}</div>`}<ul class="assertions">${assertions}${skip}</ul>${consoleHtml(execution, mask)}${execution.exchanges.map((x) => exchangeHtml(x, mask)).join('')}</div></details>`;
    })
    .join('\n');
  const title = `${input.title}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}: ${input.ok ? 'PASS' : 'FAIL'}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${esc(title)} <span class="badge ${input.ok ? 'pass' : 'fail'}">${input.ok ? 'PASS' : 'FAIL'}</span></h1><p>${esc(input.label)} · started ${esc(input.startedAt.toISOString())} · ${(input.durationMs / 1000).toFixed(1)} s · secrets masked by ofm-postman</p></header>
<main>
<table class="totals"><tr><th>requests</th><th>tests</th><th>passed</th><th>failed</th><th>skipped</th></tr><tr><td>${input.executions.filter((e) => mainExchange(e) !== undefined).length}</td><td>${totals.tests}</td><td>${totals.tests - totals.failures - totals.skipped}</td><td>${totals.failures}</td><td>${totals.skipped}</td></tr></table>
${failureList}
<h2>Requests</h2>
${executions}
<footer>Generated by ofm-postman. Tokens, codes, keys, assertions, request objects, request URIs and cookie values are masked; decrypted account data is never written here.</footer>
</main>
</body>
</html>
`;
}
