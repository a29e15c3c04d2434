/**
 * What a run comes to: counts of requests, script requests, refusals, skips, tests and failures,
 * from the record alone, and whether anything was checked at all. A run that sent no request or
 * ran no test proved nothing, so it is not a pass.
 */
import type { SecretSet } from './mask.js';
import { type Execution, mainExchange, wasRefused } from './record.js';
import { outcomesOf, totalsOf, type Outcome } from './reports/outcomes.js';

export interface Failure {
  readonly request: string;
  readonly test: string;
  readonly message: string;
  /** Why the request failed: transport error, or status and the server's error. */
  readonly cause?: string;
}

export interface Skip {
  readonly request: string;
  readonly message: string;
}

/** The counts and lists of a run (RunResult adds variables, reports and timing). */
export interface RunSummary {
  /** Requests of the collection's items that were sent. */
  readonly requests: number;
  /** Requests scripts sent with pm.sendRequest (token and key-set fetches). */
  readonly scriptRequests: number;
  readonly requestErrors: number;
  /** Requests a script refused to send (a failure each). */
  readonly refused: number;
  /** Requests a script skipped on purpose, saying why (not a failure by itself). */
  readonly skipped: number;
  /** Test outcomes as in the JUnit report: assertions plus requests refused or skipped. */
  readonly tests: number;
  /** Failed test outcomes. */
  readonly failed: number;
  readonly assertions: number;
  readonly failedAssertions: number;
  readonly failures: readonly Failure[];
  readonly skips: readonly Skip[];
  /** Why the run checked nothing (no request sent, or no test ran); undefined when it did. */
  readonly nothingRan: string | undefined;
}

const count = (executions: readonly Execution[], of: (e: Execution) => number) =>
  executions.reduce((n, e) => n + of(e), 0);

function nothingRanReason(requests: number, assertions: number): string | undefined {
  if (requests === 0) return 'no request was sent';
  if (assertions === 0) return `${requests} request(s) were sent, but no test ran`;
  return undefined;
}

/** Counts a run from its record; `newmanFailures` are failures Newman saw outside any test. */
export function summarize(
  executions: readonly Execution[],
  secrets: SecretSet,
): { readonly summary: RunSummary; readonly outcomes: readonly Outcome[] } {
  const mask = (text: string) => secrets.mask(text);
  const outcomes = outcomesOf(executions);
  const totals = totalsOf(outcomes);
  const requests = executions.filter((e) => mainExchange(e) !== undefined).length;
  const assertions = count(executions, (e) => e.assertions.length);
  const summary: RunSummary = {
    requests,
    scriptRequests: count(executions, (e) => e.exchanges.filter((x) => x.byScript).length),
    requestErrors: count(
      executions,
      (e) => e.exchanges.filter((x) => !x.byScript && x.error !== undefined).length,
    ),
    refused: executions.filter((e) => wasRefused(e)).length,
    skipped: executions.filter((e) => e.skip !== undefined && mainExchange(e) === undefined).length,
    tests: totals.tests,
    failed: totals.failures,
    assertions,
    failedAssertions: count(executions, (e) => e.assertions.filter((a) => !a.passed).length),
    failures: outcomes
      .filter((o) => o.status === 'failed')
      .map((o) => ({
        request: o.execution.name,
        test: mask(o.name),
        message: mask(o.message ?? ''),
        ...(o.cause === undefined ? {} : { cause: mask(o.cause) }),
      })),
    skips: outcomes
      .filter((o) => o.status === 'skipped')
      .map((o) => ({ request: o.execution.name, message: mask(o.message ?? '') })),
    nothingRan: nothingRanReason(requests, assertions),
  };
  return { summary, outcomes };
}
