/** Every CLI command through the binary: results, files, exit codes and one-line errors. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import {
  copyFileSync,
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
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { collectionFileName } from '../../src/builder/collection.js';
import { testPki } from '../helpers/shared-pki.js';
import { errorCodeOf, runCliAsync } from '../helpers/cli.js';
import { filesUnder } from '../helpers/tree.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { PRIVATE_KEY_LABEL, privateKeyBeginLine } from '../helpers/pem.js';
import { rsaTestKey, type TestKey } from '../helpers/test-keys.js';

let dir: string;
let key: TestKey;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ofm-cli-'));
  key = await rsaTestKey(2048);
  writeFileSync(join(dir, 'signing.key'), key.pkcs8);
  writeFileSync(join(dir, 'encrypted.key'), key.encryptedPkcs8);
  writeFileSync(join(dir, 'passphrase.txt'), `${key.passphrase}\n`);
  writeFileSync(join(dir, 'wrong.txt'), 'wrong\n');
  writeFileSync(
    join(dir, 'weak.key'),
    generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }),
  );
  writeFileSync(join(dir, 'public.pem'), key.publicKey.export({ type: 'spki', format: 'pem' }));
  // A real client certificate and its key: assertion --curl and certs check that they belong together.
  const pki = await testPki(join(dir, 'pki'));
  copyFileSync(pki.paths.transport.private_key_jwt.cert, join(dir, 'transport.crt'));
  copyFileSync(pki.paths.transport.private_key_jwt.key, join(dir, 'transport.key'));
  writeFileSync(
    join(dir, 'discovery.json'),
    JSON.stringify({
      issuer: 'https://as.partner.test',
      authorization_endpoint: 'https://as.partner.test/authorize',
      token_endpoint: 'https://as.partner.test/token',
      pushed_authorization_request_endpoint: 'https://as.partner.test/par',
      jwks_uri: 'https://keys.partner.test/jwks.json',
      token_endpoint_auth_methods_supported: ['private_key_jwt', 'tls_client_auth'],
      mtls_endpoint_aliases: { token_endpoint: 'https://mtls.partner.test/token' },
    }),
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('generate', () => {
  it('writes exactly the committed collections and environments', async () => {
    const out = join(dir, 'gen');
    const result = await runCliAsync(['generate', '--out', out]);
    assert.equal(result.status, 0, result.stderr);
    for (const sub of ['collections', 'environments']) {
      const files = readdirSync(join(out, sub)).sort();
      // collections/bruno/: only with --format bruno (below).
      const committed = readdirSync(join(REPO_ROOT, sub)).filter((f) => f !== 'bruno');
      assert.deepEqual(files, committed.sort());
      for (const file of files) {
        assert.ok(
          readFileSync(join(out, sub, file), 'utf8') ===
            readFileSync(join(REPO_ROOT, sub, file), 'utf8'),
          `${sub}/${file}`,
        );
      }
    }
  });

  it('--format bruno writes exactly the committed Bruno collection folders', async () => {
    const out = join(dir, 'gen-bruno');
    const result = await runCliAsync(['generate', '--format', 'bruno', '--out', out]);
    assert.equal(result.status, 0, result.stderr);
    const bruno = join('collections', 'bruno');
    assert.deepEqual(filesUnder(join(out, bruno)), filesUnder(join(REPO_ROOT, bruno)));
    for (const file of filesUnder(join(out, bruno))) {
      assert.ok(
        readFileSync(join(out, bruno, file), 'utf8') ===
          readFileSync(join(REPO_ROOT, bruno, file), 'utf8'),
        `${bruno}/${file}`,
      );
    }
    assert.deepEqual(
      readdirSync(join(out, 'collections')),
      ['bruno'],
      'no Postman collection with --format bruno',
    );
  });

  it('takes endpoints from a discovery document, mTLS aliases first', async () => {
    const out = join(dir, 'disc');
    const result = await runCliAsync([
      'generate',
      '--target',
      'partner',
      '--discovery',
      join(dir, 'discovery.json'),
      '--auth',
      'private_key_jwt',
      '--no-collections',
      '--out',
      out,
    ]);
    assert.equal(result.status, 0, result.stderr);
    const env = JSON.parse(
      readFileSync(
        join(out, 'environments', 'partner.private_key_jwt.postman_environment.json'),
        'utf8',
      ),
    ) as {
      values: Array<{ key: string; value: string }>;
    };
    const get = (k: string) => env.values.find((v) => v.key === k)?.value;
    assert.equal(get('issuer'), 'https://as.partner.test');
    assert.equal(get('token_endpoint'), 'https://mtls.partner.test/token');
    assert.equal(get('authorization_endpoint'), 'https://as.partner.test/authorize');
    assert.equal(get('rs_base_url'), 'https://as.partner.test');
    assert.equal(readdirSync(out).includes('collections'), false);
  });

  it('points the local target at another port with --local-url', async () => {
    const out = join(dir, 'local');
    assert.equal(
      (
        await runCliAsync([
          'generate',
          '--target',
          'local',
          '--local-url',
          'https://127.0.0.1:9443',
          '--no-collections',
          '--out',
          out,
        ])
      ).status,
      0,
    );
    const text = readFileSync(
      join(out, 'environments', 'local.tls_client_auth.postman_environment.json'),
      'utf8',
    );
    assert.match(text, /"https:\/\/127\.0\.0\.1:9443\/token"/);
  });

  it('run --clock-skew takes auto, off or seconds, and refuses anything else with one coded line', async () => {
    const result = await runCliAsync([
      'run',
      '--auth',
      'private_key_jwt',
      '--target',
      'local',
      '--clock-skew',
      'soon',
    ]);
    // The line names the flag the user typed, not the Postman variable it sets.
    assert.equal(errorCodeOf(result), 'ERR_OFM_USAGE');
    assert.match(
      result.stderr,
      /--clock-skew "soon" is not auto, off or a whole number of seconds/,
    );
  });

  it('refuses bad arguments with one coded line', async () => {
    const cases: Array<[string[], string, number]> = [
      [['generate', '--auth', 'nope'], 'ERR_OFM_USAGE', 2],
      [['generate', '--target', 'bogus'], 'ERR_OFM_USAGE', 2],
      [['generate', '--discovery', join(dir, 'discovery.json')], 'ERR_OFM_USAGE', 2],
      [
        ['generate', '--target', 'x', '--discovery', join(dir, 'missing.json')],
        'ERR_OFM_FILE_NOT_FOUND',
        3,
      ],
      [
        ['generate', '--target', 'x', '--discovery', join(dir, 'signing.key')],
        'ERR_OFM_DISCOVERY_INVALID',
        2,
      ],
      [
        [
          'generate',
          '--target',
          'x',
          '--discovery',
          'https://127.0.0.1:1/.well-known/openid-configuration',
        ],
        'ERR_OFM_DISCOVERY_UNREACHABLE',
        3,
      ],
      [['generate', '--bogus'], 'ERR_OFM_USAGE', 2],
    ];
    for (const [args, code, status] of cases) {
      const result = await runCliAsync(args, { cwd: dir });
      assert.equal(result.status, status, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(errorCodeOf(result), code, args.join(' '));
    }
  });
});

describe('env --format bruno', () => {
  it("writes the collection folder's .env owner-only, git-ignored, PEMs on one line each", async () => {
    const folder = join(dir, 'bruno-folder');
    const gen = await runCliAsync(['generate', '--format', 'bruno', '--out', folder]);
    assert.equal(gen.status, 0, gen.stderr);
    const collection = join(folder, 'collections', 'bruno', 'paynet-ofp.private_key_jwt');
    const common = ['env', '--format', 'bruno', '--target', 'paynet-sandbox', '--client-id', 'c1'];
    // The client certificate is checked (a certificate, current): the test PKI's transport pair.
    const keys = [
      '--signing-key',
      'signing.key',
      '--cert',
      'transport.crt',
      '--key',
      'transport.key',
    ];
    const result = await runCliAsync([...common, ...keys, '--out', collection], { cwd: dir });
    assert.equal(result.status, 0, result.stderr);
    const path = join(collection, '.env');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    assert.deepEqual(
      lines.map((l) => l.slice(0, l.indexOf('='))),
      ['signing_private_key', 'OFM_MTLS_DOMAIN', 'OFM_CLIENT_CERT', 'OFM_CLIENT_KEY'],
    );
    assert.ok(lines[0]!.startsWith(`signing_private_key="${privateKeyBeginLine()}\\n`));
    assert.equal(lines[1], 'OFM_MTLS_DOMAIN="*.sandbox.mya.ozoneapi.io"');
    assert.equal(lines[2], `OFM_CLIENT_CERT="${join(dir, 'transport.crt')}"`);
    assert.match(readFileSync(join(collection, '.gitignore'), 'utf8'), /^\.env$/m);
    // client_id and signing_kid go where the Postman environment keeps them: the environment, as
    // plain values; no --env-var is needed.
    const environment = join(collection, 'environments', 'paynet-sandbox.bru');
    const text = readFileSync(environment, 'utf8');
    assert.match(text, /^ {2}client_id: c1$/m);
    assert.match(text, new RegExp(`^ {2}signing_kid: ${key.kid}$`, 'm'));
    assert.doesNotMatch(text, /PRIVATE KEY/);
    assert.equal(statSync(environment).mode & 0o777, 0o644);
    assert.doesNotMatch(result.stdout, /--env-var/);
    assert.match(result.stdout, /bru run --env paynet-sandbox/);
    for (const [args, why] of [
      [[...common, ...keys], 'no --out'],
      [[...common, ...keys, '--out', dir], 'no bruno.json'],
      [
        [...common, '--signing-key', 'signing.key', '--cert', 'transport.crt', '--out', collection],
        '--cert alone',
      ],
    ] as const) {
      const refused = await runCliAsync([...args], { cwd: dir });
      assert.equal(refused.status, 2, why);
      assert.equal(errorCodeOf(refused), 'ERR_OFM_USAGE', why);
    }
  });

  it('fills environments/<target>.bru in place: ours stays ours, a person’s edits stay', async () => {
    const out = join(dir, 'bruno-fill');
    const generate = ['generate', '--format', 'bruno', '--target', 'local', '--out', out];
    assert.equal((await runCliAsync(generate)).status, 0);
    const folder = join(out, 'collections', 'bruno', 'paynet-ofp.private_key_jwt');
    const path = join(folder, 'environments', 'local.bru');
    const env = (...more: string[]) =>
      runCliAsync(
        ['env', '--format', 'bruno', '--target', 'local', '--signing-key', 'signing.key'].concat(
          ['--out', folder, '--local-url', 'https://127.0.0.1:9443'],
          more,
        ),
        { cwd: dir },
      );
    assert.equal((await env()).status, 0);
    const filled = readFileSync(path, 'utf8');
    assert.match(filled, /^ {2}client_id: ofm-local-private-key-jwt$/m);
    assert.match(filled, /^ {2}token_endpoint: https:\/\/127\.0\.0\.1:9443\/token$/m);
    // Filled by us in a file we wrote: generate and env again (the recipe run twice) both work.
    assert.equal((await runCliAsync(generate)).status, 0, 'generate replaces its own again');
    assert.match(readFileSync(path, 'utf8'), /^ {2}signing_kid: \S+$/m, 'env’s value kept');
    assert.equal((await env()).status, 0);
    assert.equal(readFileSync(path, 'utf8'), filled);

    // A person's edit (in the app's Environment Settings) survives env, and generate keeps it.
    writeFileSync(path, filled.replace(/^ {2}consent_purpose: .*$/m, '  consent_purpose: mine'));
    assert.equal((await env('--kid', 'k2')).status, 0);
    const edited = readFileSync(path, 'utf8');
    assert.match(edited, /^ {2}consent_purpose: mine$/m);
    assert.match(edited, /^ {2}signing_kid: k2$/m);
    const kept = await runCliAsync(generate);
    assert.equal(kept.status, 2, kept.stderr);
    assert.equal(errorCodeOf(kept), 'ERR_OFM_FILE_EXISTS');
    assert.equal(readFileSync(path, 'utf8'), edited);

    // The other auth method's environment, or a file that is no environment: nothing written.
    const dotenv = readFileSync(join(folder, '.env'), 'utf8');
    const other = await env('--auth', 'tls_client_auth');
    assert.equal(other.status, 2, other.stderr);
    assert.equal(errorCodeOf(other), 'ERR_OFM_AUTH_MISMATCH');
    writeFileSync(path, 'vars {\n  broken');
    const broken = await env('--client-id', 'ofm-local-private-key-jwt');
    assert.equal(broken.status, 2, broken.stderr);
    assert.equal(errorCodeOf(broken), 'ERR_OFM_FILE_INVALID');
    assert.equal(readFileSync(path, 'utf8'), 'vars {\n  broken');
    assert.equal(readFileSync(join(folder, '.env'), 'utf8'), dotenv);
    assert.equal((await env('--force')).status, 0);
    assert.match(readFileSync(path, 'utf8'), /^ {2}client_id: ofm-local-private-key-jwt$/m);
  });
});

describe('env', () => {
  it('writes an owner-only private environment with the secrets and the thumbprint kid', async () => {
    const result = await runCliAsync(
      [
        'env',
        '--target',
        'paynet-sandbox',
        '--client-id',
        'client-env',
        '--signing-key',
        'encrypted.key',
        '--passphrase-file',
        'passphrase.txt',
        '--encryption-key',
        'encrypted.key',
        '--print-env-vars',
      ],
      { cwd: dir, env: { OFM_ENCRYPTION_KEY_PASSPHRASE: key.passphrase } },
    );
    assert.equal(result.status, 0, result.stderr);
    const path = join(
      dir,
      '.ofm',
      'env',
      'paynet-sandbox.private_key_jwt.private.postman_environment.json',
    );
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, '.ofm', 'env')).mode & 0o777, 0o700);
    const env = JSON.parse(readFileSync(path, 'utf8')) as {
      values: Array<{ key: string; value: string; type: string }>;
    };
    const get = (k: string) => env.values.find((v) => v.key === k);
    assert.equal(get('client_id')?.value, 'client-env');
    assert.equal(get('signing_kid')?.value, key.kid);
    assert.equal(get('signing_private_key')?.value, key.encryptedPkcs8);
    assert.equal(get('signing_private_key')?.type, 'secret');
    assert.equal(get('signing_key_passphrase')?.value, key.passphrase);
    assert.equal(get('encryption_private_key')?.value, key.encryptedPkcs8);
    assert.equal(get('encryption_key_passphrase')?.value, key.passphrase);
    assert.match(result.stdout, /--env-var "client_id=client-env"/);
    // The CI form names the process environment variables run reads; no secret is a flag.
    for (const name of [
      'OFM_SIGNING_KEY_FILE',
      'OFM_SIGNING_PRIVATE_KEY',
      'OFM_SIGNING_KEY_PASSPHRASE',
      'OFM_ENCRYPTION_KEY_FILE',
      'OFM_ENCRYPTION_PRIVATE_KEY',
      'OFM_ENCRYPTION_KEY_PASSPHRASE',
    ])
      assert.match(result.stdout, new RegExp(`^#.*${name}=`, 'm'), name);
    const flags = result.stdout.split('\n').filter((line) => !line.startsWith('#'));
    assert.ok(
      !flags.some((line) => /_private_key=|_passphrase=|\$OFM/.test(line)),
      `no secret among the flags:\n${flags.join('\n')}`,
    );
    assert.ok(!result.stdout.includes(key.passphrase), 'the passphrase is not printed');
    assert.ok(!result.stdout.includes(`${PRIVATE_KEY_LABEL}-----`), 'the key is not printed');
  });

  it('refuses keys only Node can read with the complete conversion command, which works', async () => {
    const files = {
      // Legacy PEM encryption, what `openssl genrsa -aes256` wrote before OpenSSL 3.
      'legacy.key': [
        key.privateKey.export({
          type: 'pkcs1',
          format: 'pem',
          cipher: 'aes-256-cbc',
          passphrase: key.passphrase,
        }) as string,
        /legacy PEM encryption \(Proc-Type: 4,ENCRYPTED\)/,
      ],
      // Encrypted PKCS#8, but with 3DES: Node reads it, the script's AES-only PBES2 does not.
      'des3.key': [
        key.privateKey.export({
          type: 'pkcs8',
          format: 'pem',
          cipher: 'des-ede3-cbc',
          passphrase: key.passphrase,
        }) as string,
        /uses a cipher other than AES-CBC/,
      ],
    } as const;
    for (const [file, [pem, why]] of Object.entries(files)) {
      writeFileSync(join(dir, file), pem);
      const refused = await runCliAsync(
        ['env', '--target', 'local', '--signing-key', file, '--passphrase-file', 'passphrase.txt'],
        { cwd: dir },
      );
      assert.equal(refused.status, 2, refused.stderr);
      assert.equal(errorCodeOf(refused), 'ERR_OFM_KEY_UNSUPPORTED');
      assert.match(refused.stderr, why);
      const base = file.replace('.key', '');
      assert.match(refused.stderr, new RegExp(`-in ${base}\\.key -out ${base}\\.pkcs8\\.key`));
      assert.ok(!refused.stderr.includes(key.passphrase), 'no passphrase in the message');
      const command = /use the new file: (.+)\)$/m.exec(refused.stderr)?.[1];
      assert.ok(command, refused.stderr);
      const converted = spawnSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8' });
      assert.equal(converted.status, 0, converted.stderr);
      const out = readFileSync(join(dir, `${base}.pkcs8.key`), 'utf8');
      assert.ok(out.startsWith(privateKeyBeginLine('ENCRYPTED ')), 'an encrypted PKCS#8 key');
      // The scheme the script reads (test/postman runs it): PBES2, PBKDF2 with hmacWithSHA256,
      // AES-256-CBC; and the same key under the same passphrase.
      const der = Buffer.from(out.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('hex');
      for (const [name, oid] of [
        ['PBES2', '2a864886f70d01050d'],
        ['PBKDF2', '2a864886f70d01050c'],
        ['hmacWithSHA256', '2a864886f70d0209'],
        ['aes-256-cbc', '60864801650304012a'],
      ] as const)
        assert.ok(der.includes(oid), `the converted key uses ${name}`);
      assert.equal(
        createPublicKey(createPrivateKey({ key: out, passphrase: key.passphrase })).export({
          format: 'jwk',
        }).n,
        key.publicKey.export({ format: 'jwk' }).n,
      );
      const accepted = await runCliAsync(
        [
          'env',
          '--target',
          'local',
          '--signing-key',
          `${base}.pkcs8.key`,
          '--passphrase-file',
          'passphrase.txt',
          '--out',
          `${base}.json`,
        ],
        { cwd: dir },
      );
      assert.equal(accepted.status, 0, accepted.stderr);
    }
    // The encryption key gets the same check, with its own passphrase variable.
    const encryption = await runCliAsync(
      [
        'env',
        '--target',
        'local',
        '--signing-key',
        'signing.key',
        '--encryption-key',
        'legacy.key',
      ],
      { cwd: dir, env: { OFM_ENCRYPTION_KEY_PASSPHRASE: key.passphrase } },
    );
    assert.equal(errorCodeOf(encryption), 'ERR_OFM_KEY_UNSUPPORTED');
    assert.match(encryption.stderr, /-passin env:OFM_ENCRYPTION_KEY_PASSPHRASE/);
  });

  it('refuses either method without a signing key, a weak key, and a client the local sandbox lacks', async () => {
    for (const auth of ['private_key_jwt', 'tls_client_auth']) {
      const result = await runCliAsync(['env', '--target', 'local', '--auth', auth], { cwd: dir });
      assert.equal(errorCodeOf(result), 'ERR_OFM_USAGE');
      assert.match(result.stderr, /needs --signing-key: .*request objects/);
    }
    assert.equal(
      errorCodeOf(
        await runCliAsync(['env', '--target', 'local', '--signing-key', 'weak.key'], { cwd: dir }),
      ),
      'ERR_OFM_KEY_TOO_WEAK',
    );
    const noEncPassphrase = await runCliAsync(
      [
        'env',
        '--target',
        'local',
        '--signing-key',
        'signing.key',
        '--encryption-key',
        'encrypted.key',
      ],
      { cwd: dir },
    );
    assert.equal(errorCodeOf(noEncPassphrase), 'ERR_OFM_KEY_PASSPHRASE_MISSING');
    assert.match(noEncPassphrase.stderr, /hint: set OFM_ENCRYPTION_KEY_PASSPHRASE/);
    const unknown = await runCliAsync(
      ['env', '--target', 'local', '--client-id', 'local-mtls', '--signing-key', 'signing.key'],
      { cwd: dir },
    );
    assert.equal(errorCodeOf(unknown), 'ERR_OFM_USAGE');
    assert.match(unknown.stderr, /use --client-id ofm-local-private-key-jwt/);
    assert.equal(
      errorCodeOf(
        await runCliAsync(['env', '--target', 'paynet-sandbox', '--signing-key', 'signing.key'], {
          cwd: dir,
        }),
      ),
      'ERR_OFM_USAGE',
      'a real platform needs --client-id',
    );
    const mtls = await runCliAsync(
      [
        'env',
        '--target',
        'local',
        '--auth',
        'tls_client_auth',
        '--signing-key',
        'signing.key',
        '--out',
        'mtls.json',
      ],
      { cwd: dir },
    );
    assert.equal(mtls.status, 0, mtls.stderr);
    const env = JSON.parse(readFileSync(join(dir, 'mtls.json'), 'utf8')) as {
      values: Array<{ key: string; value: string }>;
    };
    const get = (k: string) => env.values.find((v) => v.key === k)?.value;
    assert.equal(get('client_id'), 'ofm-local-tls-client-auth', 'the local client by default');
    assert.equal(get('signing_kid'), key.kid);
  });
});

describe('assertion', () => {
  it("signs for the audience the target's environment uses, and says which", async () => {
    const cases = [
      {
        target: 'paynet-sandbox',
        clientId: 'client-cli',
        aud: 'https://auth1.sandbox.mya.ozoneapi.io',
        source: 'assertion_audience issuer',
      },
      {
        target: 'local',
        clientId: 'ofm-local-private-key-jwt', // left out: the local sandbox's own client
        aud: 'https://127.0.0.1:8443/token',
        source: 'assertion_audience token_endpoint',
      },
    ] as const;
    for (const { target, clientId, aud, source } of cases) {
      const result = await runCliAsync(
        [
          'assertion',
          '--target',
          target,
          ...(target === 'local' ? [] : ['--client-id', clientId]),
          '--signing-key',
          'signing.key',
        ],
        { cwd: dir },
      );
      assert.equal(result.status, 0, result.stderr);
      const jwt = result.stdout.trim();
      assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'PS256', kid: key.kid });
      const { payload } = await jwtVerify(jwt, key.publicKey, { algorithms: ['PS256'] });
      assert.deepEqual(Object.keys(payload), ['iss', 'sub', 'aud', 'iat', 'exp', 'jti']);
      assert.equal(payload.aud, aud, target);
      assert.equal(payload.iss, clientId);
      assert.equal(payload.sub, clientId);
      assert.equal(payload.exp! - payload.iat!, 600);
      assert.ok(
        result.stderr.includes(`aud ${aud} (${source}, as the ${target} environment)`),
        result.stderr,
      );
      const environment = JSON.parse(
        readFileSync(
          join(REPO_ROOT, 'environments', `${target}.private_key_jwt.postman_environment.json`),
          'utf8',
        ),
      ) as { values: Array<{ key: string; value: string }> };
      assert.equal(
        environment.values.find((v) => v.key === 'assertion_audience')?.value,
        source.split(' ')[1],
        `the ${target} environment says the same`,
      );
    }
  });

  it('honours --audience, --lifetime, --kid and an encrypted key with the passphrase from the environment', async () => {
    const result = await runCliAsync(
      [
        'assertion',
        '--target',
        'paynet-sandbox',
        '--audience',
        'token_endpoint',
        '--lifetime',
        '60',
        '--kid',
        'my-kid',
        '--client-id',
        'c',
        '--signing-key',
        'encrypted.key',
      ],
      { cwd: dir, env: { OFM_SIGNING_KEY_PASSPHRASE: key.passphrase } },
    );
    assert.equal(result.status, 0, result.stderr);
    const jwt = result.stdout.trim();
    assert.equal(decodeProtectedHeader(jwt).kid, 'my-kid');
    const { payload } = await jwtVerify(jwt, key.publicKey, { algorithms: ['PS256'] });
    assert.equal(payload.aud, 'https://as1.sandbox.mya.ozoneapi.io/token');
    assert.equal(payload.exp! - payload.iat!, 60);
    assert.match(result.stderr, /\(--audience token_endpoint\)/);
  });

  it('prints the complete private_key_jwt cURL token request with --curl', async () => {
    const result = await runCliAsync(
      [
        'assertion',
        '--target',
        'paynet-sandbox',
        '--client-id',
        'c',
        '--signing-key',
        'signing.key',
        '--curl',
        '--cert',
        'transport.crt',
        '--key',
        'transport.key',
      ],
      { cwd: dir },
    );
    assert.equal(result.status, 0, result.stderr);
    const [note, ...rest] = result.stdout.split('\n');
    const out = rest.join('\n');
    assert.match(
      note!,
      /^# client assertion for c: aud https:\/\/auth1\.sandbox\.mya\.ozoneapi\.io \(assertion_audience issuer/,
    );
    assert.match(out, /^curl -sS -X POST 'https:\/\/as1\.sandbox\.mya\.ozoneapi\.io\/token'/);
    for (const part of [
      "--cert 'transport.crt'",
      "--key 'transport.key'",
      "'grant_type=client_credentials'",
      "'scope=accounts'",
      "'client_id=c'",
      "'client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer'",
      'x-fapi-interaction-id: ',
    ]) {
      assert.ok(out.includes(part), `curl has ${part}`);
    }
    assert.ok(!out.includes('--cacert'), 'a public platform needs no extra CA');
    const jwt = /client_assertion=([^']+)'/.exec(out)![1]!;
    const { payload } = await jwtVerify(jwt, key.publicKey, { algorithms: ['PS256'] });
    assert.equal(payload.aud, 'https://auth1.sandbox.mya.ozoneapi.io');
  });

  it('prints the tls_client_auth request without a signing key; --cacert for the local target and --ca', async () => {
    const local = await runCliAsync(
      [
        'assertion',
        '--target',
        'local',
        '--auth',
        'tls_client_auth',
        '--curl',
        '--cert',
        'transport.crt',
        '--key',
        'transport.key',
      ],
      { cwd: dir },
    );
    assert.equal(local.status, 0, local.stderr);
    assert.match(local.stdout, /^# tls_client_auth token request for ofm-local-tls-client-auth/);
    assert.ok(local.stdout.includes("'client_id=ofm-local-tls-client-auth'"));
    assert.ok(local.stdout.includes(`--cacert '${join('.ofm', 'keys', 'ca.crt')}'`));
    assert.ok(!local.stdout.includes('client_assertion'), 'no assertion for mTLS');
    const withCa = await runCliAsync(
      [
        'assertion',
        '--target',
        'paynet-sandbox',
        '--auth',
        'tls_client_auth',
        '--client-id',
        'c',
        '--curl',
        '--cert',
        'transport.crt',
        '--key',
        'transport.key',
        '--ca',
        'corporate-ca.pem',
      ],
      { cwd: dir },
    );
    assert.equal(withCa.status, 0, withCa.stderr);
    assert.ok(withCa.stdout.includes("--cacert 'corporate-ca.pem'"));
  });

  it('refuses each bad input with its code', async () => {
    const cases: Array<[string[], Record<string, string>, string, number]> = [
      [['--client-id', 'c', '--signing-key', 'signing.key'], {}, 'ERR_OFM_AUDIENCE_UNRESOLVED', 2],
      [['--target', 'local', '--signing-key', 'weak.key'], {}, 'ERR_OFM_KEY_TOO_WEAK', 2],
      [['--target', 'local', '--signing-key', 'public.pem'], {}, 'ERR_OFM_KEY_NOT_PRIVATE', 2],
      [
        ['--target', 'local', '--signing-key', 'encrypted.key'],
        {},
        'ERR_OFM_KEY_PASSPHRASE_MISSING',
        2,
      ],
      [
        ['--target', 'local', '--signing-key', 'encrypted.key', '--passphrase-file', 'wrong.txt'],
        {},
        'ERR_OFM_KEY_PASSPHRASE_WRONG',
        2,
      ],
      [['--target', 'local', '--signing-key', 'missing.key'], {}, 'ERR_OFM_FILE_NOT_FOUND', 3],
      [
        ['--target', 'local', '--signing-key', 'signing.key', '--lifetime', '0'],
        {},
        'ERR_OFM_LIFETIME_INVALID',
        2,
      ],
      [
        ['--target', 'local', '--signing-key', 'signing.key', '--audience', 'http://x'],
        {},
        'ERR_OFM_AUDIENCE_INVALID',
        2,
      ],
      [['--target', 'paynet-sandbox', '--signing-key', 'signing.key'], {}, 'ERR_OFM_USAGE', 2],
      [
        ['--target', 'local', '--client-id', 'c', '--signing-key', 'signing.key'],
        {},
        'ERR_OFM_USAGE',
        2,
      ],
      [['--target', 'local'], {}, 'ERR_OFM_USAGE', 2],
      [['--target', 'local', '--auth', 'tls_client_auth'], {}, 'ERR_OFM_USAGE', 2],
      [
        ['--target', 'local', '--signing-key', 'signing.key', '--curl', '--cert', 'transport.crt'],
        {},
        'ERR_OFM_USAGE',
        2,
      ],
      [['--target', 'local', '--auth', 'tls_client_auth', '--curl'], {}, 'ERR_OFM_USAGE', 2],
    ];
    // Concurrently: each is a process of its own.
    const results = await Promise.all(
      cases.map(([args, env]) => runCliAsync(['assertion', ...args], { cwd: dir, env })),
    );
    for (const [i, [args, , code, status]] of cases.entries()) {
      const result = results[i]!;
      assert.equal(result.status, status, `${args.join(' ')}: ${result.stderr}`);
      assert.equal(errorCodeOf(result), code, args.join(' '));
      assert.ok(
        !result.stderr.includes(key.passphrase) && !result.stderr.includes('wrong'),
        'no passphrase in the message',
      );
    }
    const noCert = await runCliAsync(
      ['assertion', '--target', 'local', '--auth', 'tls_client_auth', '--curl'],
      {
        cwd: dir,
      },
    );
    assert.match(noCert.stderr, /needs the client certificate.*hint: add --cert and --key/);
  });
});

describe('certs', () => {
  it('maps every OFP host of the target to the transport certificate, owner-only', async () => {
    const result = await runCliAsync(
      ['certs', '--target', 'paynet-sandbox', '--cert', 'transport.crt', '--key', 'transport.key'],
      { cwd: dir },
    );
    assert.equal(result.status, 0, result.stderr);
    const path = join(dir, '.ofm', 'certs', 'paynet-sandbox.cert-list.json');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const list = JSON.parse(readFileSync(path, 'utf8')) as Array<{
      matches: string[];
      cert: { src: string };
      key: { src: string };
    }>;
    assert.deepEqual(list.map((e) => e.matches[0]).sort(), [
      'https://as1.sandbox.mya.ozoneapi.io/*',
      'https://auth1.sandbox.mya.ozoneapi.io/*',
      'https://rs1.sandbox.mya.ozoneapi.io/*',
    ]);
    for (const entry of list) {
      assert.equal(entry.cert.src, join(dir, 'transport.crt'));
      assert.equal(entry.key.src, join(dir, 'transport.key'));
    }
    assert.match(result.stdout, /Settings › Certificates/);
    assert.match(result.stdout, /Host rs1\.sandbox\.mya\.ozoneapi\.io\s+Port 443/);
  });

  it('includes mTLS aliases from discovery, and refuses a missing certificate', async () => {
    const result = await runCliAsync(
      [
        'certs',
        '--target',
        'partner',
        '--discovery',
        'discovery.json',
        '--cert',
        'transport.crt',
        '--key',
        'transport.key',
        '--out',
        'p.json',
      ],
      { cwd: dir },
    );
    assert.equal(result.status, 0, result.stderr);
    const matches = (
      JSON.parse(readFileSync(join(dir, 'p.json'), 'utf8')) as Array<{ matches: string[] }>
    ).map((e) => e.matches[0]);
    assert.ok(matches.includes('https://mtls.partner.test/*'));
    assert.ok(
      !matches.includes('https://keys.partner.test/*'),
      'the JWKS host takes no client certificate',
    );
    assert.equal(
      errorCodeOf(
        await runCliAsync(
          ['certs', '--target', 'local', '--cert', 'none.crt', '--key', 'transport.key'],
          {
            cwd: dir,
          },
        ),
      ),
      'ERR_OFM_FILE_NOT_FOUND',
    );
  });
});

describe('never over a file ofm-postman did not write', () => {
  const foreign = {
    'README.md': '# My project\n\nHand-written notes.\n',
    'package.json': '{\n  "name": "my-project",\n  "version": "1.0.0"\n}\n',
    'postman-export.json': `${JSON.stringify({ id: 'p', name: 'mine', values: [{ key: 'client_id', value: 'mine' }], _postman_exported_using: 'Postman/11.2.0' })}\n`,
  } as const;

  /** Each foreign file at `--out` (or the option given): exit 2, one coded line, file unchanged. */
  // The files live in the temporary folder, whatever the command's working folder.
  async function assertRefused(args: (path: string) => string[], cwd = dir): Promise<void> {
    for (const [name, text] of Object.entries(foreign)) {
      const path = join(dir, `foreign-${name}`);
      writeFileSync(path, text);
      const result = await runCliAsync(args(path), { cwd });
      assert.equal(result.status, 2, `${name}: ${result.stdout}${result.stderr}`);
      assert.equal(errorCodeOf(result), 'ERR_OFM_FILE_EXISTS');
      assert.match(result.stderr, /--force/);
      assert.equal(readFileSync(path, 'utf8'), text, `${name} is unchanged`);
    }
  }

  /**
   * The same command twice passes; after a hand edit of `path` it is refused (exit 2, the file
   * named, --force offered) with the edit kept byte for byte; with --force it is replaced.
   */
  async function assertEditKept(
    command: (...more: string[]) => string[],
    path: string,
    edit: (text: string) => string,
    cwd = dir,
  ): Promise<void> {
    assert.equal((await runCliAsync(command(), { cwd })).status, 0, 'first write');
    const ours = readFileSync(path, 'utf8');
    const twice = await runCliAsync(command(), { cwd });
    assert.equal(twice.status, 0, `the same command twice: ${twice.stderr}`);
    const edited = edit(ours);
    assert.notEqual(edited, ours, 'the edit changes the file');
    writeFileSync(path, edited);
    const refused = await runCliAsync(command(), { cwd });
    assert.equal(refused.status, 2, `${path} edited: ${refused.stdout}${refused.stderr}`);
    assert.equal(errorCodeOf(refused), 'ERR_OFM_FILE_EXISTS');
    assert.ok(refused.stderr.includes(path), `the refusal names the file: ${refused.stderr}`);
    assert.match(refused.stderr, /edited since/);
    assert.match(refused.stderr, /--force/);
    assert.equal(readFileSync(path, 'utf8'), edited, 'the edit is kept');
    assert.equal((await runCliAsync(command('--force'), { cwd })).status, 0, '--force');
    assert.equal(readFileSync(path, 'utf8'), ours, 'replaced with --force');
  }

  it('env --out: refuses a stranger, and its own file once edited; anything with --force', async () => {
    const env = (out: string, ...more: string[]) => [
      'env',
      '--target',
      'local',
      '--signing-key',
      'signing.key',
      '--out',
      out,
      ...more,
    ];
    await assertRefused((path) => env(path));
    const ours = join(dir, 'ours.env.json');
    await assertEditKept(
      (...more) => env(ours, ...more),
      ours,
      (text) => text.replace('"local', '"edited'),
    );
    const forced = join(dir, 'forced-README.md');
    writeFileSync(forced, foreign['README.md']);
    assert.equal((await runCliAsync(env(forced, '--force'), { cwd: dir })).status, 0);
    assert.match(readFileSync(forced, 'utf8'), /"_postman_variable_scope"/);
  });

  it('certs --out: the same', async () => {
    const certs = (out: string, ...more: string[]) => [
      'certs',
      '--target',
      'local',
      '--cert',
      'transport.crt',
      '--key',
      'transport.key',
      '--out',
      out,
      ...more,
    ];
    await assertRefused((path) => certs(path));
    const ours = join(dir, 'ours.certs.json');
    await assertEditKept(
      (...more) => certs(ours, ...more),
      ours,
      (text) => text.replace('[', '[ '),
    );
    const forced = join(dir, 'forced-package.json');
    writeFileSync(forced, foreign['package.json']);
    assert.equal((await runCliAsync(certs(forced, '--force'), { cwd: dir })).status, 0);
    assert.match(readFileSync(forced, 'utf8'), /"matches"/);
  });

  it('generate --out: an edited collection, environment or Bruno file is kept', async () => {
    const out = join(dir, 'gen-edited');
    const generate = (...more: string[]) => [
      'generate',
      '--target',
      'local',
      '--auth',
      'private_key_jwt',
      '--format',
      'all',
      '--out',
      out,
      ...more,
    ];
    const bruno = join(out, 'collections', 'bruno', 'paynet-ofp.private_key_jwt');
    for (const [path, edit] of [
      [
        join(out, 'collections', collectionFileName('private_key_jwt')),
        (t: string) => t.replace('"item": [', '"item": [ '),
      ],
      [
        join(out, 'environments', 'local.private_key_jwt.postman_environment.json'),
        (t: string) => t.replace('"value": "', '"value": "edited '),
      ],
      [join(bruno, 'collection.bru'), (t: string) => `${t}\n# mine\n`],
      [join(bruno, 'bruno.json'), (t: string) => t.replace('{', '{ ')],
      [join(bruno, '.gitignore'), (t: string) => `${t}node_modules\n`],
    ] as const)
      await assertEditKept(generate, path, edit);
  });

  it('build --out: an edited script is kept', async () => {
    const out = join(dir, 'scripts-out');
    await assertEditKept(
      (...more) => ['build', '--out', out, ...more],
      join(out, 'prerequest.js'),
      (t) => `// mine\n${t}`,
    );
  });

  it('env --format bruno: a .env edited by hand is kept', async () => {
    const out = join(dir, 'gen-bruno-env');
    const generated = await runCliAsync([
      'generate',
      '--target',
      'local',
      '--auth',
      'private_key_jwt',
      '--format',
      'bruno',
      '--out',
      out,
    ]);
    assert.equal(generated.status, 0, generated.stderr);
    const folder = join(out, 'collections', 'bruno', 'paynet-ofp.private_key_jwt');
    const env = (...more: string[]) => [
      'env',
      '--format',
      'bruno',
      '--target',
      'local',
      '--signing-key',
      'signing.key',
      '--out',
      folder,
      ...more,
    ];
    await assertEditKept(env, join(folder, '.env'), (t) => `${t}MY_OWN="value"\n`);
    assert.equal(statSync(join(folder, '.env')).mode & 0o777, 0o600);
    assert.equal(statSync(join(folder, '.ofm-postman.private.sha256')).mode & 0o777, 0o600);
    assert.deepEqual(readFileSync(join(folder, '.gitignore'), 'utf8').split('\n').filter(Boolean), [
      '.env',
      '.ofm-postman.private.sha256',
      'reports/',
    ]);
    assert.equal(
      (await runCliAsync(generate(out))).status,
      0,
      'generate still counts its .gitignore as its own',
    );
  });

  it('generate --out: a stranger in the way stops it before anything is written', async () => {
    const out = join(dir, 'gen-guard');
    const generate = (...more: string[]) => [
      'generate',
      '--target',
      'local',
      '--auth',
      'private_key_jwt',
      '--no-collections',
      '--out',
      out,
      ...more,
    ];
    assert.equal((await runCliAsync(generate())).status, 0);
    const path = join(out, 'environments', 'local.private_key_jwt.postman_environment.json');
    const ours = readFileSync(path, 'utf8');
    assert.equal((await runCliAsync(generate())).status, 0, 'its own file is replaced');
    assert.equal(readFileSync(path, 'utf8'), ours);
    writeFileSync(path, foreign['postman-export.json']);
    const refused = await runCliAsync(generate());
    assert.equal(refused.status, 2, refused.stderr);
    assert.equal(errorCodeOf(refused), 'ERR_OFM_FILE_EXISTS');
    assert.equal(readFileSync(path, 'utf8'), foreign['postman-export.json']);
    assert.equal((await runCliAsync(generate('--force'))).status, 0);
    assert.equal(readFileSync(path, 'utf8'), ours);
  });

  function generate(out: string): string[] {
    return [
      'generate',
      '--target',
      'local',
      '--auth',
      'private_key_jwt',
      '--format',
      'bruno',
      '--out',
      out,
    ];
  }

  it('run --export-environment: a stranger is refused before anything is sent', async () => {
    await assertRefused(
      (path) => [
        'run',
        '--auth',
        'private_key_jwt',
        '--target',
        'paynet-sandbox',
        '--export-environment',
        path,
      ],
      REPO_ROOT,
    );
  });
});
