/**
 * An independent FAPI 2.0 client for tests: the tests' HTTP client (node:https) for mTLS and jose
 * for every signature and decryption, so the sandbox is checked by code that shares nothing with
 * the product's scripts.
 */
import { createHash, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { httpRequest, type HttpRequest, type HttpResult } from './http-client.js';

/** Requests to one issuer, trusting its CA; paths resolve against the issuer. */
export class FapiClient {
  constructor(
    readonly issuer: string,
    private readonly ca: string,
  ) {}

  request(url: string, options: Omit<HttpRequest, 'ca'> = {}): Promise<HttpResult> {
    return httpRequest(new URL(url, this.issuer), {
      ...options,
      headers: { accept: 'application/json', ...options.headers },
      ca: this.ca,
    });
  }
}

const now = () => Math.floor(Date.now() / 1000);

export interface AssertionOptions {
  readonly aud: string;
  readonly iat?: number;
  readonly exp?: number;
  readonly jti?: string;
  readonly kid: string;
}

/** A PS256 client assertion signed by jose. */
export function clientAssertion(
  clientId: string,
  key: KeyObject,
  options: AssertionOptions,
): Promise<string> {
  const iat = options.iat ?? now();
  return new SignJWT({ jti: options.jti ?? randomUUID() })
    .setProtectedHeader({ alg: 'PS256', kid: options.kid })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(options.aud)
    .setIssuedAt(iat)
    .setExpirationTime(options.exp ?? iat + 300)
    .sign(key);
}

export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function consentDetail(dpId: string, dcId: string): Record<string, unknown> {
  return {
    type: 'urn:openfinance-ml:account-access-consent:v1.2',
    consent: {
      dc_id: dcId,
      dp_id: dpId,
      consent_type: 'urn:openfinance-ml:account-access-consent:v1.2',
      consent_purpose: 'pfm',
      permissions: ['read_accounts', 'read_balances', 'read_transactions'],
      expiration_datetime: new Date(Date.now() + 180 * 86_400_000)
        .toISOString()
        .replace(/\.\d+Z$/, 'Z'),
    },
  };
}

/** A PS256 request object (JAR) with nbf, as FAPI 2.0 requires. */
export function requestObject(
  clientId: string,
  key: KeyObject,
  kid: string,
  issuer: string,
  claims: Record<string, unknown>,
): Promise<string> {
  const t = now();
  return new SignJWT({ client_id: clientId, ...claims })
    .setProtectedHeader({ alg: 'PS256', kid })
    .setIssuer(clientId)
    .setAudience(issuer)
    .setIssuedAt(t)
    .setNotBefore(t)
    .setExpirationTime(t + 300)
    .setJti(randomUUID())
    .sign(key);
}

/** An x-signature for a resource request, as PayNet's samples show it. */
export function xSignature(
  key: KeyObject,
  kid: string,
  claims: {
    dcId: string;
    sub: string;
    dpId: string;
    url: string;
    qpm: Record<string, string>;
    jti?: string;
    lifetime?: number;
  },
): Promise<string> {
  const t = now();
  return new SignJWT({ qpm: claims.qpm, url: claims.url })
    .setProtectedHeader({ alg: 'PS256', kid })
    .setIssuer(claims.dcId)
    .setSubject(claims.sub)
    .setAudience([claims.dpId, 'Paynet OFP'])
    .setIssuedAt(t)
    .setNotBefore(t)
    .setExpirationTime(t + (claims.lifetime ?? 300))
    .setJti(claims.jti ?? randomUUID())
    .sign(key);
}
