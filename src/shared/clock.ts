/**
 * Whose clock dates what the client signs. `clock_skew` is `auto` (the default: the server's time
 * as learnt from the `Date` header of its responses), `off` (this machine's clock) or a whole number
 * of seconds the server's clock is ahead of this one (negative: behind). Shared by the sandbox
 * scripts and the CLI, so both date assertions the same way.
 */
import { InputError } from './errors/input-errors.js';
import { VAR } from './variables.js';

/** Differences up to this many seconds are ordinary (latency, the Date header's 1 s steps). */
export const CLOCK_SKEW_TOLERANCE_S = 5;
const FIXED = /^[+-]?\d{1,5}$/;

/**
 * Milliseconds to add to this machine's clock to date what is signed. Lenient, because the
 * collection-level script must stay small: a value that is not off or whole seconds counts as
 * auto here, and {@link readClockSkew} (test scripts, CLI) reports it.
 */
export function clockOffsetMs(get: (name: string) => string | undefined): number {
  const setting = (get(VAR.clockSkew) ?? '').trim();
  const seconds =
    setting === 'off'
      ? 0
      : FIXED.test(setting)
        ? Number(setting)
        : Number(get(VAR.serverClockOffset)) || 0;
  return seconds * 1000;
}

/** The clock_skew setting; throws ERR_OFM_VAR_INVALID when it is not auto, off or whole seconds. */
export function readClockSkew(value: string | undefined): 'auto' | 'off' | number {
  const setting = (value ?? '').trim() || 'auto';
  if (setting === 'auto' || setting === 'off') return setting;
  // At most five digits: a day is 86400 s.
  if (FIXED.test(setting)) return Number(setting);
  throw new InputError(
    'ERR_OFM_VAR_INVALID',
    `${VAR.clockSkew} is ${JSON.stringify(setting.slice(0, 20))}, not auto, off or a whole number of seconds.`,
  );
}

/**
 * The server's clock minus ours, whole seconds, from a `Date` header seen at `localMs`; 0 within
 * the tolerance, undefined when the header is missing or unreadable.
 */
export function offsetFromDateHeader(
  dateHeader: string | undefined,
  localMs: number,
): number | undefined {
  const serverMs = dateHeader ? Date.parse(dateHeader) : NaN;
  if (!Number.isFinite(serverMs)) return undefined;
  // The header is truncated to the second: the server's time was within [date, date + 1 s).
  const offset = Math.round((serverMs + 500 - localMs) / 1000);
  return Math.abs(offset) > CLOCK_SKEW_TOLERANCE_S ? offset : 0;
}

/** The one-line warning for a clock that is `offset` seconds behind (negative: ahead of) the server. */
export function clockSkewWarning(offset: number): string {
  const way = offset > 0 ? 'behind' : 'ahead of';
  return `WARN_OFM_CLOCK_SKEW: this machine's clock is ${Math.abs(offset)} s ${way} the server's (its Date header); what is signed is dated by the server's clock (set ${VAR.clockSkew}=off to use this machine's).`;
}
