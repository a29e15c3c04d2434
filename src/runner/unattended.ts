/**
 * Unattended runs (CI against a real platform): only what needs no person runs, plus what needs a
 * consent when the state holds one. Every request left out is reported as skipped, one line each,
 * with the reason, so a CI log says what was not tested and why.
 */
import { JOURNEY_REQUESTS } from '../shared/journey.js';
import { VAR } from '../shared/variables.js';
import { forEachRequest } from './inputs/folders.js';

export interface PlannedSkip {
  readonly name: string;
  readonly message: string;
}

export interface RunPlan {
  /** Request names to run, in collection order. */
  readonly run: readonly string[];
  readonly skip: readonly PlannedSkip[];
}

/**
 * The request names of the collection, in order; with `within`, only those that are named there
 * or sit in a folder named there.
 */
export function requestNames(collection: object, within?: readonly string[]): string[] {
  const out: string[] = [];
  forEachRequest(collection, ({ name }, folders) => {
    if (within === undefined || [name, ...folders].some((n) => within.includes(n))) out.push(name);
  });
  return out;
}

/** True when the values hold a consent to use: its id, accounts and a way to an access token. */
export function hasConsent(values: Readonly<Record<string, string | undefined>>): boolean {
  return (
    !!values[VAR.consentId] &&
    !!values[VAR.accountIds] &&
    (!!values[VAR.refreshToken] || !!values[VAR.accessToken])
  );
}

/** What an unattended run of `collection` (or of the folders `within`) runs and skips. */
export function unattendedPlan(
  collection: object,
  values: Readonly<Record<string, string | undefined>>,
  within?: readonly string[],
): RunPlan {
  const consent = hasConsent(values);
  const run: string[] = [];
  const skip: PlannedSkip[] = [];
  for (const name of requestNames(collection, within)) {
    const need = JOURNEY_REQUESTS[name] ?? 'nothing';
    if (need === 'nothing' || (need === 'consent' && consent)) run.push(name);
    else if (need === 'person')
      skip.push({
        name,
        message:
          'needs a person to log in and approve at the bank (unattended run); run ofm-postman consent once and keep its state',
      });
    else if (need === 'consent')
      skip.push({
        name,
        message:
          'needs a consent, and the state holds none; run ofm-postman consent once and pass its state (--state FILE)',
      });
    else
      skip.push({
        name,
        message: 'would revoke the consent this unattended run relies on; run it by hand',
      });
  }
  return { run, skip };
}
