/**
 * What the resource server checks, as OFP does: an active access token bound to the TLS client
 * certificate (cnf.x5t#S256), the consent behind it, and the `x-signature` JWS against the
 * client's JWKS. Each check throws an HttpError that says which check failed.
 */
import type { IncomingMessage } from 'node:http';
import { compactVerify, createLocalJWKSet } from 'jose';
import { OFP_AUDIENCE } from '../shared/x-signature.js';
import type { Consent } from './consents.js';
import { HttpError } from './http-error.js';
import type { ResourceServerContext, TokenInfo } from './resource-context.js';
import { peerCertificateThumbprint } from './tls.js';

/** Longest accepted x-signature lifetime (the samples use 300 s). */
export const MAX_X_SIGNATURE_LIFETIME = 300;
const CLOCK_SKEW_SECONDS = 30;

function bearerToken(req: IncomingMessage): string {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (match === null)
    throw new HttpError(401, 'invalid_token', 'no Bearer access token in the Authorization header');
  return match[1] as string;
}

/** The request's access token: active, and bound to the certificate it came with. */
export async function authorize(
  req: IncomingMessage,
  ctx: ResourceServerContext,
): Promise<TokenInfo> {
  const token = bearerToken(req);
  const info = await ctx.introspect(token);
  if (info === undefined)
    throw new HttpError(401, 'invalid_token', 'the access token is not active');
  const presented = peerCertificateThumbprint(req.socket);
  if (presented === undefined)
    throw new HttpError(401, 'invalid_token', 'no TLS client certificate');
  if (info.certThumbprint !== presented) {
    throw new HttpError(
      401,
      'invalid_token',
      'the access token is bound to another certificate (cnf.x5t#S256)',
    );
  }
  return info;
}

function queryMap(url: URL): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [key, value] of url.searchParams) map[key] = value;
  return map;
}

function sameQuery(a: unknown, b: Record<string, string>): boolean {
  if (typeof a !== 'object' || a === null || Array.isArray(a)) return false;
  const entries = Object.entries(a as Record<string, unknown>);
  return (
    entries.length === Object.keys(b).length &&
    entries.every(([k, v]) => typeof v === 'string' && b[k] === v)
  );
}

/** Verifies the request's x-signature; throws an HttpError that says which check failed. */
export async function verifyXSignature(
  req: IncomingMessage,
  url: URL,
  info: TokenInfo,
  consent: Consent,
  ctx: ResourceServerContext,
): Promise<void> {
  const header = req.headers['x-signature'];
  if (typeof header !== 'string' || header === '')
    throw new HttpError(401, 'invalid_signature', 'no x-signature header');
  const jwks = ctx.clientJwks(info.clientId);
  if (jwks === undefined)
    throw new HttpError(401, 'invalid_signature', 'the client has no registered JWKS');
  let payload: Record<string, unknown>;
  try {
    const verified = await compactVerify(header, createLocalJWKSet(jwks), {
      algorithms: ['PS256'],
    });
    payload = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
  } catch (cause) {
    throw new HttpError(
      401,
      'invalid_signature',
      `x-signature does not verify against the client's JWKS (${(cause as Error).message})`,
    );
  }
  const now = Math.floor(Date.now() / 1000);
  const fail = (why: string) => new HttpError(401, 'invalid_signature', `x-signature ${why}`);
  const dcId = ctx.clientDcId(info.clientId);
  if (payload['iss'] !== dcId) throw fail(`iss is not the client's dc_id`);
  if (payload['sub'] !== consent.consentId && payload['sub'] !== dcId)
    throw fail('sub is neither the consent_id nor the dc_id');
  const aud = payload['aud'];
  if (!Array.isArray(aud) || !aud.includes(consent.dpId) || !aud.includes(OFP_AUDIENCE)) {
    throw fail(`aud must contain "${consent.dpId}" and "${OFP_AUDIENCE}"`);
  }
  const iat = payload['iat'];
  const nbf = payload['nbf'];
  const exp = payload['exp'];
  if (typeof iat !== 'number' || typeof exp !== 'number') throw fail('lacks iat or exp');
  if (iat > now + CLOCK_SKEW_SECONDS || (typeof nbf === 'number' && nbf > now + CLOCK_SKEW_SECONDS))
    throw fail('is not valid yet');
  if (exp <= now - CLOCK_SKEW_SECONDS) throw fail('has expired');
  if (exp - iat > MAX_X_SIGNATURE_LIFETIME)
    throw fail(`lives longer than ${MAX_X_SIGNATURE_LIFETIME} s`);
  const jti = payload['jti'];
  if (typeof jti !== 'string' || jti === '') throw fail('has no jti');
  if (ctx.seenSignatureJtis.has(`${info.clientId}:${jti}`)) throw fail('jti was used before');
  ctx.seenSignatureJtis.set(`${info.clientId}:${jti}`, exp);
  if (!sameQuery(payload['qpm'], queryMap(url)))
    throw fail('qpm does not match the query parameters');
  const expectedUrl = `${ctx.rsBaseUrl}${url.pathname}`;
  if (payload['url'] !== expectedUrl) throw fail(`url is not ${expectedUrl}`);
  for (const [key, until] of ctx.seenSignatureJtis)
    if (until < now - CLOCK_SKEW_SECONDS) ctx.seenSignatureJtis.delete(key);
}

/** The authorized consent the token was granted for. */
export function consentFor(info: TokenInfo, ctx: ResourceServerContext): Consent {
  if (info.consentId === undefined)
    throw new HttpError(
      403,
      'insufficient_scope',
      'the token carries no consent (use the authorization-code token)',
    );
  const consent = ctx.consents.get(info.consentId);
  if (consent === undefined || consent.clientId !== info.clientId)
    throw new HttpError(403, 'consent_not_found', 'the consent does not exist');
  if (consent.status !== 'authorized')
    throw new HttpError(403, 'consent_revoked', `the consent is ${consent.status}`);
  return consent;
}
