/**
 * The local sandbox, started in-process on port 0 and checked with an independent client
 * (node:https for mTLS, jose for signatures and decryption).
 */
import assert from 'node:assert/strict';
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import {
  compactDecrypt,
  compactVerify,
  createLocalJWKSet,
  decodeProtectedHeader,
  jwtVerify,
  type JSONWebKeySet,
} from 'jose';
import jsrsasign from 'jsrsasign';
import { readPrivateKey, type EnsureKeysResult } from '../../src/keys/test-pki.js';
import { assertionClaimsProblem } from '../../src/server/assertion-policy.js';
import type { RunningSandbox } from '../../src/server/sandbox.js';
import type { AuthMethod } from '../../src/shared/variables.js';
import {
  ASSERTION_TYPE,
  clientAssertion,
  consentDetail,
  FapiClient,
  pkcePair,
  requestObject,
  xSignature,
} from '../helpers/fapi-client.js';
import { CookieJar, identityFrom, type Identity } from '../helpers/http-client.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';
import { rsaTestKey } from '../helpers/test-keys.js';

const local = useLocalSandbox('ofm-sandbox-');
const logs = local.logs;
let pki: EnsureKeysResult;
let sandbox: RunningSandbox;
let strict: RunningSandbox;
let client: FapiClient;
let strictClient: FapiClient;
let signingKey: KeyObject;
let encryptionKey: KeyObject;
const ids: Record<AuthMethod, Identity> = {} as never;

before(async () => {
  await local.ready();
  ({ pki, sandbox } = local);
  strict = await local.start({ strictFapi: true });
  const ca = readFileSync(pki.paths.caCert, 'utf8');
  client = new FapiClient(sandbox.issuer, ca);
  strictClient = new FapiClient(strict.issuer, ca);
  signingKey = await readPrivateKey(pki.paths.signingKey);
  encryptionKey = await readPrivateKey(pki.paths.encryptionKey);
  for (const auth of ['private_key_jwt', 'tls_client_auth'] as const) {
    ids[auth] = identityFrom(pki.paths.transport[auth].cert, pki.paths.transport[auth].key);
  }
});

function thumbprint(identity: Identity): string {
  return createHash('sha256').update(new X509Certificate(identity.cert).raw).digest('base64url');
}

async function authForm(
  auth: AuthMethod,
  on: RunningSandbox,
  assertion?: Partial<Parameters<typeof clientAssertion>[2]> & { key?: KeyObject },
): Promise<Record<string, string>> {
  const clientId = on.clientIds[auth];
  if (auth === 'tls_client_auth') return { client_id: clientId };
  return {
    client_id: clientId,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: await clientAssertion(clientId, assertion?.key ?? signingKey, {
      aud: on.issuer,
      kid: pki.manifest.signingKid,
      ...assertion,
    }),
  };
}

async function ccToken(
  auth: AuthMethod,
  options: {
    on?: RunningSandbox;
    identity?: Identity | null;
    assertion?: Parameters<typeof authForm>[2];
  } = {},
) {
  const on = options.on ?? sandbox;
  const http = on === strict ? strictClient : client;
  return http.request('/token', {
    identity: options.identity === null ? undefined : (options.identity ?? ids[auth]),
    form: {
      grant_type: 'client_credentials',
      scope: 'accounts',
      ...(await authForm(auth, on, options.assertion)),
    },
  });
}

async function introspect(token: string, as: AuthMethod = 'private_key_jwt') {
  return client.request('/token/introspection', {
    identity: ids[as],
    form: { token, ...(await authForm(as, sandbox)) },
  });
}

function lastDetail(): string {
  return String([...logs].reverse().find((e) => e['detail'] !== undefined)?.['detail'] ?? '');
}

describe('client credentials', () => {
  for (const auth of ['private_key_jwt', 'tls_client_auth'] as const) {
    it(`${auth}: a Bearer token bound to the client certificate`, async () => {
      const res = await ccToken(auth);
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json?.['token_type'], 'Bearer');
      assert.equal(res.json?.['expires_in'], 600);
      assert.equal(res.json?.['scope'], 'accounts');
      const info = await introspect(String(res.json?.['access_token']), auth);
      assert.equal(info.json?.['active'], true);
      assert.equal(info.json?.['client_id'], sandbox.clientIds[auth]);
      assert.deepEqual(info.json?.['cnf'], { 'x5t#S256': thumbprint(ids[auth]) });
      const other = auth === 'private_key_jwt' ? 'tls_client_auth' : 'private_key_jwt';
      assert.equal(
        (await introspect(String(res.json?.['access_token']), other)).json?.['active'],
        false,
        'another client learns nothing about the token',
      );
    });
  }
});

describe('refusals', () => {
  it('a key that does not match the registered JWKS', async () => {
    // The run's shared test key: not the registered one, and no new key to make.
    const other = (await rsaTestKey(2048)).privateKey;
    const res = await ccToken('private_key_jwt', { assertion: { key: other } });
    assert.equal(res.status, 401);
    assert.equal(res.json?.['error'], 'invalid_client');
    assert.match(lastDetail(), /signature/i);
  });

  it('a certificate whose subject is not registered (tls_client_auth)', async () => {
    const res = await ccToken('tls_client_auth', { identity: ids.private_key_jwt });
    assert.equal(res.status, 401);
    assert.equal(res.json?.['error'], 'invalid_client');
  });

  it('a certificate with the registered subject that the CA did not issue', async () => {
    const { privateKey, publicKey } = await rsaTestKey(2048);
    const rogue = new jsrsasign.KJUR.asn1.x509.Certificate({
      version: 3,
      serial: { int: 7 },
      issuer: { str: '/C=MY/O=ofm-postman/CN=ofm-postman tls_client_auth client' },
      subject: { str: '/C=MY/O=ofm-postman/CN=ofm-postman tls_client_auth client' },
      notbefore: '250101000000Z',
      notafter: '350101000000Z',
      sbjpubkey: publicKey.export({ type: 'spki', format: 'pem' }) as string,
      sigalg: 'SHA256withRSA',
      cakey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    } as never).getPEM();
    const res = await ccToken('tls_client_auth', {
      identity: { cert: rogue, key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string },
    });
    assert.equal(res.status, 401);
    assert.match(lastDetail(), /not verified/);
  });

  it('no client certificate', async () => {
    const tls = await ccToken('tls_client_auth', { identity: null });
    assert.equal(tls.status, 401);
    const pkjwt = await ccToken('private_key_jwt', { identity: null });
    assert.equal(
      pkjwt.status,
      400,
      'a certificate-bound token cannot be issued without a certificate',
    );
    assert.equal(pkjwt.json?.['error'], 'invalid_grant');
  });

  it('an expired assertion, and one that lives longer than the maximum', async () => {
    const t = Math.floor(Date.now() / 1000);
    const expired = await ccToken('private_key_jwt', { assertion: { iat: t - 700, exp: t - 100 } });
    assert.equal(expired.status, 401);
    const long = await ccToken('private_key_jwt', { assertion: { iat: t, exp: t + 601 } });
    assert.equal(long.status, 401);
    assert.match(lastDetail(), /lifetime/);
    const longest = await ccToken('private_key_jwt', { assertion: { iat: t, exp: t + 600 } });
    assert.equal(longest.status, 200, 'exactly the maximum is accepted');
  });

  it('an assertion dated ahead: up to 10 s accepted, an hour refused with the reason logged', async () => {
    const t = Math.floor(Date.now() / 1000);
    const soon = await ccToken('private_key_jwt', { assertion: { iat: t + 8, exp: t + 300 } });
    assert.equal(soon.status, 200, 'a clock a few seconds ahead is tolerated');
    const ahead = await ccToken('private_key_jwt', {
      assertion: { iat: t + 7200, exp: t + 7500 },
    });
    assert.equal(ahead.status, 401);
    assert.match(lastDetail(), /^iat is 7\d{3} s in the future/);
    const farExp = assertionClaimsProblem(
      { aud: sandbox.issuer, jti: 'j', iat: t, exp: t + 90_000 },
      { issuer: sandbox.issuer, tokenEndpoint: '', strictFapi: false, maxLifetime: 86_400 },
      t,
    );
    assert.match(String(farExp), /exp is 90000 s ahead, more than 86400 s/);
    const noIat = assertionClaimsProblem(
      { aud: sandbox.issuer, jti: 'j', exp: t + 60 },
      { issuer: sandbox.issuer, tokenEndpoint: '', strictFapi: false, maxLifetime: 600 },
      t,
    );
    assert.match(String(noIat), /iat is required/);
    const noExp = assertionClaimsProblem(
      { aud: sandbox.issuer, jti: 'j', iat: t },
      { issuer: sandbox.issuer, tokenEndpoint: '', strictFapi: false, maxLifetime: 600 },
      t,
    );
    assert.match(String(noExp), /exp is required/);
  });

  it('a replayed jti', async () => {
    const form = {
      grant_type: 'client_credentials',
      scope: 'accounts',
      ...(await authForm('private_key_jwt', sandbox)),
    };
    assert.equal(
      (await client.request('/token', { identity: ids.private_key_jwt, form })).status,
      200,
    );
    const replay = await client.request('/token', { identity: ids.private_key_jwt, form });
    assert.equal(replay.status, 401);
    assert.match(lastDetail(), /only be used once/);
  });

  it('the token endpoint as aud: accepted by default, refused with --strict-fapi', async () => {
    const tokenAud = await ccToken('private_key_jwt', {
      assertion: { aud: `${sandbox.issuer}/token` },
    });
    assert.equal(tokenAud.status, 200);
    const strictTokenAud = await ccToken('private_key_jwt', {
      on: strict,
      assertion: { aud: `${strict.issuer}/token` },
    });
    assert.equal(strictTokenAud.status, 401);
    assert.match(lastDetail(), /exactly the issuer/);
    const strictIssuer = await ccToken('private_key_jwt', {
      on: strict,
      assertion: { aud: strict.issuer },
    });
    assert.equal(strictIssuer.status, 200);
    const other = await ccToken('private_key_jwt', {
      assertion: { aud: 'https://elsewhere.test' },
    });
    assert.equal(other.status, 401);
  });
});

describe('resource server', () => {
  it('serves providers page by page to a client-credentials token', async () => {
    const token = String((await ccToken('tls_client_auth')).json?.['access_token']);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const query = new URLSearchParams({
        page_size: '2',
        ...(cursor ? { next_page_params: cursor } : {}),
      });
      const res = await client.request(`/v1/providers?${query}`, {
        identity: ids.tls_client_auth,
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(res.status, 200, res.text);
      const body = res.json as {
        data: Array<{ dp_id: string }>;
        meta: { next_page_params?: string; total_records: number };
      };
      seen.push(...body.data.map((p) => p.dp_id));
      cursor = body.meta.next_page_params;
      if (cursor === undefined) break;
    }
    assert.equal(seen.length, 5);
    assert.equal(new Set(seen).size, 5);
    for (const dp of seen) assert.match(dp, /^DP\d{10}$/);
  });

  it('refuses a token presented with another certificate', async () => {
    const token = String((await ccToken('private_key_jwt')).json?.['access_token']);
    const stolen = await client.request('/v1/providers', {
      identity: ids.tls_client_auth,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(stolen.status, 401);
    assert.equal(stolen.json?.['error'], 'invalid_token');
    assert.match(String(stolen.json?.['error_description']), /another certificate/);
    const rightful = await client.request('/v1/providers', {
      identity: ids.private_key_jwt,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(rightful.status, 200);
  });
});

interface Flow {
  tokens: Record<string, unknown>;
  consentId: string;
  dpId: string;
  accounts: Array<{ account_id: string }>;
  nonce: string;
}

async function consentFlow(auth: AuthMethod): Promise<Flow> {
  const clientId = sandbox.clientIds[auth];
  const { verifier, challenge } = pkcePair();
  const state = `state-${Date.now()}`;
  const nonce = `nonce-${Date.now()}`;
  const dpId = 'DP9876543210';
  const jar = await requestObject(clientId, signingKey, pki.manifest.signingKid, sandbox.issuer, {
    response_type: 'code',
    redirect_uri: `${sandbox.issuer}/callback`,
    scope: 'openid accounts profile',
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    max_age: 3600,
    claims: { userinfo: { name: null, email: null } },
    authorization_details: [consentDetail(dpId, sandbox.dcId)],
  });
  const par = await client.request('/request', {
    identity: ids[auth],
    form: { request: jar, ...(await authForm(auth, sandbox)) },
  });
  assert.equal(par.status, 201, par.text);
  const cookies = new CookieJar();
  let next = `/auth?${new URLSearchParams({ client_id: clientId, request_uri: String(par.json?.['request_uri']) })}`;
  let callback: Record<string, unknown> | undefined;
  for (let hop = 0; hop < 6 && callback === undefined; hop++) {
    const res = await client.request(next, { jar: cookies });
    if (res.status === 200 && next.startsWith('/callback')) callback = res.json;
    else {
      assert.equal(res.status, 303, `hop ${hop} to ${next}: ${res.text}`);
      next =
        new URL(String(res.headers['location']), sandbox.issuer).pathname +
        new URL(String(res.headers['location']), sandbox.issuer).search;
    }
  }
  assert.ok(callback, 'reached the redirect URI');
  assert.equal(callback['state'], state);
  assert.equal(callback['iss'], sandbox.issuer);
  const token = await client.request('/token', {
    identity: ids[auth],
    form: {
      grant_type: 'authorization_code',
      code: String(callback['code']),
      redirect_uri: `${sandbox.issuer}/callback`,
      code_verifier: verifier,
      ...(await authForm(auth, sandbox)),
    },
  });
  assert.equal(token.status, 200, token.text);
  const details = token.json?.['authorization_details'] as Array<{
    consent: { consent_id: string; status: string; dp_id: string };
    accounts: Array<{ account_id: string }>;
  }>;
  return {
    tokens: token.json!,
    consentId: details[0]!.consent.consent_id,
    dpId: details[0]!.consent.dp_id,
    accounts: details[0]!.accounts,
    nonce,
  };
}

async function balances(
  auth: AuthMethod,
  flow: Flow,
  accessToken: string,
  tweak: { url?: string; qpm?: Record<string, string>; omit?: boolean } = {},
) {
  const accountId = flow.accounts[0]!.account_id;
  const path = `/v1/accounts/${accountId}/balances`;
  const signature = await xSignature(signingKey, pki.manifest.signingKid, {
    dcId: sandbox.dcId,
    sub: flow.consentId,
    dpId: flow.dpId,
    url: tweak.url ?? `${sandbox.issuer}${path}`,
    qpm: tweak.qpm ?? {},
  });
  return client.request(path, {
    identity: ids[auth],
    headers: {
      authorization: `Bearer ${accessToken}`,
      ...(tweak.omit ? {} : { 'x-signature': signature }),
    },
  });
}

describe('consent journey and account data', () => {
  for (const auth of ['private_key_jwt', 'tls_client_auth'] as const) {
    it(`${auth}: PAR, authorization, code exchange, ID token, enriched consent`, async () => {
      const flow = await consentFlow(auth);
      assert.match(flow.consentId, /^[0-9a-f-]{36}$/);
      assert.equal(flow.accounts.length, 2);
      assert.ok(typeof flow.tokens['refresh_token'] === 'string');
      const jwks = (await client.request('/jwks')).json as unknown as JSONWebKeySet;
      const { payload, protectedHeader } = await jwtVerify(
        String(flow.tokens['id_token']),
        createLocalJWKSet(jwks),
        {
          issuer: sandbox.issuer,
          audience: sandbox.clientIds[auth],
          algorithms: ['PS256'],
        },
      );
      assert.equal(protectedHeader.alg, 'PS256');
      assert.equal(payload['nonce'], flow.nonce);
      // The other sandbox of this process signs with the same key (one per process), but its
      // issuer is its own: it takes no ID token of this one.
      const strictJwks = (await strictClient.request('/jwks')).json as unknown as JSONWebKeySet;
      assert.deepEqual(strictJwks, jwks, 'one platform key per process');
      await assert.rejects(
        jwtVerify(String(flow.tokens['id_token']), createLocalJWKSet(strictJwks), {
          issuer: strict.issuer,
          audience: sandbox.clientIds[auth],
        }),
        (e: unknown) => (e as { claim?: string }).claim === 'iss',
      );
    });
  }

  it('answers balances as a JWS wrapping a JWE that decrypts with the client key', async () => {
    const flow = await consentFlow('private_key_jwt');
    const res = await balances('private_key_jwt', flow, String(flow.tokens['access_token']));
    assert.equal(res.status, 200, res.text);
    assert.match(String(res.headers['content-type']), /^application\/jose/);
    const jwks = createLocalJWKSet(
      (await client.request('/jwks')).json as unknown as JSONWebKeySet,
    );
    const outer = await jwtVerify(res.text, jwks, {
      algorithms: ['PS256'],
      issuer: flow.consentId,
      audience: 'Paynet OFP',
    });
    assert.deepEqual(outer.payload.aud, ['Paynet OFP', flow.dpId]);
    const jwe = String(outer.payload['data']);
    const header = decodeProtectedHeader(jwe);
    assert.equal(header.alg, 'RSA-OAEP-256');
    assert.equal(header.enc, 'A256GCM');
    const { plaintext } = await compactDecrypt(jwe, encryptionKey);
    const inner = await compactVerify(new TextDecoder().decode(plaintext), jwks);
    const data = (
      JSON.parse(new TextDecoder().decode(inner.payload)) as { data: Record<string, unknown> }
    ).data;
    assert.equal(data['account_id'], flow.accounts[0]!.account_id);
    const amount = (data['current_balance'] as { amount: { amount: unknown; currency: unknown } })
      .amount;
    assert.equal(typeof amount.amount, 'string');
    assert.equal(amount.currency, 'MYR');
  });

  it('refuses a missing or wrong x-signature, and data after the consent is revoked', async () => {
    const flow = await consentFlow('tls_client_auth');
    const token = String(flow.tokens['access_token']);
    assert.equal((await balances('tls_client_auth', flow, token, { omit: true })).status, 401);
    const wrongUrl = await balances('tls_client_auth', flow, token, {
      url: 'https://elsewhere.test/v1',
    });
    assert.equal(wrongUrl.status, 401);
    assert.match(String(wrongUrl.json?.['error_description']), /url/);
    assert.equal(
      (await balances('tls_client_auth', flow, token, { qpm: { page_size: '5' } })).status,
      401,
    );
    assert.equal((await balances('tls_client_auth', flow, token)).status, 200);

    const refresh = await client.request('/token', {
      identity: ids.tls_client_auth,
      form: {
        grant_type: 'refresh_token',
        refresh_token: String(flow.tokens['refresh_token']),
        ...(await authForm('tls_client_auth', sandbox)),
      },
    });
    assert.equal(refresh.status, 200, refresh.text);
    assert.equal(
      refresh.json?.['refresh_token'],
      flow.tokens['refresh_token'],
      'refresh tokens are not rotated',
    );
    assert.notEqual(refresh.json?.['access_token'], token);

    const cc = String((await ccToken('tls_client_auth')).json?.['access_token']);
    const revoke = await client.request(`/consents/${flow.consentId}/revoke`, {
      method: 'POST',
      identity: ids.tls_client_auth,
      headers: { authorization: `Bearer ${cc}` },
    });
    assert.equal(revoke.status, 200, revoke.text);
    assert.equal(revoke.json?.['status'], 'revoked');
    const after = await balances('tls_client_auth', flow, String(refresh.json?.['access_token']));
    assert.ok(
      after.status === 401 || after.status === 403,
      `refused after revocation (${after.status})`,
    );
  });
});

describe('refresh tokens', () => {
  /** A refresh with `refreshToken`, by the tls_client_auth client. */
  const refresh = async (refreshToken: unknown) =>
    client.request('/token', {
      identity: ids.tls_client_auth,
      form: {
        grant_type: 'refresh_token',
        refresh_token: String(refreshToken),
        ...(await authForm('tls_client_auth', sandbox)),
      },
    });

  it("live as long as their consent: until its expiration_datetime, not the session's end", async () => {
    const flow = await consentFlow('tls_client_auth');
    const seen = await introspect(String(flow.tokens['refresh_token']), 'tls_client_auth');
    assert.equal(seen.json?.['active'], true, seen.text);
    const details = seen.json?.['authorization_details'] as Array<{
      consent: { expiration_datetime: string };
    }>;
    const consentEnd = Date.parse(details[0]!.consent.expiration_datetime) / 1000;
    assert.ok(consentEnd > Date.now() / 1000 + 100 * 86_400, 'the consent lasts months');
    assert.ok(
      Math.abs(Number(seen.json?.['exp']) - consentEnd) <= 120,
      `refresh token exp ${String(seen.json?.['exp'])} is the consent's end ${consentEnd}`,
    );
  });

  it('refresh-token-test rotates: each refresh returns a new one and consumes the old', async () => {
    sandbox.setMisbehaviour('refresh-token-test');
    try {
      const flow = await consentFlow('tls_client_auth');
      const first = await refresh(flow.tokens['refresh_token']);
      assert.equal(first.status, 200, first.text);
      const rotated = first.json?.['refresh_token'];
      assert.ok(typeof rotated === 'string' && rotated !== flow.tokens['refresh_token']);
      const second = await refresh(rotated);
      assert.equal(second.status, 200, second.text);
      assert.notEqual(second.json?.['refresh_token'], rotated, 'rotated again');
      const reused = await refresh(flow.tokens['refresh_token']);
      assert.equal(reused.status, 400, reused.text);
      assert.equal(reused.json?.['error'], 'invalid_grant');
      assert.match(lastDetail(), /refresh token already used/);
    } finally {
      sandbox.setMisbehaviour('happy-path');
    }
  });
});

describe('store', () => {
  // The 1,100-request version (past oidc-provider's ~1,000-entry LRU) runs in `npm run bench`;
  // test/server/store.test.ts checks the store itself with 5,000 records.
  it('keeps replay records under load: an early assertion is still refused after 40 requests that each add records', async () => {
    const early = {
      grant_type: 'client_credentials',
      scope: 'accounts',
      ...(await authForm('private_key_jwt', sandbox)),
    };
    assert.equal(
      (await client.request('/token', { identity: ids.private_key_jwt, form: early })).status,
      200,
    );
    const before = sandbox.store.size;
    for (let i = 0; i < 40; i++) {
      const res = await ccToken('tls_client_auth');
      assert.equal(res.status, 200);
    }
    assert.ok(
      sandbox.store.size >= before + 40,
      `every request kept its records: ${before} then ${sandbox.store.size}`,
    );
    const replay = await client.request('/token', { identity: ids.private_key_jwt, form: early });
    assert.equal(replay.status, 401, 'the replay record was not evicted');
  });
});
