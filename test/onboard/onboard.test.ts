/**
 * `ofm-postman onboard` from the built binary in a fresh Git repository, its kit checked by tools
 * that share no code with it: openssl (CSRs and certificates), jose (JWK import and signatures),
 * and a thumbprint recomputed here from RFC 7638's canonical JSON.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CompactSign, compactVerify, importJWK, type JWK } from 'jose';
import { runCliAsync, type CliResult } from '../helpers/cli.js';

const ROLES = ['transport', 'signing', 'encryption'] as const;
const CLIENT_ID = '5f1d2c3b-8a9e-4b7c-9d6e-1f2a3b4c5d6e';
let root: string;
let kit: string;
let made: CliResult;

function openssl(args: string[]): string {
  return execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function jwks(dir = kit): { keys: JWK[] } {
  return JSON.parse(readFileSync(join(dir, 'public', 'jwks.json'), 'utf8')) as { keys: JWK[] };
}

/** RFC 7638: SHA-256 of {"e","kty","n"} in that order, no whitespace, base64url. */
function thumbprint(jwk: JWK): string {
  const canonical = `{"e":"${jwk.e}","kty":"RSA","n":"${jwk.n}"}`;
  return createHash('sha256').update(canonical).digest('base64url');
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'ofm-onboard-'));
  execFileSync('git', ['init', '-q', root]);
  kit = join(root, 'kit');
  made = await runCliAsync(
    [
      'onboard',
      '--out',
      'kit',
      '--org',
      'Acme Bhd',
      '--org-id',
      'ACME01',
      '--client-id',
      CLIENT_ID,
    ],
    { cwd: root },
  );
});
after(() => rmSync(root, { recursive: true, force: true }));

describe('onboard: the kit', () => {
  it('is written with owner-only keys in a private folder Git ignores', () => {
    assert.equal(made.status, 0, made.stderr);
    assert.match(made.stdout, /created a credential kit/);
    assert.doesNotMatch(made.stdout, /PRIVATE KEY/);
    assert.equal(statSync(join(kit, 'private')).mode & 0o777, 0o700);
    for (const role of ROLES) {
      const key = join(kit, 'private', `${role}.key`);
      assert.equal(statSync(key).mode & 0o777, 0o600, `${role} key is owner-only`);
      assert.equal(createPrivateKey(readFileSync(key)).asymmetricKeyDetails?.modulusLength, 2048);
    }
    assert.equal(readFileSync(join(kit, 'private', '.gitignore'), 'utf8'), '*\n');
    execFileSync('git', ['add', '-A'], { cwd: root });
    const staged = execFileSync('git', ['diff', '--cached', '--name-only'], {
      cwd: root,
      encoding: 'utf8',
    });
    assert.doesNotMatch(staged, /private\//, 'nothing in private/ is staged');
    assert.match(staged, /kit\/public\/signing\.crt/);
  });

  it('puts nothing private into public/', () => {
    for (const name of readdirSync(join(kit, 'public'))) {
      const text = readFileSync(join(kit, 'public', name), 'utf8');
      assert.doesNotMatch(text, /PRIVATE KEY/, name);
    }
    for (const jwk of jwks().keys)
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) assert.ok(!(member in jwk), member);
  });

  it('has CSRs that openssl verifies, SHA-256 signed, with the subject and key usages', () => {
    for (const role of ROLES) {
      const csr = join(kit, 'public', `${role}.csr`);
      const text = openssl(['req', '-in', csr, '-verify', '-noout', '-text']);
      assert.match(text, /Signature Algorithm: sha256WithRSAEncryption/, role);
      assert.match(text, /Subject: C ?= ?MY, O ?= ?Acme Bhd, OU ?= ?ACME01, CN ?= ?5f1d2c3b/, role);
      assert.match(text, /Public-Key: \(2048 bit\)/, role);
      // The CSR's public key is the private key's.
      const fromCsr = openssl(['req', '-in', csr, '-noout', '-pubkey']);
      const fromKey = openssl(['pkey', '-in', join(kit, 'private', `${role}.key`), '-pubout']);
      assert.equal(fromCsr, fromKey, `${role} CSR carries its key`);
    }
  });

  it("has certificates openssl reads with the right subject, 395 days and each role's key usages", () => {
    const usages = {
      transport: [/Digital Signature, Key Encipherment/, /TLS Web Client Authentication/],
      signing: [/critical\s+Digital Signature\s*$/m],
      encryption: [/critical\s+Key Encipherment\s*$/m],
    } as const;
    for (const role of ROLES) {
      const crt = join(kit, 'public', `${role}.crt`);
      const text = openssl([
        'x509',
        '-in',
        crt,
        '-noout',
        '-subject',
        '-issuer',
        '-dates',
        '-ext',
        'keyUsage,extendedKeyUsage,basicConstraints,subjectKeyIdentifier',
      ]);
      assert.match(
        text,
        /subject=C ?= ?MY, O ?= ?Acme Bhd, OU ?= ?ACME01, CN ?= ?5f1d2c3b-8a9e/,
        role,
      );
      for (const usage of usages[role]) assert.match(text, usage, role);
      assert.match(text, /Subject Key Identifier/, `${role} names its key`);
      if (role !== 'transport') assert.doesNotMatch(text, /Client Authentication/, role);
      const cert = new X509Certificate(readFileSync(crt));
      const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
      assert.ok(days >= 395 && days < 396, `${role}: ${days} days`);
      assert.ok(
        cert.checkPrivateKey(createPrivateKey(readFileSync(join(kit, 'private', `${role}.key`)))),
      );
      assert.ok(cert.verify(cert.publicKey), `${role} is self-signed`);
    }
  });

  it('publishes a JWKS jose imports, whose keys verify what the private keys sign', async () => {
    const { keys } = jwks();
    assert.deepEqual(
      keys.map((k) => [k.use, k.alg]),
      [
        ['sig', 'PS256'],
        ['enc', 'RSA-OAEP-256'],
      ],
    );
    const signing = keys[0]!;
    const key = await importJWK(signing, 'PS256');
    const jws = await new CompactSign(new TextEncoder().encode('onboard'))
      .setProtectedHeader({ alg: 'PS256', kid: signing.kid })
      .sign(createPrivateKey(readFileSync(join(kit, 'private', 'signing.key'))));
    const { payload } = await compactVerify(jws, key);
    assert.equal(new TextDecoder().decode(payload), 'onboard');
    await importJWK(keys[1]!, 'RSA-OAEP-256');
  });

  it('gives each JWK a thumbprint kid, x5c and x5t#S256 recomputed independently', () => {
    const manifest = JSON.parse(readFileSync(join(kit, 'kit.json'), 'utf8')) as {
      keys: { role: string; kid: string }[];
    };
    for (const [i, role] of (['signing', 'encryption'] as const).entries()) {
      const jwk = jwks().keys[i]!;
      const pem = readFileSync(join(kit, 'public', `${role}.crt`), 'utf8');
      const der = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
      assert.equal(jwk.kid, thumbprint(jwk), `${role} kid is the RFC 7638 thumbprint`);
      assert.equal(jwk.x5c?.[0], der.toString('base64'));
      assert.equal(jwk['x5t#S256'], createHash('sha256').update(der).digest('base64url'));
      assert.equal(manifest.keys.find((k) => k.role === role)?.kid, jwk.kid);
      // The certificate's key is the JWK's key.
      const spki = openssl([
        'x509',
        '-in',
        join(kit, 'public', `${role}.crt`),
        '-noout',
        '-modulus',
      ]);
      assert.equal(
        spki.trim().split('=')[1],
        Buffer.from(jwk.n!, 'base64url').toString('hex').toUpperCase(),
      );
    }
  });

  it('tells what to send and what never to send', () => {
    const text = readFileSync(join(kit, 'public', 'SEND-TO-PAYNET.txt'), 'utf8');
    assert.match(text, /public\/signing\.crt/);
    assert.match(text, /Never send[\s\S]*private\//);
    assert.match(text, new RegExp(`kid ${jwks().keys[0]!.kid}`));
  });
});

describe('onboard: bad input is refused before anything is written', () => {
  const refusals: [string, string[], RegExp, number][] = [
    [
      'an existing kit',
      ['--out', 'kit', '--org', 'Acme'],
      /^ofm-postman: ERR_OFM_KIT_EXISTS: .*nothing was written.*hint: /,
      2,
    ],
    [
      'a weak --bits',
      ['--out', 'k1', '--org', 'Acme', '--bits', '1024'],
      /ERR_OFM_KIT_POLICY: --bits 1024/,
      2,
    ],
    [
      '--days under 365',
      ['--out', 'k2', '--org', 'Acme', '--days', '364'],
      /ERR_OFM_KIT_POLICY: --days 364/,
      2,
    ],
    [
      'a missing passphrase file',
      ['--out', 'k3', '--org', 'Acme', '--passphrase-file', 'nope.txt'],
      /ERR_OFM_FILE_NOT_FOUND: .*nope\.txt/,
      3,
    ],
    [
      'no --org for paynet',
      ['--out', 'k4'],
      /ERR_OFM_KIT_SUBJECT: --profile paynet needs --org/,
      2,
    ],
    [
      'uae without a UUID client id',
      ['--out', 'k5', '--profile', 'uae', '--org', 'A', '--org-id', 'X', '--client-id', 'abc'],
      /ERR_OFM_KIT_SUBJECT: .*UUID/,
      2,
    ],
    [
      'a subject value that needs escaping',
      ['--out', 'k6', '--subject', '/C=MY/O=A,B/CN=x'],
      /ERR_OFM_KIT_SUBJECT/,
      2,
    ],
    [
      'a kid without a role',
      ['--out', 'k7', '--org', 'Acme', '--kid', 'abc'],
      /ERR_OFM_USAGE: --kid abc does not name a role/,
      2,
    ],
  ];
  for (const [what, args, message, status] of refusals)
    it(`refuses ${what}`, async () => {
      const before = readFileSync(join(kit, 'kit.json'), 'utf8');
      const result = await runCliAsync(['onboard', ...args], { cwd: root });
      assert.equal(result.status, status, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, 'one line');
      assert.equal(readFileSync(join(kit, 'kit.json'), 'utf8'), before, 'the kit is unchanged');
      for (const out of ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'])
        assert.ok(!existsSync(join(root, out)), `${out} not made`);
    });

  it('refuses a kit folder with a foreign file, even with --force', async () => {
    const dir = join(root, 'foreign');
    // A kit of onboard's own: the file's kit, copied (a second one would make three RSA keys).
    cpSync(kit, dir, { recursive: true });
    const before = readFileSync(join(dir, 'kit.json'), 'utf8');
    writeFileSync(join(dir, 'public', 'notes.txt'), 'mine');
    const result = await runCliAsync(['onboard', '--out', 'foreign', '--org', 'Acme', '--force'], {
      cwd: root,
    });
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /ERR_OFM_KIT_FOREIGN_FILE: .*public\/notes\.txt/);
    assert.equal(readFileSync(join(dir, 'kit.json'), 'utf8'), before);
  });
});

describe('onboard: profiles, passphrase and kids', () => {
  it('uae: C=AE, O, OU = organisation ID, CN = client ID; encrypted RSA-3072 keys; chosen kids', async () => {
    const result = await runCliAsync(
      [
        'onboard',
        '--out',
        'uae',
        '--profile',
        'uae',
        '--org',
        'Acme FZ LLC',
        '--org-id',
        'ORG-7',
        '--client-id',
        CLIENT_ID,
        '--kid',
        'signing=acme-sig-1',
        '--kid',
        'encryption=acme-enc-1',
        '--bits',
        '3072',
      ],
      { cwd: root, env: { OFM_KIT_PASSPHRASE: 'correct horse battery' } },
    );
    assert.equal(result.status, 0, result.stderr);
    const dir = join(root, 'uae');
    const subject = openssl([
      'req',
      '-in',
      join(dir, 'public', 'transport.csr'),
      '-noout',
      '-subject',
    ]);
    assert.match(
      subject,
      /subject=C ?= ?AE, O ?= ?Acme FZ LLC, OU ?= ?ORG-7, CN ?= ?5f1d2c3b-8a9e-4b7c-9d6e-1f2a3b4c5d6e/,
    );
    assert.deepEqual(
      jwks(dir).keys.map((k) => k.kid),
      ['acme-sig-1', 'acme-enc-1'],
    );
    const pem = readFileSync(join(dir, 'private', 'signing.key'), 'utf8');
    assert.match(pem, /BEGIN ENCRYPTED PRIVATE/);
    assert.throws(() => createPrivateKey(pem));
    assert.equal(
      createPrivateKey({ key: pem, passphrase: 'correct horse battery' }).asymmetricKeyType,
      'rsa',
    );
    assert.doesNotMatch(result.stdout + result.stderr, /correct horse/);
    const key = createPrivateKey({ key: pem, passphrase: 'correct horse battery' });
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 3072);
  });
});

describe('--kit in the commands that take key files', () => {
  it('fills certs --cert/--key from the kit, and refuses a second source or a folder without a kit', async () => {
    const list = await runCliAsync(
      ['certs', '--kit', 'kit', '--target', 'local', '--out', 'list.json'],
      {
        cwd: root,
      },
    );
    assert.equal(list.status, 0, list.stderr);
    const [entry] = JSON.parse(readFileSync(join(root, 'list.json'), 'utf8')) as {
      cert: { src: string };
      key: { src: string };
    }[];
    assert.equal(entry?.cert.src, join(kit, 'public', 'transport.crt'));
    assert.equal(entry?.key.src, join(kit, 'private', 'transport.key'));
    const twice = await runCliAsync(
      ['certs', '--kit', 'kit', '--target', 'local', '--cert', 'other.crt'],
      {
        cwd: root,
      },
    );
    assert.equal(twice.status, 2);
    assert.match(twice.stderr, /^ofm-postman: ERR_OFM_USAGE: --kit and --cert both name the cert/);
    const none = await runCliAsync(['env', '--kit', 'nowhere', '--target', 'local'], { cwd: root });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /^ofm-postman: ERR_OFM_KIT_INVALID: /);
  });

  it("signs an assertion with the kit's signing key and kid", async () => {
    const result = await runCliAsync(
      [
        'assertion',
        '--kit',
        'kit',
        '--target',
        'local',
        '--client-id',
        'ofm-local-private-key-jwt',
      ],
      { cwd: root },
    );
    assert.equal(result.status, 0, result.stderr);
    const signing = jwks().keys[0]!;
    const { protectedHeader } = await compactVerify(
      result.stdout.trim(),
      await importJWK(signing, 'PS256'),
    );
    assert.equal(protectedHeader.kid, signing.kid);
  });
});
