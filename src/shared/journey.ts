/**
 * The requests of the OFP journey by what they need to run: nothing but the client's own
 * credentials, a person approving at the bank, or a consent a person gave earlier. The runner's
 * unattended mode (CI against a real platform) and `ofm-postman consent` read this table; a test
 * checks that it names every request of the generated collections.
 */
import { REQUEST, type RequestName } from './request-names.js';

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
  [REQUEST.discovery]: 'nothing',
  [REQUEST.jwks]: 'nothing',
  [REQUEST.clientCredentials]: 'nothing',
  [REQUEST.providers]: 'nothing',
  [REQUEST.par]: 'person',
  [REQUEST.authorize]: 'person',
  [REQUEST.tokenExchange]: 'person',
  [REQUEST.refresh]: 'consent',
  [REQUEST.balances]: 'consent',
  [REQUEST.transactions]: 'consent',
  [REQUEST.revokeConsent]: 'revokes-consent',
  [REQUEST.dataAfterRevocation]: 'revokes-consent',
  [REQUEST.introspection]: 'nothing',
  [REQUEST.revocation]: 'nothing',
} satisfies Record<RequestName, RequestNeed>;

/** The requests `ofm-postman consent` runs before the person approves, in order. */
export const CONSENT_PREPARE_REQUESTS = [
  REQUEST.discovery,
  REQUEST.providers,
  REQUEST.par,
] as const;
/** The request that redeems the code once the person approved. */
export const CONSENT_EXCHANGE_REQUEST = REQUEST.tokenExchange;
