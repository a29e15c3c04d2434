/**
 * JUnit XML a CI system can trust: one test case per assertion, a failing test case for every
 * request a script refused, a skipped one for every request skipped on purpose. Suites are the
 * request's folder path under the auth method; class names are `<auth>.<folder>.<request>`, with
 * the dots a JUnit consumer splits on kept out of the parts; names carry no run data and failures
 * no stack traces. Written by hand: Newman's JUnit reporter counts only test-script assertions
 * (a refused request vanished from it) and merges repeated executions of a request.
 */
import { escapeHtml } from '../../shared/escape.js';
import type { SecretSet } from '../mask.js';
import { mainExchange } from '../record.js';
import { type Outcome, totalsOf } from './outcomes.js';

export interface JunitInput {
  /** The collection's name. */
  readonly title: string;
  /** The collection's auth method (or another label that tells two runs apart). */
  readonly label: string;
  readonly outcomes: readonly Outcome[];
  readonly startedAt: Date;
  readonly durationMs: number;
  readonly secrets: SecretSet;
}

// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\u001b\[[0-9;]*m/g;

/** `text` as XML text or attribute value: characters XML cannot carry dropped, the rest escaped. */
function xml(text: string): string {
  return escapeHtml(text.replace(INVALID_XML, ''));
}

/** A class-name part: no dots (JUnit consumers split packages on them), no number prefix. */
function classPart(name: string): string {
  return (
    name
      .replace(/^\d+\.\s*/, '')
      .replace(/[.\s]+/g, '_')
      .replace(/^_+|_+$/g, '') || '_'
  );
}

function seconds(ms: number | undefined): string {
  return ((ms ?? 0) / 1000).toFixed(3);
}

export function renderJunit(input: JunitInput): string {
  const mask = (text: string) => input.secrets.mask(text);
  const suites = new Map<string, Outcome[]>();
  for (const outcome of input.outcomes) {
    const key = outcome.execution.path.join(' / ') || '(collection root)';
    suites.set(key, [...(suites.get(key) ?? []), outcome]);
  }
  const totals = totalsOf(input.outcomes);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(`${input.title}`)}" tests="${totals.tests}" failures="${totals.failures}" errors="0" skipped="${totals.skipped}" time="${seconds(input.durationMs)}">`,
  ];
  let suiteId = 0;
  for (const [path, outcomes] of suites) {
    const suiteTotals = totalsOf(outcomes);
    const time = outcomes.reduce(
      (sum, o, i) =>
        outcomes.findIndex((p) => p.execution === o.execution) === i
          ? sum + (mainExchange(o.execution)?.timeMs ?? 0)
          : sum,
      0,
    );
    lines.push(
      `  <testsuite name="${xml(`${input.label} / ${path}`)}" id="${suiteId++}" package="${xml(classPart(input.label))}" timestamp="${input.startedAt.toISOString().replace(/\.\d+Z$/, '')}" hostname="localhost" tests="${suiteTotals.tests}" failures="${suiteTotals.failures}" errors="0" skipped="${suiteTotals.skipped}" time="${seconds(time)}">`,
    );
    const seen = new Map<string, number>();
    const timed = new Set<object>();
    for (const outcome of outcomes) {
      const execution = outcome.execution;
      const className = [input.label, ...execution.path, execution.name].map(classPart).join('.');
      let name = outcome.name;
      if (execution.iteration > 0) name += ` (iteration ${execution.iteration + 1})`;
      const key = `${className}\u0000${name}`;
      const count = (seen.get(key) ?? 0) + 1;
      seen.set(key, count);
      if (count > 1) name += ` (#${count})`;
      // The request's time goes to its first test case only, so the times add up to the run's.
      const first = !timed.has(execution);
      timed.add(execution);
      const time = seconds(first ? mainExchange(execution)?.timeMs : 0);
      const open = `    <testcase name="${xml(mask(name))}" classname="${xml(className)}" time="${time}"`;
      if (outcome.status === 'passed') {
        lines.push(`${open}/>`);
        continue;
      }
      lines.push(`${open}>`);
      const message = mask(outcome.message ?? '');
      if (outcome.status === 'skipped') {
        lines.push(`      <skipped message="${xml(message)}"/>`);
      } else {
        const main = mainExchange(execution);
        const detail = [
          message,
          outcome.cause === undefined ? undefined : `cause: ${mask(outcome.cause)}`,
          main === undefined
            ? 'request: not sent'
            : `request: ${main.method} ${mask(main.url.split('?')[0] ?? '')}`,
        ].filter((l): l is string => l !== undefined);
        lines.push(
          `      <failure message="${xml(outcome.cause === undefined ? message : `${message} (${mask(outcome.cause)})`)}" type="AssertionFailure">${xml(detail.join('\n'))}</failure>`,
        );
      }
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
