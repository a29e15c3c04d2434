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
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { CompactSign, decodeJwt, decodeProtectedHeader } from 'jose';
import type { KoaContextWithOIDC } from 'oidc-provider';
import {
  effectOf,
  type Json,
  type Misbehaviour,
  type MisbehaviourEffect,
} from './misbehave-modules.js';

export {
  effectOf,
  isMisbehaviour,
  MISBEHAVIOUR_NAMES,
  MISBEHAVIOURS,
} from './misbehave-modules.js';
export type { Misbehaviour, MisbehaviourEffect } from './misbehave-modules.js';

/** The module in force; the sandbox and its tests change it between runs. */
export interface MisbehaviourState {
  module: Misbehaviour;
}

const b64u = (value: string | Uint8Array) => Buffer.from(value).toString('base64url');

/** Re-issues an ID token as an `id-token` effect wants it. */
async function misbehavingIdToken(
  effect: Extract<MisbehaviourEffect, { on: 'id-token' }>,
  idToken: string,
  signingKey: KeyObject,
  strangerKey: () => KeyObject,
): Promise<string> {
  const header = decodeProtectedHeader(idToken);
  const claims = { ...decodeJwt(idToken) } as Json;
  effect.claims?.(claims, Math.floor(Date.now() / 1000));
  const payload = new TextEncoder().encode(JSON.stringify(claims));
  if (effect.alg === 'none')
    return `${b64u(JSON.stringify({ alg: 'none', typ: header.typ }))}.${b64u(payload)}.`;
  const key = effect.signer === 'stranger' ? strangerKey() : signingKey;
  return new CompactSign(payload)
    .setProtectedHeader({ ...header, alg: effect.alg ?? 'PS256' })
    .sign(key);
}

/** Changes the query of a redirect to the redirect URI (the authorization response). */
function misbehavingRedirect(module: Misbehaviour, location: string): string {
  const effect = effectOf(module);
  if (effect.on !== 'authorization-response') return location;
  const url = new URL(location);
  effect.change(url.searchParams);
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
  // The key of `invalid-signature` (an ID token signed by someone else), made when that module
  // first needs it: an RSA key costs 60-140 ms of CPU, and most sandboxes never play that module.
  let stranger: KeyObject | undefined;
  const strangerKey = () =>
    (stranger ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
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
    const effect = effectOf(module);
    if (path.endsWith('/.well-known/openid-configuration') && typeof body === 'object') {
      if (effect.on === 'discovery' && body !== null) effect.change(body);
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
      if (effect.on === 'id-token')
        body['id_token'] = await misbehavingIdToken(
          effect,
          body['id_token'],
          inputs.signingKey,
          strangerKey,
        );
      inputs.record.issue({
        module,
        accessToken: body['access_token'],
        refreshToken: body['refresh_token'] as string | undefined,
        idToken: body['id_token'] as string,
      });
    }
    if (effect.on === 'token-response') effect.change(body);
  };
}
