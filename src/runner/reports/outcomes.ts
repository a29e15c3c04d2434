/**
 * The run as a list of test outcomes: one per assertion, one failing outcome for each request a
 * script refused without recording why, and one skipped outcome for each request skipped on purpose.
 * JUnit, HTML and the summary all count from this list, so their totals agree.
 */
import { executionCause } from '../cause.js';
import { type Execution, wasRefused } from '../record.js';

export type OutcomeStatus = 'passed' | 'failed' | 'skipped';

export interface Outcome {
  readonly execution: Execution;
  /** The assertion's name, or what happened to the request. */
  readonly name: string;
  readonly status: OutcomeStatus;
  /** The failure or skip message. */
  readonly message: string | undefined;
  /** Why the request failed (transport error, HTTP status and the server's reason). */
  readonly cause: string | undefined;
}

export function outcomesOf(executions: readonly Execution[]): Outcome[] {
  const out: Outcome[] = [];
  for (const execution of executions) {
    const cause = executionCause(execution);
    for (const assertion of execution.assertions)
      out.push({
        execution,
        name: assertion.name,
        status: assertion.passed ? 'passed' : 'failed',
        message: assertion.message,
        cause: assertion.passed ? undefined : cause,
      });
    if (execution.skip !== undefined)
      out.push({
        execution,
        name: `${execution.name}: not sent`,
        status: 'skipped',
        message: execution.skip.message,
        cause: undefined,
      });
    else if (wasRefused(execution) && !execution.assertions.some((a) => !a.passed))
      out.push({
        execution,
        name: `${execution.name}: not sent`,
        status: 'failed',
        message: 'a pre-request script stopped the request without giving a reason',
        cause,
      });
    else if (
      execution.exchanges.some((e) => !e.byScript && e.error !== undefined) &&
      !execution.assertions.some((a) => !a.passed)
    )
      out.push({
        execution,
        name: `${execution.name}: request`,
        status: 'failed',
        message: 'the request failed before any response',
        cause,
      });
  }
  return out;
}

export interface Totals {
  readonly tests: number;
  readonly failures: number;
  readonly skipped: number;
}

export function totalsOf(outcomes: readonly Outcome[]): Totals {
  return {
    tests: outcomes.length,
    failures: outcomes.filter((o) => o.status === 'failed').length,
    skipped: outcomes.filter((o) => o.status === 'skipped').length,
  };
}
