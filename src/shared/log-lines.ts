/**
 * Console lines the sandbox scripts write that the runner treats specially. One definition, so the
 * scripts and the runner cannot drift apart.
 */

/**
 * Decrypted account data (balances, transactions): account holders' data, so the runner prints it
 * only with --verbose and never writes it into a report.
 */
export const ACCOUNT_DATA_LOG_PREFIX = 'ofm-postman account data: ';

/**
 * The variable that prints decrypted account data on the console (`true`), in every runner: off by
 * default, since Newman's and the Postman CLI's cli reporters and bru run print every script's
 * console lines into CI logs; the account-data check then logs a notice in its place.
 * `ofm-postman run --verbose` sets it (and its runner hides such lines without --verbose anyway).
 */
export const PRINT_ACCOUNT_DATA = 'ofm_print_account_data';

/** The response header through which the local sandbox says why it refused a request. */
export const SANDBOX_REASON_HEADER = 'x-ofm-sandbox-reason';

/** A reason as a header value: one line of printable ASCII, at most 300 characters. */
export function headerSafe(text: string): string {
  return text
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, 300);
}
