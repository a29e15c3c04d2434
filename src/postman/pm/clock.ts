/** Learns the server's clock from the Date header of the response a test script sees. */
import { clockSkewWarning, offsetFromDateHeader, readClockSkew } from '../../shared/clock.js';
import { VAR } from '../../shared/variables.js';
import { check, store } from './checks.js';
import { errorLine } from './report.js';

/**
 * With clock_skew auto (the default), stores the server's clock minus ours and warns once when it
 * becomes more than a few seconds. Other settings leave the stored value alone; an unreadable
 * setting fails a check named by its error line.
 */
export function learnServerClock(): void {
  let setting: ReturnType<typeof readClockSkew>;
  try {
    setting = readClockSkew(pm.variables.get(VAR.clockSkew));
  } catch (error) {
    const line = errorLine(error);
    check(line, () => {
      throw new Error(line);
    });
    return;
  }
  if (setting !== 'auto') return;
  const offset = offsetFromDateHeader(pm.response.headers.get('Date') ?? undefined, Date.now());
  if (offset === undefined) return;
  const previous = Number(pm.variables.get(VAR.serverClockOffset)) || 0;
  store(VAR.serverClockOffset, String(offset));
  if (offset !== 0 && previous === 0) console.warn(clockSkewWarning(offset));
}
