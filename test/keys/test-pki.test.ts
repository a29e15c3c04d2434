import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { calculateJwkThumbprint, exportJWK, type JWK } from 'jose';
import { ensureTestKeys, PKI_FILES } from '../../src/keys/test-pki.js';
import { isOfmError } from '../../src/shared/errors.js';
import { testPki } from '../helpers/shared-pki.js';

const root = mkdtempSync(join(tmpdir(), 'ofm-pki-'));
after(() => rmSync(root, { recursive: true, force: true }));

function cert(path: string): X509Certificate {
  return new X509Certificate(readFileSync(path));
}

describe('ensureTestKeys', () => {
  it('creates a complete, owner-only PKI whose certificates chain to the CA', async () => {
    const dir = join(root, 'a');
    const now = new Date();
    const { paths, manifest, created } = await ensureTestKeys({ dir, now });
    assert.equal(created, true);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    for (const key of [
      paths.serverKey,
      paths.signingKey,
      paths.encryptionKey,
      paths.transport.tls_client_auth.key,
      join(dir, PKI_FILES.caKey),
    ]) {
      assert.equal(statSync(key).mode & 0o777, 0o600, `${key} is owner-only`);
      assert.equal(createPrivateKey(readFileSync(key)).asymmetricKeyDetails?.modulusLength, 2048);
    }
    const ca = cert(paths.caCert);
    assert.equal(ca.ca, true);
    const server = cert(paths.serverCert);
    assert.ok(
      server.checkIssued(ca) && server.verify(ca.publicKey),
      'server certificate issued by the CA',
    );
    assert.equal(server.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1');
    assert.ok(server.checkHost('localhost') && server.checkIP('127.0.0.1'));
    const minimum = now.getTime() + 365 * 86_400_000;
    for (const path of [
      paths.serverCert,
      paths.transport.private_key_jwt.cert,
      paths.transport.tls_client_auth.cert,
      paths.signingCert,
      paths.encryptionCert,
    ]) {
      const c = cert(path);
      assert.ok(c.verify(ca.publicKey), `${path} verifies`);
      assert.ok(new Date(c.validTo).getTime() >= minimum, `${path} is valid for 12 months or more`);
    }
    assert.deepEqual(cert(paths.transport.tls_client_auth.cert).keyUsage, ['1.3.6.1.5.5.7.3.2']);
    assert.equal(
      manifest.transportSubjects.tls_client_auth,
      'CN=ofm-postman tls_client_auth client,O=ofm-postman,C=MY',
    );

    const jwks = JSON.parse(readFileSync(paths.jwks, 'utf8')) as { keys: JWK[] };
    assert.deepEqual(
      jwks.keys.map((k) => k.use),
      ['sig', 'enc'],
    );
    const pairs: Array<[JWK, string, string]> = [
      [jwks.keys[0]!, paths.signingKey, paths.signingCert],
      [jwks.keys[1]!, paths.encryptionKey, paths.encryptionCert],
    ];
    for (const [jwk, keyPath, certPath] of pairs) {
      assert.equal(jwk.d, undefined, 'the JWKS is public');
      const expected = await exportJWK(createPublicKey(createPrivateKey(readFileSync(keyPath))));
      assert.equal(
        jwk.kid,
        await calculateJwkThumbprint(expected, 'sha256'),
        'kid is the RFC 7638 thumbprint',
      );
      assert.equal(jwk.n, expected.n);
      assert.equal(jwk.x5c?.[0], cert(certPath).raw.toString('base64'));
    }
    assert.equal(manifest.signingKid, jwks.keys[0]!.kid);
  });

  it('reuses an existing set, refuses a partial one, and replaces it only with force', async () => {
    const dir = join(root, 'b');
    // An existing set: the run's shared one, copied (the test above creates one).
    const first = await testPki(dir);
    const before = readFileSync(first.paths.signingKey, 'utf8');
    const second = await ensureTestKeys({ dir });
    assert.equal(second.created, false);
    assert.equal(readFileSync(first.paths.signingKey, 'utf8'), before);

    unlinkSync(first.paths.serverCert);
    await assert.rejects(
      ensureTestKeys({ dir }),
      (e: unknown) => isOfmError(e) && e.code === 'ERR_OFM_KEYS_INCOMPLETE',
    );
    assert.equal(readFileSync(first.paths.signingKey, 'utf8'), before, 'nothing was overwritten');

    const forced = await ensureTestKeys({ dir, force: true });
    assert.equal(forced.created, true);
    assert.notEqual(readFileSync(first.paths.signingKey, 'utf8'), before);
  });

  it('makes RSA-3072 keys on request and refuses other sizes', async () => {
    const { paths, manifest } = await ensureTestKeys({ dir: join(root, 'c'), bits: 3072 });
    assert.equal(manifest.bits, 3072);
    assert.equal(
      createPrivateKey(readFileSync(paths.signingKey)).asymmetricKeyDetails?.modulusLength,
      3072,
    );
    await assert.rejects(
      ensureTestKeys({ dir: join(root, 'd'), bits: 1024 }),
      (e: unknown) => isOfmError(e) && e.code === 'ERR_OFM_USAGE',
    );
  });
});
