import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildClientAssertionClaims,
  parseLifetime,
  readClientAuthSettings,
  resolveAudience,
} from '../../src/shared/client-assertion.js';
import { isOfmError } from '../../src/shared/errors.js';
import { fakePrivateKeyPem } from '../helpers/pem.js';

const complete: Record<string, string> = {
  client_id: 'client-1',
  signing_kid: 'kid-1',
  signing_private_key: fakePrivateKeyPem('AAAA'),
  token_endpoint: 'https://as.ofm.test/token',
  issuer: 'https://as.ofm.test',
};
const reader = (values: Record<string, string>) => (name: string) => values[name];

function throwsCode(fn: () => unknown, code: string): void {
  assert.throws(fn, (e: unknown) => isOfmError(e) && e.code === code, `expected ${code}`);
}

describe('readClientAuthSettings', () => {
  it('defaults to private_key_jwt, the token endpoint as audience and a 600 s lifetime', () => {
    const settings = readClientAuthSettings(reader(complete));
    assert.deepEqual(settings, {
      method: 'private_key_jwt',
      clientId: 'client-1',
      kid: 'kid-1',
      privateKeyPem: complete['signing_private_key'],
      passphrase: '',
      audience: 'https://as.ofm.test/token',
      lifetime: 600,
    });
  });

  it('needs only client_id for tls_client_auth', () => {
    assert.deepEqual(
      readClientAuthSettings(reader({ auth_method: 'tls_client_auth', client_id: ' c ' })),
      {
        method: 'tls_client_auth',
        clientId: 'c',
      },
    );
  });

  it('names the first missing variable', () => {
    for (const name of ['client_id', 'signing_kid', 'signing_private_key']) {
      const values = { ...complete, [name]: '  ' };
      assert.throws(
        () => readClientAuthSettings(reader(values)),
        (e: unknown) =>
          isOfmError(e) && e.code === 'ERR_OFM_VAR_MISSING' && e.message.startsWith(`${name} `),
      );
    }
    throwsCode(
      () => readClientAuthSettings(reader({ ...complete, auth_method: 'nope' })),
      'ERR_OFM_AUTH_METHOD_UNKNOWN',
    );
  });
});

describe('resolveAudience', () => {
  const endpoints = { issuer: 'https://as.ofm.test', tokenEndpoint: 'https://as.ofm.test/token' };
  it('resolves token_endpoint, issuer and explicit URLs', () => {
    assert.equal(resolveAudience(undefined, endpoints), endpoints.tokenEndpoint);
    assert.equal(resolveAudience('token_endpoint', endpoints), endpoints.tokenEndpoint);
    assert.equal(resolveAudience('issuer', endpoints), endpoints.issuer);
    assert.equal(resolveAudience('https://x.ofm.test/a', endpoints), 'https://x.ofm.test/a');
  });
  it('refuses unresolved and non-https audiences', () => {
    throwsCode(
      () => resolveAudience('issuer', { ...endpoints, issuer: '' }),
      'ERR_OFM_AUDIENCE_UNRESOLVED',
    );
    throwsCode(
      () => resolveAudience('token_endpoint', { ...endpoints, tokenEndpoint: '{{x}}' }),
      'ERR_OFM_AUDIENCE_UNRESOLVED',
    );
    throwsCode(() => resolveAudience('http://as.ofm.test', endpoints), 'ERR_OFM_AUDIENCE_INVALID');
    throwsCode(
      () => resolveAudience('token_endpoint', { ...endpoints, tokenEndpoint: 'as/token' }),
      'ERR_OFM_AUDIENCE_INVALID',
    );
  });
});

describe('parseLifetime', () => {
  it('accepts whole seconds from 1 to 3600 and defaults to 600', () => {
    assert.equal(parseLifetime(undefined), 600);
    assert.equal(parseLifetime(' 1 '), 1);
    assert.equal(parseLifetime('3600'), 3600);
    for (const bad of ['0', '3601', '-5', '1.5', '1e3', 'ten']) {
      throwsCode(() => parseLifetime(bad), 'ERR_OFM_LIFETIME_INVALID');
    }
  });
});

describe('buildClientAssertionClaims', () => {
  it('uses whole seconds and iat + lifetime', () => {
    const claims = buildClientAssertionClaims({
      clientId: 'c',
      audience: 'https://as.ofm.test',
      lifetime: 300,
      nowMs: 1_700_000_000_999,
      jti: 'j',
    });
    assert.deepEqual(claims, {
      iss: 'c',
      sub: 'c',
      aud: 'https://as.ofm.test',
      iat: 1_700_000_000,
      exp: 1_700_000_300,
      jti: 'j',
    });
  });
});
