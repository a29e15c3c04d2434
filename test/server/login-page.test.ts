/**
 * The sandbox's login and consent page (`login: 'manual'`), driven by an HTTP client as a person's
 * browser would: real server on port 0, real mTLS for the back channel, the page's form parsed
 * and posted with its cookies.
 */
import assert from 'node:assert/strict';
import type { KeyObject } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { readPrivateKey, type EnsureKeysResult } from '../../src/keys/test-pki.js';
import { ACCOUNTS, TEST_USER } from '../../src/server/fixtures.js';
import type { RunningSandbox } from '../../src/server/sandbox.js';
import type { AuthMethod } from '../../src/shared/variables.js';
import {
  ASSERTION_TYPE,
  clientAssertion,
  consentDetail,
  FapiClient,
  pkcePair,
  requestObject,
} from '../helpers/fapi-client.js';
import { identityFrom, type Identity } from '../helpers/http-client.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';
import {
  approveInLoginPage,
  deliverRedirect,
  LoginPageBrowser,
  pageError,
  parseForm,
} from '../helpers/login-page.js';

const local = useLocalSandbox('ofm-login-', { login: 'manual', freeLoopback: true });
const logs = local.logs;
let pki: EnsureKeysResult;
let sandbox: RunningSandbox;
let client: FapiClient;
let ca: string;
let signingKey: KeyObject;
const ids: Record<AuthMethod, Identity> = {} as never;
let LOOPBACK_PORT: number;

before(async () => {
  await local.ready();
  ({ pki, sandbox, loopbackPort: LOOPBACK_PORT } = local);
  ca = readFileSync(pki.paths.caCert, 'utf8');
  client = new FapiClient(sandbox.issuer, ca);
  signingKey = await readPrivateKey(pki.paths.signingKey);
  for (const auth of ['private_key_jwt', 'tls_client_auth'] as const) {
    ids[auth] = identityFrom(pki.paths.transport[auth].cert, pki.paths.transport[auth].key);
  }
});

async function authForm(auth: AuthMethod): Promise<Record<string, string>> {
  const clientId = sandbox.clientIds[auth];
  if (auth === 'tls_client_auth') return { client_id: clientId };
  return {
    client_id: clientId,
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: await clientAssertion(clientId, signingKey, {
      aud: sandbox.issuer,
      kid: pki.manifest.signingKid,
    }),
  };
}

interface Pushed {
  authorizationUrl: string;
  state: string;
  verifier: string;
  redirectUri: string;
}

/** PAR as the collection does it; returns the URL a person opens. */
async function pushed(auth: AuthMethod, redirectUri: string): Promise<Pushed> {
  const clientId = sandbox.clientIds[auth];
  const { verifier, challenge } = pkcePair();
  const state = `state-${Math.random().toString(36).slice(2)}`;
  const jar = await requestObject(clientId, signingKey, pki.manifest.signingKid, sandbox.issuer, {
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'openid accounts profile',
    state,
    nonce: `nonce-${state}`,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    max_age: 3600,
    authorization_details: [consentDetail('DP9876543211', sandbox.dcId)],
  });
  const par = await client.request('/request', {
    identity: ids[auth],
    form: { request: jar, ...(await authForm(auth)) },
  });
  assert.equal(par.status, 201, par.text);
  const query = new URLSearchParams({
    client_id: clientId,
    request_uri: String(par.json?.['request_uri']),
  });
  return { authorizationUrl: `${sandbox.issuer}/auth?${query}`, state, verifier, redirectUri };
}

async function exchange(auth: AuthMethod, flow: Pushed, code: string) {
  return client.request('/token', {
    identity: ids[auth],
    form: {
      grant_type: 'authorization_code',
      code,
      redirect_uri: flow.redirectUri,
      code_verifier: flow.verifier,
      ...(await authForm(auth)),
    },
  });
}

/** Opens the authorization URL and returns the login page. */
async function openPage(flow: Pushed) {
  const browser = new LoginPageBrowser({ ca });
  const opened = await browser.follow(flow.authorizationUrl);
  assert.equal(opened.leave, undefined, 'manual login stops at a page');
  assert.equal(opened.page?.status, 200, opened.page?.text);
  return { browser, page: opened.page! };
}

describe('login page', () => {
  it('registers the loopback redirect URI next to the sandbox callback, and announces both', () => {
    assert.deepEqual(sandbox.redirectUris, [
      `${sandbox.issuer}/callback`,
      `http://127.0.0.1:${LOOPBACK_PORT}/callback`,
    ]);
    const ready = logs.find((e) => e['event'] === 'ready');
    assert.equal(ready?.['login'], 'manual');
    assert.deepEqual(ready?.['redirect_uris'], sandbox.redirectUris);
    assert.deepEqual(ready?.['test_user'], {
      username: TEST_USER.username,
      password: TEST_USER.password,
    });
  });

  it('is a self-contained HTML form with a CSRF token, the accounts and Approve / Deny', async () => {
    const { page } = await openPage(await pushed('private_key_jwt', sandbox.redirectUris[0]!));
    assert.match(String(page.headers['content-type']), /^text\/html/);
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(page.headers['cache-control'], 'no-store');
    // A browser sends `Origin: null` under no-referrer, which the Origin check would refuse.
    assert.equal(page.headers['referrer-policy'], 'same-origin');
    assert.doesNotMatch(page.text, /<(script|link|img|iframe)\b/i, 'no script or external asset');
    assert.doesNotMatch(page.text, /(src|href)="https?:/i, 'nothing loaded from elsewhere');
    const form = parseForm(page.text);
    assert.equal(form.method, 'post');
    assert.match(form.action, /^\/interaction\/[A-Za-z0-9_-]+$/);
    const byName = (name: string) => form.fields.filter((f) => f.name === name);
    assert.match(byName('csrf')[0]?.value ?? '', /^[A-Za-z0-9_-]{43}$/);
    assert.equal(byName('password')[0]?.type, 'password');
    assert.deepEqual(
      byName('account').map((f) => f.value),
      ACCOUNTS.map((a) => a.account_id),
    );
    assert.deepEqual(
      byName('decision').map((f) => f.value),
      ['approve', 'deny'],
    );
    assert.match(page.text, /Bank Harimau/, 'names the data provider of dp_id');
  });

  for (const auth of ['private_key_jwt', 'tls_client_auth'] as const) {
    it(`${auth}: log in, share one account, approve: the code reaches the loopback redirect URI and exchanges`, async () => {
      const flow = await pushed(auth, sandbox.redirectUris[1]!);
      const chosen = ACCOUNTS[1]!.account_id;
      const landed = new URL(
        await approveInLoginPage(flow.authorizationUrl, { ca, accounts: [chosen] }),
      );
      assert.equal(`${landed.origin}${landed.pathname}`, flow.redirectUri);
      assert.equal(landed.searchParams.get('state'), flow.state);
      assert.equal(landed.searchParams.get('iss'), sandbox.issuer);
      const code = landed.searchParams.get('code');
      assert.ok(code, `a code in ${landed.search}`);
      const token = await exchange(auth, flow, code);
      assert.equal(token.status, 200, token.text);
      const details = token.json?.['authorization_details'] as Array<{
        consent: { consent_id: string };
        accounts: Array<{ account_id: string }>;
      }>;
      assert.deepEqual(
        details[0]!.accounts.map((a) => a.account_id),
        [chosen],
        'only the ticked account is in the consent',
      );
      assert.deepEqual(
        sandbox.consents.get(details[0]!.consent.consent_id)?.accounts.map((a) => a.account_id),
        [chosen],
      );
      const jwks = (await client.request('/jwks')).json as unknown as JSONWebKeySet;
      const { payload } = await jwtVerify(
        String(token.json?.['id_token']),
        createLocalJWKSet(jwks),
        {
          issuer: sandbox.issuer,
          audience: sandbox.clientIds[auth],
        },
      );
      assert.equal(payload.sub, TEST_USER.accountId);
    });
  }

  it('the last hop reaches a listener at the loopback redirect URI (deliverRedirect)', async () => {
    const seen: string[] = [];
    const listener = createHttpServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/plain' }).end('received');
    });
    await new Promise<void>((resolve) => listener.listen(LOOPBACK_PORT, '127.0.0.1', resolve));
    try {
      const flow = await pushed('tls_client_auth', sandbox.redirectUris[1]!);
      const landed = await approveInLoginPage(flow.authorizationUrl, { ca });
      const delivered = await deliverRedirect(landed);
      assert.deepEqual(delivered, { status: 200, text: 'received' });
      assert.equal(seen.length, 1);
      const query = new URL(seen[0]!, flow.redirectUri).searchParams;
      assert.equal(query.get('state'), flow.state);
      assert.ok(query.get('code'));
    } finally {
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    }
  });

  it('Deny: access_denied with state and iss at the redirect URI, and no code', async () => {
    const flow = await pushed('tls_client_auth', sandbox.redirectUris[0]!);
    const landed = new URL(await approveInLoginPage(flow.authorizationUrl, { ca, deny: true }));
    assert.equal(`${landed.origin}${landed.pathname}`, flow.redirectUri);
    assert.equal(landed.searchParams.get('error'), 'access_denied');
    assert.equal(landed.searchParams.get('state'), flow.state);
    assert.equal(landed.searchParams.get('iss'), sandbox.issuer);
    assert.equal(landed.searchParams.get('code'), null);
  });

  it('a wrong password shows the error on the page and gives no code; the right one then does', async () => {
    const flow = await pushed('private_key_jwt', sandbox.redirectUris[1]!);
    await assert.rejects(
      approveInLoginPage(flow.authorizationUrl, { ca, password: 'not-the-password' }),
      /HTTP 401\): Wrong username or password/,
    );
    const { browser, page } = await openPage(await pushed('private_key_jwt', flow.redirectUri));
    const wrong = await browser.submit(page, {
      username: TEST_USER.username,
      password: `${TEST_USER.password}x`,
      decision: 'approve',
    });
    assert.equal(wrong.leave, undefined, 'no redirect, so no code');
    assert.equal(wrong.page?.status, 401);
    assert.equal(pageError(wrong.page!.text), 'Wrong username or password.');
    assert.ok(!wrong.page!.text.includes(`${TEST_USER.password}x`), 'the password is not echoed');
    assert.ok(logs.some((e) => e['event'] === 'login.failed'));
    const right = await browser.submit(
      { ...wrong.page!, url: page.url },
      { username: TEST_USER.username, password: TEST_USER.password, decision: 'approve' },
    );
    assert.ok(right.leave?.includes('code='), `approved after a retry: ${right.leave}`);
  });

  it('refuses no account, a post without the CSRF token, and one from another origin', async () => {
    const none = await pushed('private_key_jwt', sandbox.redirectUris[0]!);
    await assert.rejects(
      approveInLoginPage(none.authorizationUrl, { ca, accounts: [] }),
      /HTTP 400\): Select at least one account/,
    );
    const flow = await pushed('private_key_jwt', sandbox.redirectUris[0]!);
    const { browser, page } = await openPage(flow);
    const action = new URL(parseForm(page.text).action, page.url).href;
    const credentials = {
      username: TEST_USER.username,
      password: TEST_USER.password,
      decision: 'approve',
    };
    const noToken = await browser.request(action, { form: new URLSearchParams(credentials) });
    assert.equal(noToken.status, 403);
    assert.match(pageError(noToken.text) ?? '', /CSRF/);
    const csrf = parseForm(page.text).fields.find((f) => f.name === 'csrf')!.value;
    const crossSite = await browser.request(action, {
      form: new URLSearchParams({ ...credentials, csrf }),
      origin: 'https://attacker.example',
    });
    assert.equal(crossSite.status, 403);
    const noCookie = await new LoginPageBrowser({ ca }).request(action, {
      form: new URLSearchParams({ ...credentials, csrf }),
    });
    assert.equal(noCookie.status, 400, 'without the interaction cookie the post finds nothing');
    assert.ok(!noCookie.headers['location'], 'and redirects nowhere');
  });

  it('refuses a redirect URI that was not registered (exact match, any other port)', async () => {
    const clientId = sandbox.clientIds.tls_client_auth;
    const { challenge } = pkcePair();
    const jar = await requestObject(clientId, signingKey, pki.manifest.signingKid, sandbox.issuer, {
      response_type: 'code',
      redirect_uri: `http://127.0.0.1:${LOOPBACK_PORT === 65_535 ? 1024 : LOOPBACK_PORT + 1}/callback`,
      scope: 'openid accounts',
      state: 's',
      nonce: 'n',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      authorization_details: [consentDetail('DP9876543210', sandbox.dcId)],
    });
    const par = await client.request('/request', {
      identity: ids.tls_client_auth,
      form: { request: jar, client_id: clientId },
    });
    assert.equal(par.status, 400, par.text);
    assert.match(String(par.json?.['error_description']), /redirect_uri/);
  });
});
