/**
 * When a saved access token counts as expired: the scripts renew it this long before its expiry,
 * so a token never expires in flight. One fact for the scripts and for the tests that wait on it.
 */
export const EXPIRY_MARGIN_MS = 30_000;
