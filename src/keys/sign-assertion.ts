/**
 * Signs a client assertion in Node, for `ofm-postman assertion`: the same settings and claim
 * builder as the sandbox script, with node:crypto doing RSASSA-PSS.
 */
import { randomUUID, sign, constants, type KeyObject } from 'node:crypto';
import {
  buildClientAssertionClaims,
  type ClientAssertionHeader,
  type PrivateKeyJwtSettings,
} from '../shared/client-assertion.js';

function b64u(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** A compact PS256 JWS over the claims the shared builder makes from `settings`. */
export function signClientAssertionNode(
  settings: PrivateKeyJwtSettings,
  privateKey: KeyObject,
  nowMs = Date.now(),
): string {
  const header: ClientAssertionHeader = { alg: 'PS256', kid: settings.kid };
  const claims = buildClientAssertionClaims({
    clientId: settings.clientId,
    audience: settings.audience,
    lifetime: settings.lifetime,
    nowMs,
    jti: randomUUID(),
  });
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(claims))}`;
  const signature = sign('sha256', Buffer.from(input), {
    key: privateKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: 32,
  });
  return `${input}.${b64u(signature)}`;
}
