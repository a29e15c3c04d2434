/**
 * How a sandbox script says "this request was not sent, on purpose": one console line that a person
 * reads in Postman's console and the runner reads to file the request as skipped (JUnit
 * `<skipped>`) instead of refused. A request stopped without such a line is a refusal: a failure.
 *
 * - `prerequisite`: a request it depends on failed; that failure is already counted once.
 * - `not-applicable`: nothing failed; the request cannot run here (no consent in CI, say).
 */
export const SKIP_PREFIX = 'ofm-postman skipped this request: ';

export const SKIP_KINDS = ['prerequisite', 'not-applicable'] as const;
export type SkipKind = (typeof SKIP_KINDS)[number];

/** The console line for a skip, e.g. `ofm-postman skipped this request: [prerequisite] needs PAR, which failed`. */
export function skipLine(kind: SkipKind, message: string): string {
  return `${SKIP_PREFIX}[${kind}] ${message}`;
}

/** The skip a console line announces; undefined when the line is not one. */
export function parseSkipLine(line: string): { kind: SkipKind; message: string } | undefined {
  if (!line.startsWith(SKIP_PREFIX)) return undefined;
  const rest = line.slice(SKIP_PREFIX.length);
  const match = /^\[([a-z-]+)\] ([\s\S]*)$/.exec(rest);
  const kind = match?.[1] as SkipKind | undefined;
  if (match === null || kind === undefined || !SKIP_KINDS.includes(kind))
    return { kind: 'prerequisite', message: rest };
  return { kind, message: match[2] ?? '' };
}
