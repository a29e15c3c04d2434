/**
 * The `x-signature` request JWS of PayNet's resource calls (developer guide section 9): built from
 * the request as it is sent, after Postman resolved its variables.
 */
import { InputError } from './errors/input-errors.js';

/** The literal second audience of every x-signature in PayNet's samples. */
export const OFP_AUDIENCE = 'Paynet OFP';
export const DEFAULT_X_SIGNATURE_LIFETIME = 300;

export interface XSignatureInput {
  readonly dcId: string;
  readonly sub: string;
  readonly dpId: string;
  /** The absolute request URL; its query string is removed and put into qpm. */
  readonly requestUrl: string;
  readonly jti: string;
  readonly nowMs: number;
  readonly lifetime: number;
}

/** The query parameters of a URL as a map of strings (a repeated key keeps its last value). */
export function queryParameterMap(url: string): Record<string, string> {
  const query = url.includes('?') ? (url.slice(url.indexOf('?') + 1).split('#')[0] ?? '') : '';
  const map: Record<string, string> = {};
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
    map[key] = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
  }
  return map;
}

/** The x-signature claims, in the order PayNet's samples show them. */
export function buildXSignatureClaims(input: XSignatureInput): Record<string, unknown> {
  if (!/^https?:\/\/[^\s]+$/.test(input.requestUrl)) {
    throw new InputError(
      'ERR_OFM_VAR_INVALID',
      'the request URL is not absolute after resolving its variables.',
      { hint: 'check rs_base_url' },
    );
  }
  const iat = Math.floor(input.nowMs / 1000);
  return {
    iss: input.dcId,
    sub: input.sub,
    aud: [input.dpId, OFP_AUDIENCE],
    iat,
    nbf: iat,
    exp: iat + input.lifetime,
    jti: input.jti,
    qpm: queryParameterMap(input.requestUrl),
    url: input.requestUrl.split(/[?#]/)[0],
  };
}
