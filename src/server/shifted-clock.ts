/**
 * Runs this process on a clock that is `seconds` off, for `ofm-postman sandbox --clock-offset`: a
 * sandbox whose clock disagrees with the client's, to try a client's clock handling offline.
 * oidc-provider reads the time from `Date.now()`, so the whole process is shifted; the CLI does
 * this only in the sandbox's own process, before anything else runs.
 */
export function shiftProcessClock(seconds: number): void {
  if (seconds === 0) return;
  const RealDate = Date;
  const offsetMs = seconds * 1000;
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...(args as [string | number | Date]));
    }

    static override now(): number {
      return RealDate.now() + offsetMs;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}
