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
 * The Bruno variable that prints decrypted account data on the console (`--env-var
 * ofm_print_account_data=true`), as `run --verbose` does for Newman: off by default, since bru run
 * prints every script's console lines into CI logs.
 */
export const BRUNO_PRINT_ACCOUNT_DATA = 'ofm_print_account_data';

/** The response header through which the local sandbox says why it refused a request. */
export const SANDBOX_REASON_HEADER = 'x-ofm-sandbox-reason';

/** A reason as a header value: one line of printable ASCII, at most 300 characters. */
export function headerSafe(text: string): string {
  return text
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, 300);
}
