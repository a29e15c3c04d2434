/**
 * How the resource server answers: JSON, or account data as OFP sends it (a signed JWS whose
 * `data` claim is a JWE to the client's encryption key), a page at a time.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { CompactEncrypt, CompactSign, importJWK, type JWK } from 'jose';
import { OFP_AUDIENCE } from '../shared/x-signature.js';
import type { Consent } from './consents.js';
import { HttpError } from './http-error.js';
import type { ResourceServerContext } from './resource-context.js';

const RESPONSE_JWS_LIFETIME = 3600;

export function send(
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

async function encryptFor(
  clientId: string,
  plaintext: string,
  ctx: ResourceServerContext,
): Promise<string> {
  const jwks = ctx.clientJwks(clientId);
  const jwk = jwks?.keys.find((k) => k.use === 'enc' && k.kty === 'RSA');
  if (jwk === undefined)
    throw new HttpError(
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
export async function joseResponse(
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

/** One page of `items`, from the request's page_size and next_page_params cursor. */
export function page<T>(
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
    throw new HttpError(
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
