/** What `ofm-postman run` and `demo` print: one line per request and a summary table. */
import type { RequestEvent, RunResult } from './run.js';

export function progressLine(event: RequestEvent): string {
  const ok = event.error === undefined && event.status !== undefined && event.status < 400;
  const status = event.error !== undefined ? 'ERR' : String(event.status ?? '---');
  const time = event.timeMs === undefined ? '' : `${event.timeMs} ms`;
  return `  ${ok ? '✓' : '✗'} ${status.padEnd(3)} ${time.padStart(7)}  ${event.method} ${event.name}${event.error ? `  (${event.error})` : ''}`;
}

export interface SummaryRow {
  readonly label: string;
  readonly result: RunResult;
}

/** A fixed-width table: one row per run, then the failures, then the reports. */
export function summaryTable(rows: readonly SummaryRow[]): string {
  const header = ['run', 'requests', 'skipped', 'assertions', 'failed', 'time', 'result'];
  const body = rows.map(({ label, result }) => [
    label,
    String(result.requests),
    String(result.skipped),
    String(result.assertions),
    String(result.failedAssertions + result.requestErrors),
    `${(result.durationMs / 1000).toFixed(1)} s`,
    result.ok ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
  for (const { label, result } of rows) {
    for (const failure of result.failures.slice(0, 20))
      out.push(
        `  ✗ ${label} › ${failure.request} › ${failure.test}${failure.message && !failure.test.includes(failure.message) ? ` — ${failure.message}` : ''}`,
      );
    if (result.failures.length > 20)
      out.push(`  … and ${result.failures.length - 20} more failures in ${label}`);
  }
  const reports = rows.flatMap(({ result }) => result.reports);
  if (reports.length > 0)
    out.push('', 'Reports (secrets masked):', ...reports.map((r) => `  ${r}`));
  return out.join('\n');
}
