/**
 * A PayNet-shaped resource server on the sandbox's listener: providers, balances, transactions and
 * consent revocation. It checks what OFP checks: an active access token bound to the TLS client
 * certificate (cnf.x5t#S256), the `x-signature` JWS against the client's JWKS, and the consent;
 * and it answers account data as OFP does: a signed JWS whose `data` claim is a JWE to the
 * client's encryption key.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CompactEncrypt,
  CompactSign,
  compactVerify,
  createLocalJWKSet,
  importJWK,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import { SANDBOX_REASON_HEADER, headerSafe } from '../shared/log-lines.js';
import { OFP_AUDIENCE } from '../shared/x-signature.js';
import { balanceOf, providers, transactionsOf } from './fixtures.js';
import type { Consent, ConsentStore } from './consents.js';
import { peerCertificateThumbprint } from './tls.js';

/** Longest accepted x-signature lifetime (the samples use 300 s). */
export const MAX_X_SIGNATURE_LIFETIME = 300;
const CLOCK_SKEW_SECONDS = 30;
const RESPONSE_JWS_LIFETIME = 3600;

/** What the resource server learns about an access token. */
export interface TokenInfo {
  readonly clientId: string;
  readonly scopes: ReadonlySet<string>;
  readonly certThumbprint: string | undefined;
  /** The consent the token was granted for (authorization code and refresh grants). */
  readonly consentId: string | undefined;
}

export interface ResourceServerContext {
  readonly rsBaseUrl: string;
  introspect(token: string): Promise<TokenInfo | undefined>;
  clientJwks(clientId: string): JSONWebKeySet | undefined;
  clientDcId(clientId: string): string | undefined;
  readonly consents: ConsentStore;
  /** The platform key that signs responses (and nested payloads). */
  readonly signingKey: KeyObject;
  readonly signingKid: string;
  /** Plaintext of the JWE: a nested signed JWT (cty JWT, as PayNet's samples) or plain JSON. */
  readonly jwePayload: 'nested-jwt' | 'json';
  revokeGrant(grantId: string): Promise<void>;
  /** x-signature jtis seen, with their exp, to refuse replays. */
  readonly seenSignatureJtis: Map<string, number>;
  log(event: Record<string, unknown>): void;
}

class RsError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  type: string,
  interactionId: string | undefined,
): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    ...(interactionId ? { 'x-fapi-interaction-id': interactionId } : {}),
  });
  res.end(body);
}

function bearerToken(req: IncomingMessage): string {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (match === null)
    throw new RsError(401, 'invalid_token', 'no Bearer access token in the Authorization header');
  return match[1] as string;
}

async function authorize(req: IncomingMessage, ctx: ResourceServerContext): Promise<TokenInfo> {
  const token = bearerToken(req);
  const info = await ctx.introspect(token);
  if (info === undefined) throw new RsError(401, 'invalid_token', 'the access token is not active');
  const presented = peerCertificateThumbprint(req.socket);
  if (presented === undefined) throw new RsError(401, 'invalid_token', 'no TLS client certificate');
  if (info.certThumbprint !== presented) {
    throw new RsError(
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

/** Verifies the request's x-signature; throws an RsError that says which check failed. */
async function verifyXSignature(
  req: IncomingMessage,
  url: URL,
  info: TokenInfo,
  consent: Consent,
  ctx: ResourceServerContext,
): Promise<void> {
  const header = req.headers['x-signature'];
  if (typeof header !== 'string' || header === '')
    throw new RsError(401, 'invalid_signature', 'no x-signature header');
  const jwks = ctx.clientJwks(info.clientId);
  if (jwks === undefined)
    throw new RsError(401, 'invalid_signature', 'the client has no registered JWKS');
  let payload: Record<string, unknown>;
  try {
    const verified = await compactVerify(header, createLocalJWKSet(jwks), {
      algorithms: ['PS256'],
    });
    payload = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
  } catch (cause) {
    throw new RsError(
      401,
      'invalid_signature',
      `x-signature does not verify against the client's JWKS (${(cause as Error).message})`,
    );
  }
  const now = Math.floor(Date.now() / 1000);
  const fail = (why: string) => new RsError(401, 'invalid_signature', `x-signature ${why}`);
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

async function encryptFor(
  clientId: string,
  plaintext: string,
  ctx: ResourceServerContext,
): Promise<string> {
  const jwks = ctx.clientJwks(clientId);
  const jwk = jwks?.keys.find((k) => k.use === 'enc' && k.kty === 'RSA');
  if (jwk === undefined)
    throw new RsError(
      400,
      'invalid_client',
      'the client has no RSA encryption key (use=enc) in its JWKS',
    );
  const key = await importJWK(jwk as JWK, 'RSA-OAEP-256');
  return new CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({
      alg: 'RSA-OAEP-256',
      enc: 'A256GCM',
      cty: ctx.jwePayload === 'nested-jwt' ? 'JWT' : 'json',
      ...(jwk.kid ? { kid: jwk.kid } : {}),
    })
    .encrypt(key);
}

async function sign(
  payload: Record<string, unknown>,
  ctx: ResourceServerContext,
  typ?: string,
): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'PS256', kid: ctx.signingKid, ...(typ ? { typ } : {}) })
    .sign(ctx.signingKey);
}

/** The OFP response envelope: a JWS whose `data` is a JWE of `{ data, meta }`. */
async function joseResponse(
  body: Record<string, unknown>,
  consent: Consent,
  clientId: string,
  ctx: ResourceServerContext,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const inner =
    ctx.jwePayload === 'nested-jwt'
      ? await sign({ ...body, iss: consent.dpId, iat: now }, ctx, 'JWT')
      : JSON.stringify(body);
  const jwe = await encryptFor(clientId, inner, ctx);
  return sign(
    {
      iss: consent.consentId,
      aud: [OFP_AUDIENCE, consent.dpId],
      data: jwe,
      iat: now,
      nbf: now,
      exp: now + RESPONSE_JWS_LIFETIME,
      jti: randomUUID(),
    },
    ctx,
  );
}

function page<T>(
  items: readonly T[],
  url: URL,
  defaultSize: number,
): { data: T[]; meta: Record<string, unknown> } {
  const size = Math.min(
    Math.max(Number(url.searchParams.get('page_size') ?? defaultSize) || defaultSize, 1),
    100,
  );
  const cursor = url.searchParams.get('next_page_params');
  const offset = cursor === null ? 0 : Number(new URLSearchParams(cursor).get('offset') ?? 'NaN');
  if (!Number.isInteger(offset) || offset < 0 || offset > items.length) {
    throw new RsError(
      400,
      'invalid_request',
      'next_page_params is not a cursor this server issued',
    );
  }
  const next =
    offset + size < items.length ? `offset=${offset + size}&page_size=${size}` : undefined;
  return {
    data: items.slice(offset, offset + size),
    meta: { total_records: items.length, ...(next ? { next_page_params: next } : {}) },
  };
}

function consentFor(info: TokenInfo, ctx: ResourceServerContext): Consent {
  if (info.consentId === undefined)
    throw new RsError(
      403,
      'insufficient_scope',
      'the token carries no consent (use the authorization-code token)',
    );
  const consent = ctx.consents.get(info.consentId);
  if (consent === undefined || consent.clientId !== info.clientId)
    throw new RsError(403, 'consent_not_found', 'the consent does not exist');
  if (consent.status !== 'authorized')
    throw new RsError(403, 'consent_revoked', `the consent is ${consent.status}`);
  return consent;
}

const ACCOUNT_DATA = /^\/v1\/accounts\/([^/]+)\/(balances|transactions)$/;
const REVOKE = /^\/consents\/([^/]+)\/revoke$/;

/** Whether a path belongs to the resource server (everything else goes to the provider). */
export function isResourcePath(pathname: string): boolean {
  return pathname === '/v1/providers' || ACCOUNT_DATA.test(pathname) || REVOKE.test(pathname);
}

/** Handles one resource-server request. */
export async function handleResourceRequest(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ResourceServerContext,
): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.rsBaseUrl);
  const interactionId =
    typeof req.headers['x-fapi-interaction-id'] === 'string'
      ? req.headers['x-fapi-interaction-id']
      : randomUUID();
  try {
    if (url.pathname === '/v1/providers') {
      if (req.method !== 'GET') throw new RsError(405, 'invalid_request', 'use GET');
      const info = await authorize(req, ctx);
      if (!info.scopes.has('accounts'))
        throw new RsError(403, 'insufficient_scope', 'the token lacks scope accounts');
      const body = page(providers(ctx.rsBaseUrl), url, 50);
      send(res, 200, JSON.stringify(body), 'application/json; charset=utf-8', interactionId);
      return;
    }
    const data = ACCOUNT_DATA.exec(url.pathname);
    if (data !== null) {
      if (req.method !== 'GET') throw new RsError(405, 'invalid_request', 'use GET');
      const info = await authorize(req, ctx);
      const consent = consentFor(info, ctx);
      const accountId = decodeURIComponent(data[1] as string);
      if (!consent.accounts.some((a) => a.account_id === accountId))
        throw new RsError(403, 'account_not_consented', 'the account is not in the consent');
      await verifyXSignature(req, url, info, consent, ctx);
      const body =
        data[2] === 'balances'
          ? { data: balanceOf(accountId) }
          : page(transactionsOf(accountId), url, 5);
      send(
        res,
        200,
        await joseResponse(body, consent, info.clientId, ctx),
        'application/jose',
        interactionId,
      );
      return;
    }
    const revoke = REVOKE.exec(url.pathname);
    if (revoke !== null) {
      if (req.method !== 'POST') throw new RsError(405, 'invalid_request', 'use POST');
      const info = await authorize(req, ctx);
      if (info.consentId !== undefined || !info.scopes.has('accounts')) {
        throw new RsError(
          403,
          'insufficient_scope',
          'revocation needs a client-credentials token with scope accounts',
        );
      }
      const consentId = decodeURIComponent(revoke[1] as string);
      const consent = ctx.consents.get(consentId);
      if (consent === undefined || consent.clientId !== info.clientId)
        throw new RsError(404, 'consent_not_found', 'no such consent for this client');
      ctx.consents.revoke(consentId);
      if (consent.grantId !== undefined) await ctx.revokeGrant(consent.grantId);
      send(
        res,
        200,
        JSON.stringify({ consent_id: consentId, status: 'revoked', updated_at: consent.updatedAt }),
        'application/json; charset=utf-8',
        interactionId,
      );
      return;
    }
    throw new RsError(404, 'not_found', 'no such resource');
  } catch (error) {
    const rs =
      error instanceof RsError ? error : new RsError(500, 'server_error', 'internal error');
    ctx.log({
      event: 'resource.refused',
      path: url.pathname,
      status: rs.status,
      error: rs.error,
      detail: rs.message,
    });
    if (!(error instanceof RsError))
      ctx.log({ event: 'resource.bug', detail: String((error as Error)?.stack ?? error) });
    if (rs.status === 401)
      res.setHeader(
        'www-authenticate',
        `Bearer error="${rs.error}", error_description="${rs.message.replace(/["\\]/g, '')}"`,
      );
    // A local sandbox may say more than a production server: why, for the client's report.
    res.setHeader(SANDBOX_REASON_HEADER, headerSafe(rs.message));
    send(
      res,
      rs.status,
      JSON.stringify({ error: rs.error, error_description: rs.message }),
      'application/json; charset=utf-8',
      interactionId,
    );
  }
}
