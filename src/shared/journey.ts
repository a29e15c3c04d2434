/**
 * The requests of the OFP journey by what they need to run: nothing but the client's own
 * credentials, a person approving at the bank, or a consent a person gave earlier. The runner's
 * unattended mode (CI against a real platform) and `ofm-postman consent` read this table; a test
 * checks that it names every request of the generated collections.
 */

export type RequestNeed =
  /** Runs on its own: discovery, key set, client credentials, providers, token housekeeping. */
  | 'nothing'
  /** Part of getting a consent: a person must log in and approve in between. */
  | 'person'
  /** Needs a consent (tokens, consent id, accounts) obtained earlier. */
  | 'consent'
  /** Revokes the consent: never run unattended, it would end the consent CI relies on. */
  | 'revokes-consent';

export const JOURNEY_REQUESTS: Readonly<Record<string, RequestNeed>> = {
  'Discovery document': 'nothing',
  'OFP JWKS': 'nothing',
  'Client credentials token': 'nothing',
  'List providers': 'nothing',
  PAR: 'person',
  Authorize: 'person',
  'Token exchange': 'person',
  Refresh: 'consent',
  Balances: 'consent',
  Transactions: 'consent',
  'Revoke consent': 'revokes-consent',
  'Data after revocation': 'revokes-consent',
  'Introspect the client-credentials token': 'nothing',
  'Revoke the client-credentials token': 'nothing',
};

/** The requests `ofm-postman consent` runs before the person approves, in order. */
export const CONSENT_PREPARE_REQUESTS = ['Discovery document', 'List providers', 'PAR'] as const;
/** The request that redeems the code once the person approved. */
export const CONSENT_EXCHANGE_REQUEST = 'Token exchange';
