/**
 * The one rule for a certificate's validity period, as a gateway applies it at the handshake:
 * refused before `notBefore` and after `notAfter`, and worth a warning when it ends within
 * {@link EXPIRY_WARNING_DAYS}. Pure (dates in, verdict out), so the CLI, which checks a client
 * certificate before anything is sent, and the local sandbox, which refuses one on a connection,
 * judge alike, and tests freeze the clock by passing `now`.
 */
import { UsageError } from './errors/usage-errors.js';

/** A certificate ending within this many days gets a warning: time to ask for its renewal. */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

/** The validity period of a certificate, and how messages name it. */
export interface CertificateDates {
  /** Where it came from and whose it is, e.g. `client certificate a.crt (--cert), CN=…`. */
  readonly label: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** What the rule says about a certificate at one moment. */
export type CertificateValidity =
  | { readonly status: 'valid' }
  | { readonly status: 'expiring'; readonly days: number }
  | { readonly status: 'expired' }
  | { readonly status: 'not-yet-valid' };

/** The verdict at `now`; `expiring` counts the days left, rounded (0: less than half a day). */
export function certificateValidity(dates: CertificateDates, now: Date): CertificateValidity {
  const at = now.getTime();
  if (at < dates.notBefore.getTime()) return { status: 'not-yet-valid' };
  if (at > dates.notAfter.getTime()) return { status: 'expired' };
  const left = dates.notAfter.getTime() - at;
  return left <= EXPIRY_WARNING_DAYS * DAY_MS
    ? { status: 'expiring', days: Math.round(left / DAY_MS) }
    : { status: 'valid' };
}

/** A date as UTC to the second: `2026-12-04T12:00:00Z`. */
export function utcSecond(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * Throws ERR_OFM_CERT_EXPIRED or ERR_OFM_CERT_NOT_YET_VALID with the certificate's dates and
 * `now`; returns the warning line (without the `ofm-postman: ` prefix) for one that is about to
 * expire, else undefined.
 */
export function assertCertificateCurrent(
  dates: CertificateDates,
  now: Date,
  hint?: string,
): string | undefined {
  const verdict = certificateValidity(dates, now);
  const options = hint === undefined ? {} : { hint };
  if (verdict.status === 'expired')
    throw new UsageError(
      'ERR_OFM_CERT_EXPIRED',
      `${dates.label} expired on ${utcSecond(dates.notAfter)} (notAfter); it is now ${utcSecond(now)}.`,
      options,
    );
  if (verdict.status === 'not-yet-valid')
    throw new UsageError(
      'ERR_OFM_CERT_NOT_YET_VALID',
      `${dates.label} is not valid before ${utcSecond(dates.notBefore)} (notBefore); it is now ${utcSecond(now)}.`,
      options,
    );
  if (verdict.status === 'expiring') {
    const left =
      verdict.days === 0
        ? 'within a day'
        : `in ${verdict.days} day${verdict.days === 1 ? '' : 's'}`;
    return `${EXPIRING_WARNING}: ${dates.label} expires on ${utcSecond(dates.notAfter)}, ${left} (hint: ask your CA for its renewal now; it still works until then)`;
  }
  return undefined;
}

/** The warning code of a certificate that expires within {@link EXPIRY_WARNING_DAYS}. */
export const EXPIRING_WARNING = 'WARN_OFM_CERT_EXPIRING';
