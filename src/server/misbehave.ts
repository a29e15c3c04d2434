/**
 * The sandbox playing the modules of the OpenID Foundation's FAPI 2.0 client test plan
 * (`fapi2-security-profile-final-client-test-plan`, conformance-suite package fapi2spfinal): each
 * module makes the authorization server misbehave in one way a client must notice. Names are the
 * suite's module names without the `fapi2-security-profile-final-client-` prefix (and `test-`).
 * `invalid-signature`, `invalid-future-iat` and `invalid-azp` are ours: faults OpenID Connect Core
 * 3.1.3.7 names that the plan has no module for.
 *
 * The faults are applied to what oidc-provider produced, as Koa middleware after it ran: discovery,
 * the redirect to the redirect URI (the authorization response), and token responses. The module
 * can be switched at any time (one sandbox serves many modules in a test run).
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { CompactSign, decodeJwt, decodeProtectedHeader } from 'jose';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Misbehaviour } from './misbehave-modules.js';

export { isMisbehaviour, MISBEHAVIOUR_NAMES, MISBEHAVIOURS } from './misbehave-modules.js';
export type { Misbehaviour } from './misbehave-modules.js';

/** The module in force; the sandbox and its tests change it between runs. */
export interface MisbehaviourState {
  module: Misbehaviour;
}

type Claims = Record<string, unknown>;

/** The claim changes of each ID-token module. */
const ID_TOKEN_CLAIMS: Partial<Record<Misbehaviour, (claims: Claims, nowS: number) => void>> = {
  'invalid-iss': (c) => (c['iss'] = `${String(c['iss'])}1`),
  'invalid-aud': (c) => (c['aud'] = `${String(c['aud'])}1`),
  'invalid-secondary-aud': (c) => (c['aud'] = [c['aud'], `${String(c['aud'])}1`]),
  'valid-aud-as-array': (c) => (c['aud'] = [c['aud']]),
  'invalid-expired-exp': (c, now) => (c['exp'] = now - 360),
  'invalid-missing-exp': (c) => delete c['exp'],
  'invalid-missing-aud': (c) => delete c['aud'],
  'invalid-missing-iss': (c) => delete c['iss'],
  'invalid-nonce': (c) => (c['nonce'] = `${String(c['nonce'])}1`),
  'invalid-missing-nonce': (c) => delete c['nonce'],
  'invalid-future-iat': (c, now) => (c['iat'] = now + 3600),
  'invalid-azp': (c) => (c['azp'] = `${String(c['aud'])}1`),
};

const b64u = (value: string | Uint8Array) => Buffer.from(value).toString('base64url');

/** Re-issues an ID token as the module wants it. */
async function misbehavingIdToken(
  module: Misbehaviour,
  idToken: string,
  signingKey: KeyObject,
  strangerKey: KeyObject,
): Promise<string> {
  const header = decodeProtectedHeader(idToken);
  const claims = { ...decodeJwt(idToken) } as Claims;
  ID_TOKEN_CLAIMS[module]?.(claims, Math.floor(Date.now() / 1000));
  const payload = new TextEncoder().encode(JSON.stringify(claims));
  if (module === 'invalid-null-alg')
    return `${b64u(JSON.stringify({ alg: 'none', typ: header.typ }))}.${b64u(payload)}.`;
  const alg = module === 'invalid-alternate-alg' ? 'RS256' : 'PS256';
  const key = module === 'invalid-signature' ? strangerKey : signingKey;
  return new CompactSign(payload).setProtectedHeader({ ...header, alg }).sign(key);
}

const ID_TOKEN_MODULES = new Set<Misbehaviour>([
  ...(Object.keys(ID_TOKEN_CLAIMS) as Misbehaviour[]),
  'invalid-null-alg',
  'invalid-alternate-alg',
  'invalid-signature',
]);

/** Changes the query of a redirect to the redirect URI (the authorization response). */
function misbehavingRedirect(module: Misbehaviour, location: string): string {
  const url = new URL(location);
  const q = url.searchParams;
  if (module === 'invalid-authorization-response-iss') q.set('iss', `${q.get('iss') ?? ''}1`);
  else if (module === 'remove-authorization-response-iss') q.delete('iss');
  else if (module === 'ensure-authorization-response-with-invalid-state-fails')
    q.set('state', `${q.get('state') ?? ''}1`);
  else if (module === 'ensure-authorization-response-with-invalid-missing-state-fails')
    q.delete('state');
  else return location;
  return url.toString();
}

/** What the sandbox saw a client present, for tests that show a refused value was never used. */
export interface Presented {
  readonly kind: 'code' | 'refresh_token' | 'access_token' | 'token' | 'request_uri';
  readonly value: string;
  readonly path: string;
}

/** The tokens of one authorization-code response, as the client received them. */
export interface Issued {
  readonly module: Misbehaviour;
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
}

/** An in-memory record of what was presented and issued (bounded; never logged: they are secrets). */
export class SandboxRecord {
  static readonly LIMIT = 10_000;
  readonly presented: Presented[] = [];
  readonly issued: Issued[] = [];

  present(entry: Presented): void {
    if (entry.value === '') return;
    this.presented.push(entry);
    if (this.presented.length > SandboxRecord.LIMIT) this.presented.shift();
  }

  issue(entry: Issued): void {
    this.issued.push(entry);
    if (this.issued.length > SandboxRecord.LIMIT) this.issued.shift();
  }

  /** Whether a value was ever presented. */
  wasPresented(value: string | undefined): boolean {
    return value !== undefined && this.presented.some((p) => p.value === value);
  }

  clear(): void {
    this.presented.length = 0;
    this.issued.length = 0;
  }
}

export interface MisbehaviourInputs {
  readonly state: MisbehaviourState;
  readonly record: SandboxRecord;
  readonly redirectUri: string;
  readonly signingKey: KeyObject;
}

/** Koa middleware for oidc-provider: records what is presented and applies the module's fault. */
export function misbehaviourMiddleware(inputs: MisbehaviourInputs) {
  const stranger = createPrivateKey(
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }),
  );
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    await next();
    const module = inputs.state.module;
    const params = (ctx.oidc?.params ?? {}) as Record<string, unknown>;
    const path = ctx.path;
    for (const kind of ['code', 'refresh_token', 'token'] as const) {
      if (typeof params[kind] === 'string')
        inputs.record.present({ kind, value: params[kind] as string, path });
    }
    const body = ctx.body as Record<string, unknown> | undefined;
    // The PAR response's request_uri: the client presents it at the authorization endpoint next.
    if (typeof body === 'object' && body !== null && typeof body['request_uri'] === 'string')
      inputs.record.present({ kind: 'request_uri', value: body['request_uri'], path });
    if (path.endsWith('/.well-known/openid-configuration') && typeof body === 'object') {
      if (module === 'discovery-issuer-mismatch' && body !== null)
        body['issuer'] = `${String(body['issuer'])}INVALID`;
      return;
    }
    const location = ctx.response.get('location');
    if (location && location.startsWith(`${inputs.redirectUri}?`)) {
      ctx.set('location', misbehavingRedirect(module, location));
      return;
    }
    if (typeof body !== 'object' || body === null || typeof body['access_token'] !== 'string')
      return;
    if (params['grant_type'] === 'authorization_code' && typeof body['id_token'] === 'string') {
      if (ID_TOKEN_MODULES.has(module))
        body['id_token'] = await misbehavingIdToken(
          module,
          body['id_token'],
          inputs.signingKey,
          stranger,
        );
      inputs.record.issue({
        module,
        accessToken: body['access_token'],
        refreshToken: body['refresh_token'] as string | undefined,
        idToken: body['id_token'] as string,
      });
    }
    if (module === 'token-endpoint-response-without-expires_in') delete body['expires_in'];
    if (module === 'token-type-case-insensitivity' && typeof body['token_type'] === 'string') {
      const type = body['token_type'];
      body['token_type'] = [...type]
        .map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()))
        .join('');
    }
  };
}
