/**
 * The name of every request of the generated collections, defined once: the builder names the
 * requests with them, the runner and the consent flow pick requests by them, and the
 * collection-level script names a failed step by them (like VAR, the script bundles carry each name
 * they use as a literal: inline-variables-plugin.ts). Only pure constants here, so a bundle that
 * imports the table carries none of it.
 */
export const REQUEST = {
  discovery: 'Discovery document',
  jwks: 'OFP JWKS',
  clientCredentials: 'Client credentials token',
  providers: 'List providers',
  par: 'PAR',
  authorize: 'Authorize',
  tokenExchange: 'Token exchange',
  refresh: 'Refresh',
  balances: 'Balances',
  transactions: 'Transactions',
  revokeConsent: 'Revoke consent',
  dataAfterRevocation: 'Data after revocation',
  introspection: 'Introspect the client-credentials token',
  revocation: 'Revoke the client-credentials token',
} as const;

export type RequestName = (typeof REQUEST)[keyof typeof REQUEST];
