/**
 * The sandbox refuses a client certificate outside its validity period, as a gateway does: over
 * real mTLS, a certificate of the sandbox's own CA that expired (or is not yet valid) gets 403 with
 * the reason and its dates, the reason is logged, and no part of the sandbox serves the request
 * (before, Node left such a connection unauthorized and the sandbox carried on as if no
 * certificate had come, so the client read only "client authentication failed").
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { issueClientCertificate, SUBJECTS, type Issued } from '../../src/keys/certificates.js';
import { LOCAL_CLIENT_IDS } from '../../src/shared/local-sandbox.js';
import { SANDBOX_REASON_HEADER } from '../../src/shared/log-lines.js';
import { httpRequest, identityFrom, type Identity } from '../helpers/http-client.js';
import { useLocalSandbox } from '../helpers/local-sandbox.js';
import { rsaTestKey } from '../helpers/test-keys.js';

const DAY = 86_400_000;
const local = useLocalSandbox('ofm-certtime-sandbox-');
let ca: string;
const identities: Record<string, Identity> = {};
const notAfter: Record<string, Date> = {};

/**
 * A certificate for the PKI's own tls_client_auth key (only its dates and signer differ from the
 * current one; no new key to make), signed by the CA or by `signer`.
 */
function issue(name: string, from: number, to: number, signer?: string): void {
  const caIssued = {
    pair: { privatePem: signer ?? readFileSync(join(local.pki.paths.dir, 'ca.key'), 'utf8') },
  } as unknown as Issued;
  const validity = { notBefore: new Date(Date.now() + from), notAfter: new Date(Date.now() + to) };
  const key = readFileSync(local.pki.paths.transport.tls_client_auth.key, 'utf8');
  const issued = issueClientCertificate(caIssued, SUBJECTS.tls_client_auth, validity, key);
  identities[name] = { cert: issued.cert, key: issued.pair.privatePem };
  notAfter[name] = validity.notAfter;
}

before(async () => {
  await local.ready();
  ca = readFileSync(local.pki.paths.caCert, 'utf8');
  issue('expired', -400 * DAY, -DAY);
  issue('future', 2 * DAY, 400 * DAY);
  // A key the CA never saw: the run's shared test key (no new key to make).
  issue('strangerExpired', -400 * DAY, -DAY, (await rsaTestKey(2048)).pkcs8);
  const current = local.pki.paths.transport.tls_client_auth;
  identities.current = identityFrom(current.cert, current.key);
});

/** The client-credentials token request of the tls_client_auth client, with `identity`. */
function tokenRequest(identity: Identity) {
  return httpRequest(`${local.sandbox.issuer}/token`, {
    ca,
    identity,
    form: { grant_type: 'client_credentials', client_id: LOCAL_CLIENT_IDS.tls_client_auth },
  });
}

describe('the sandbox and a client certificate out of its time', () => {
  it('serves a current certificate (the control)', async () => {
    const result = await httpRequest(`${local.sandbox.issuer}/.well-known/openid-configuration`, {
      ca,
      identity: identities.current,
    });
    assert.equal(result.status, 200, result.text);
  });

  it('refuses an expired one with 403, its dates, and a log line; no token is issued', async () => {
    const seen = local.logs.length;
    const result = await tokenRequest(identities.expired!);
    assert.equal(result.status, 403, result.text);
    assert.equal(result.json?.['error'], 'access_denied');
    const stamp = `${notAfter.expired!.toISOString().slice(0, 19)}Z`;
    const detail = String(result.json?.['error_description']);
    assert.match(
      detail,
      /^client certificate CN=ofm-postman tls_client_auth client,O=ofm-postman,C=MY expired on /,
    );
    assert.ok(detail.includes(`expired on ${stamp}; it is now `), detail);
    assert.equal(result.headers[SANDBOX_REASON_HEADER], detail);
    assert.equal(result.headers['connection'], 'close');
    assert.equal(result.json?.['access_token'], undefined);
    const logged = local.logs.slice(seen).filter((event) => event['event'] === 'tls.refused');
    assert.equal(logged.length, 1, JSON.stringify(local.logs.slice(seen)));
    assert.equal(logged[0]?.['reason'], 'expired');
    assert.equal(logged[0]?.['not_after'], stamp);
    assert.equal(logged[0]?.['path'], '/token');
    assert.equal(
      local.logs.slice(seen).some((event) => String(event['event']).startsWith('grant')),
      false,
      'oidc-provider never saw the request',
    );
  });

  it('refuses one that is not yet valid', async () => {
    const result = await tokenRequest(identities.future!);
    assert.equal(result.status, 403, result.text);
    assert.match(
      String(result.json?.['error_description']),
      /is not valid before \S+Z; it is now /,
    );
    assert.equal(local.logs.at(-1)?.['reason'], 'not-yet-valid');
  });

  it("refuses an expired certificate of another CA too: its time is judged, not only the CA's trust", async () => {
    const result = await httpRequest(`${local.sandbox.issuer}/.well-known/openid-configuration`, {
      ca,
      identity: identities.strangerExpired,
    });
    assert.equal(result.status, 403, result.text);
    assert.match(String(result.json?.['error_description']), /expired on /);
  });

  it('still serves a request with no certificate (the browser at the authorization endpoint)', async () => {
    const result = await httpRequest(`${local.sandbox.issuer}/.well-known/openid-configuration`, {
      ca,
    });
    assert.equal(result.status, 200, result.text);
  });
});
