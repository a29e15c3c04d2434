/**
 * What `ofm-postman run` and `demo` print: one line per request (after its tests ran, so an
 * expected refusal shows as passing), the failed assertions with their cause under it, and a
 * summary table. Colour on a terminal, none when NO_COLOR is set or output is piped; FORCE_COLOR
 * turns it on anyway (https://no-color.org, https://force-color.org).
 */
import { ACCOUNT_DATA_LOG_PREFIX } from '../shared/log-lines.js';
import { SKIP_PREFIX } from '../shared/skip.js';
import { executionCause } from './cause.js';
import { type Execution, executionPassed, mainExchange } from './record.js';
import type { Failure, RunResult } from './run.js';

/** Whether to colour output written to a stream with this isTTY, under this environment. */
export function useColor(
  isTTY: boolean | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (force === '0' || force === 'false') return false;
  return isTTY === true;
}

export interface Palette {
  readonly ok: (text: string) => string;
  readonly bad: (text: string) => string;
  readonly skip: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly bold: (text: string) => string;
}

const wrap = (open: number, close: number) => (text: string) =>
  `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

export function palette(color: boolean): Palette {
  return color
    ? {
        ok: wrap(32, 39),
        bad: wrap(31, 39),
        skip: wrap(33, 39),
        dim: wrap(2, 22),
        bold: wrap(1, 22),
      }
    : { ok: plain, bad: plain, skip: plain, dim: plain, bold: plain };
}

export interface ExecutionLineOptions {
  readonly palette: Palette;
  readonly mask: (text: string) => string;
  /** Print decrypted account data logged by the scripts (otherwise a one-line note). */
  readonly verbose: boolean;
  /** Appended to the request line, e.g. the auth method in the demo. */
  readonly suffix?: string;
}

/** The lines for one finished request: status line, failed assertions, script requests, console. */
export function executionLines(execution: Execution, options: ExecutionLineOptions): string[] {
  const { palette: p, mask } = options;
  const main = mainExchange(execution);
  const passed = executionPassed(execution);
  const skipped = execution.skip !== undefined && main === undefined;
  const mark = skipped ? p.skip('–') : passed ? p.ok('✓') : p.bad('✗');
  const status =
    main === undefined
      ? skipped
        ? 'skipped'
        : 'not sent'
      : main.error !== undefined
        ? 'ERR'
        : String(main.status ?? '---');
  const time = main?.timeMs === undefined ? '' : `${main.timeMs} ms`;
  const method = main?.method ?? execution.method;
  const suffix = options.suffix === undefined ? '' : `  ${p.dim(options.suffix)}`;
  const lines = [
    `  ${mark} ${status.padEnd(8)} ${time.padStart(7)}  ${method.padEnd(4)} ${execution.name}${suffix}`,
  ];
  if (skipped) lines.push(`      ${p.skip(mask(execution.skip?.message ?? ''))}`);
  if (!passed) {
    const cause = executionCause(execution);
    if (cause !== undefined) lines.push(`      ${p.bad('cause:')} ${mask(cause)}`);
    for (const assertion of execution.assertions.filter((a) => !a.passed)) {
      const message =
        assertion.message && !assertion.name.includes(assertion.message)
          ? ` — ${assertion.message}`
          : '';
      lines.push(`      ${p.bad('✗')} ${mask(`${assertion.name}${message}`)}`);
    }
  }
  for (const exchange of execution.exchanges.filter((e) => e.byScript)) {
    const state =
      exchange.error !== undefined ? `ERR ${exchange.error}` : String(exchange.status ?? '');
    lines.push(
      p.dim(
        `      ↳ ${exchange.method} ${mask(exchange.url.split('?')[0] ?? '')} ${state}${exchange.timeMs === undefined ? '' : ` ${exchange.timeMs} ms`} (sent by the script)`,
      ),
    );
  }
  for (const line of execution.console) {
    if (line.message.startsWith(SKIP_PREFIX)) continue; // shown above
    // Account holders' data: counted in the summary, printed only on request.
    if (line.message.startsWith(ACCOUNT_DATA_LOG_PREFIX) && !options.verbose) continue;
    if (!passed && /^ERR_OFM_/.test(line.message)) continue; // the failed test says it already
    lines.push(p.dim(`      ${line.level}: ${mask(line.message)}`));
  }
  return lines;
}

export interface SummaryRow {
  readonly label: string;
  readonly result: RunResult;
}

/** The counts, one fixed-width row per run, with PASS or FAIL coloured. */
function countsTable(rows: readonly SummaryRow[], p: Palette): string[] {
  const header = ['run', 'requests', 'by scripts', 'tests', 'failed', 'skipped', 'time', 'result'];
  const body = rows.map(({ label, result }) => [
    label,
    String(result.requests),
    String(result.scriptRequests),
    String(result.tests),
    String(result.failed),
    String(result.skipped),
    `${(result.durationMs / 1000).toFixed(1)} s`,
    result.ok ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  return [
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...body.map((cells) => {
      const text = line(cells);
      return cells[cells.length - 1] === 'PASS'
        ? text.replace(/PASS$/, p.ok('PASS'))
        : text.replace(/FAIL$/, p.bad('FAIL'));
    }),
  ];
}

/** One run's failures grouped by request (its cause once, then each failed assertion), then its skips. */
function failureLines(label: string, result: RunResult, p: Palette): string[] {
  const out: string[] = [];
  const groups = new Map<string, Failure[]>();
  for (const failure of result.failures) {
    const key = `${failure.request}\u0000${failure.cause ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), failure]);
  }
  if (groups.size > 0) out.push('', p.bold(`Failures in ${label}:`));
  let shown = 0;
  for (const failures of groups.values()) {
    if (shown >= 20) break;
    const first = failures[0] as Failure;
    out.push(
      `  ${p.bad('✗')} ${first.request}${first.cause === undefined ? '' : `: ${first.cause}`}`,
    );
    for (const failure of failures) {
      if (shown++ >= 20) break;
      out.push(
        `      ${failure.test}${failure.message && !failure.test.includes(failure.message) ? ` — ${failure.message}` : ''}`,
      );
    }
  }
  if (result.failures.length > shown)
    out.push(`  … and ${result.failures.length - shown} more failures in ${label}`);
  const skips = result.skips.slice(0, 20);
  if (skips.length > 0) out.push('', p.bold(`Skipped in ${label}:`));
  for (const skip of skips) out.push(`  ${p.skip('–')} ${skip.request}: ${skip.message}`);
  return out;
}

/** A fixed-width table: one row per run, then the failures with their causes, then the reports. */
export function summaryTable(
  rows: readonly SummaryRow[],
  p: Palette = palette(false),
  verbose = false,
): string {
  const out = countsTable(rows, p);
  if (rows.some(({ result }) => result.scriptRequests > 0))
    out.push(
      p.dim(
        'by scripts: requests the collection scripts send themselves (a key-set or token fetch), not counted in requests',
      ),
    );
  const hidden = rows.reduce(
    (n, { result }) =>
      n +
      result.executions.reduce(
        (m, e) => m + e.console.filter((l) => l.message.startsWith(ACCOUNT_DATA_LOG_PREFIX)).length,
        0,
      ),
    0,
  );
  if (hidden > 0 && !verbose)
    out.push(
      p.dim(
        `decrypted account data: ${hidden} responses checked, not printed (account holders' data; --verbose prints it)`,
      ),
    );
  for (const { label, result } of rows) out.push(...failureLines(label, result, p));
  const reports = rows.flatMap(({ result }) => result.reports);
  if (reports.length > 0)
    out.push('', 'Reports (secrets masked):', ...reports.map((r) => `  ${r}`));
  return out.join('\n');
}
