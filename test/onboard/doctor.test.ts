/**
 * `ofm-postman doctor` from the built binary: a healthy kit, then one broken copy per mistake a
 * team makes (each must be found with its code and exit 1), the published JWKS served over real
 * TLS on 127.0.0.1, and an unreachable --jwks-uri (exit 3, nothing compared).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JWK } from 'jose';
import { issueKitKey } from '../../src/keys/kit/issue.js';
import { makeKit } from '../../src/keys/kit/make-kit.js';
import { subjectFor } from '../../src/keys/kit/subject.js';
import { errorCodeOf, runCliAsync } from '../helpers/cli.js';
import { testPki } from '../helpers/shared-pki.js';

let root: string;
let kit: string;
let server: Server;
let served: string;
let origin: string;
let ca: string;

interface Report {
  healthy: boolean;
  findings: { level: string; code: string; subject: string; message: string }[];
}

async function doctor(args: string[]) {
  const result = await runCliAsync(['doctor', '--json', ...args], { cwd: root });
  return { ...result, report: result.stdout ? (JSON.parse(result.stdout) as Report) : undefined };
}

function codes(report: Report | undefined, level: string): string[] {
  return (report?.findings ?? []).filter((f) => f.level === level).map((f) => f.code);
}

/** A copy of the kit to break. */
function copyKit(name: string): string {
  const dir = join(root, name);
  cpSync(kit, dir, { recursive: true });
  return dir;
}

const jwksOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'public', 'jwks.json'), 'utf8')) as { keys: JWK[] };

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'ofm-doctor-'));
  kit = join(root, 'kit');
  await makeKit({
    dir: kit,
    profile: 'paynet',
    subject: { org: 'Acme Bhd' },
    bits: 2048,
    days: 395,
    kids: {},
    passphrase: '',
    force: false,
  });
  const pki = await testPki(join(root, 'pki'));
  ca = pki.paths.caCert;
  served = JSON.stringify(jwksOf(kit));
  server = createServer(
    { cert: readFileSync(pki.paths.serverCert), key: readFileSync(pki.paths.serverKey) },
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(served);
    },
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise((done) => server.close(done));
  rmSync(root, { recursive: true, force: true });
});

describe('doctor', () => {
  it('finds a fresh kit healthy (exit 0) and prints nothing of a private key', async () => {
    const result = await doctor(['--kit', 'kit']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.report?.healthy, true);
    for (const code of [
      'CERT_KEY_MATCH',
      'KEY_SIZE',
      'CERT_VALID',
      'KEY_USAGE',
      'SIGNING_KID_IN_JWKS',
      'JWK_MATCHES',
    ])
      assert.ok(codes(result.report, 'ok').includes(code), code);
    const key = readFileSync(join(kit, 'private', 'signing.key'), 'utf8').split('\n')[1]!;
    const text = await runCliAsync(['doctor', '--kit', 'kit'], { cwd: root });
    assert.match(text.stdout, /^doctor: healthy: 15 ok, 0 info, 0 warnings, 0 failures$/m);
    for (const output of [result.stdout, text.stdout]) {
      assert.ok(!output.includes(key.slice(0, 40)));
      assert.doesNotMatch(output, /PRIVATE KEY/);
    }
  });

  it('finds a certificate that does not belong to its key', async () => {
    const dir = copyKit('mismatch');
    cpSync(join(dir, 'private', 'encryption.key'), join(dir, 'private', 'signing.key'));
    const result = await doctor(['--kit', 'mismatch']);
    assert.equal(result.status, 1);
    assert.deepEqual(codes(result.report, 'fail'), ['CERT_KEY_MISMATCH']);
  });

  it('finds a signing kid that is not in the JWKS, and a JWKS without the encryption key', async () => {
    const jwks = jwksOf(kit);
    writeFileSync(join(root, 'sig-only.json'), JSON.stringify({ keys: [jwks.keys[0]] }));
    const files = [
      '--signing-key',
      'kit/private/signing.key',
      '--signing-cert',
      'kit/public/signing.crt',
    ];
    const wrongKid = await doctor([...files, '--jwks', 'sig-only.json', '--kid', 'not-the-kid']);
    assert.equal(wrongKid.status, 1);
    assert.ok(codes(wrongKid.report, 'fail').includes('SIGNING_KID_NOT_IN_JWKS'));
    assert.ok(codes(wrongKid.report, 'fail').includes('JWKS_NO_ENCRYPTION_KEY'));
    const encKid = await doctor([
      ...files,
      '--jwks',
      'kit/public/jwks.json',
      '--kid',
      jwks.keys[1]!.kid!,
    ]);
    assert.equal(encKid.status, 1);
    assert.ok(
      codes(encKid.report, 'fail').includes('JWK_WRONG_KEY'),
      JSON.stringify(encKid.report),
    );
  });

  it('finds an x5c and an x5t#S256 that are not the certificate', async () => {
    const dir = copyKit('x5c');
    const jwks = jwksOf(dir);
    jwks.keys[0]!.x5c = jwks.keys[1]!.x5c;
    writeFileSync(join(dir, 'public', 'jwks.json'), JSON.stringify(jwks));
    assert.deepEqual(codes((await doctor(['--kit', 'x5c'])).report, 'fail'), ['X5C_MISMATCH']);
    jwks.keys[0]!.x5c = jwksOf(kit).keys[0]!.x5c;
    jwks.keys[0]!['x5t#S256'] = jwks.keys[1]!['x5t#S256'];
    writeFileSync(join(dir, 'public', 'jwks.json'), JSON.stringify(jwks));
    assert.deepEqual(codes((await doctor(['--kit', 'x5c'])).report, 'fail'), ['X5T_MISMATCH']);
  });

  it('warns of a certificate expiring within --warn-days, and fails one issued for under 12 months', async () => {
    const soon = await doctor(['--kit', 'kit', '--warn-days', '400']);
    assert.equal(soon.status, 1);
    assert.deepEqual(codes(soon.report, 'warn'), [
      'CERT_EXPIRES_SOON',
      'CERT_EXPIRES_SOON',
      'CERT_EXPIRES_SOON',
    ]);
    const short = await issueKitKey({
      role: 'signing',
      bits: 2048,
      days: 30,
      subject: subjectFor('paynet', { org: 'Acme' }),
      now: new Date(),
    });
    writeFileSync(join(root, 'short.crt'), short.cert);
    const result = await doctor(['--signing-cert', 'short.crt', '--warn-days', '0']);
    assert.equal(result.status, 1);
    assert.deepEqual(codes(result.report, 'fail'), ['CERT_SHORT_VALIDITY']);
  });

  it('finds a key file others can read', async () => {
    const dir = copyKit('exposed');
    const { chmodSync } = await import('node:fs');
    chmodSync(join(dir, 'private', 'transport.key'), 0o644);
    assert.deepEqual(codes((await doctor(['--kit', 'exposed'])).report, 'fail'), ['KEY_EXPOSED']);
  });

  it('compares the JWKS published at --jwks-uri (over --ca)', async () => {
    const same = await doctor(['--kit', 'kit', '--jwks-uri', `${origin}/jwks`, '--ca', ca]);
    assert.equal(same.status, 0, same.stderr);
    assert.deepEqual(
      codes(same.report, 'ok').filter((c) => c.startsWith('PUBLISHED')),
      ['PUBLISHED_MATCHES', 'PUBLISHED_MATCHES'],
    );
    served = JSON.stringify({ keys: [jwksOf(kit).keys[0]] });
    const missing = await doctor(['--kit', 'kit', '--jwks-uri', `${origin}/jwks`, '--ca', ca]);
    served = JSON.stringify(jwksOf(kit));
    assert.equal(missing.status, 1);
    assert.deepEqual(codes(missing.report, 'fail'), ['PUBLISHED_MISSING_KEY']);
  });

  it('stops on an unreachable --jwks-uri (exit 3) and on a kit with a foreign file (exit 2)', async () => {
    const closed = await doctor(['--kit', 'kit', '--jwks-uri', 'https://127.0.0.1:1/jwks']);
    assert.equal(closed.status, 3);
    assert.equal(errorCodeOf(closed), 'ERR_OFM_JWKS_UNREACHABLE');
    assert.equal(closed.stdout, '', 'nothing reported');
    const plain = await doctor(['--kit', 'kit', '--jwks-uri', 'http://127.0.0.1:1/jwks']);
    assert.equal(plain.status, 2);
    assert.equal(errorCodeOf(plain), 'ERR_OFM_USAGE');
    const dir = copyKit('foreign');
    writeFileSync(join(dir, 'public', 'signing.key'), 'a key in public/');
    const foreign = await doctor(['--kit', 'foreign']);
    assert.equal(foreign.status, 2);
    assert.equal(errorCodeOf(foreign), 'ERR_OFM_KIT_FOREIGN_FILE');
  });
});

describe('doctor --environment', () => {
  function environment(name: string, kid: string): string {
    const pem = (role: string) => readFileSync(join(kit, 'private', `${role}.key`), 'utf8');
    const values = {
      signing_private_key: pem('signing'),
      signing_kid: kid,
      encryption_private_key: pem('encryption'),
    };
    const file = join(root, name);
    writeFileSync(
      file,
      JSON.stringify({
        name,
        values: Object.entries(values).map(([key, value]) => ({ key, value })),
      }),
    );
    return name;
  }

  it('checks the keys and kid an environment uses against a JWKS, printing none of them', async () => {
    const kid = jwksOf(kit).keys[0]!.kid!;
    const good = await doctor([
      '--environment',
      environment('env.json', kid),
      '--jwks',
      'kit/public/jwks.json',
      '--signing-cert',
      'kit/public/signing.crt',
    ]);
    assert.equal(good.status, 0, good.stdout);
    assert.ok(codes(good.report, 'ok').includes('SIGNING_KID_IN_JWKS'));
    assert.ok(
      codes(good.report, 'info').includes('CERT_NOT_CHECKED'),
      'the encryption key came without its certificate',
    );
    assert.doesNotMatch(good.stdout, /PRIVATE KEY/);
    const bad = await doctor([
      '--environment',
      environment('wrong-kid.json', 'not-published'),
      '--jwks',
      'kit/public/jwks.json',
    ]);
    assert.equal(bad.status, 1);
    assert.ok(codes(bad.report, 'fail').includes('SIGNING_KID_NOT_IN_JWKS'));
  });
});
