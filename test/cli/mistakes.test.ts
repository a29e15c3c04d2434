/**
 * Mistaken commands, as people type them on the second day: wrong files, folders, kinds, flags,
 * ports, methods, passphrases. Each one runs through the binary against a TCP trap and must end
 * with exit 1-3 and one coded line, make no connection, print no stack trace and change no file.
 */
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import {
  chmodSync,
  mkdirSync,
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
import { collectionFileName } from '../../src/builder/collection.js';
import { buildEnvironment } from '../../src/builder/environment.js';
import { localTarget } from '../../src/builder/targets.js';
import type { EnsureKeysResult } from '../../src/keys/test-pki.js';
import { testPki } from '../helpers/shared-pki.js';
import { buildCertList } from '../../src/runner/cert-list.js';
import { errorCodeOf, runCliAsync, type CliResult } from '../helpers/cli.js';
import { unprivilegedRunner, type UnprivilegedRunner } from '../helpers/unprivileged.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { startTcpTrap, type TcpTrap } from '../helpers/tcp-trap.js';

const work = mkdtempSync(join(tmpdir(), 'ofm-mistakes-'));
let trap: TcpTrap;
let pki: EnsureKeysResult;
const f: Record<string, string> = {};

/** Every file below `dir` with a digest of its bytes: what "no file changed" compares. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (path: string) => {
    if (statSync(path).isDirectory())
      for (const entry of readdirSync(path)) walk(join(path, entry));
    else out.set(path, createHash('sha256').update(readFileSync(path)).digest('hex'));
  };
  walk(dir);
  return out;
}

function write(name: string, content: string | object): string {
  const path = join(work, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content), {
    mode: 0o600,
  });
  return path;
}

before(async () => {
  trap = await startTcpTrap();
  const issuer = trap.url;
  pki = await testPki(join(work, 'keys'));
  const target = localTarget(issuer);
  const values = {
    signing_kid: pki.manifest.signingKid,
    signing_private_key: readFileSync(pki.paths.signingKey, 'utf8'),
  };
  f.pkjEnv = write('pkj.env.json', buildEnvironment(target, 'private_key_jwt', values));
  f.tlsEnv = write('tls.env.json', buildEnvironment(target, 'tls_client_auth', values));
  f.pkjList = write('pkj.certs.json', buildCertList(target, pki.paths.transport.private_key_jwt));
  const pkjPair = pki.paths.transport.private_key_jwt;
  const tlsPair = pki.paths.transport.tls_client_auth;
  f.cert = pkjPair.cert;
  f.key = pkjPair.key;
  f.otherKey = tlsPair.key;
  f.mixedList = write(
    'mixed.certs.json',
    buildCertList(target, { cert: pkjPair.cert, key: tlsPair.key }),
  );
  f.collection = join(REPO_ROOT, 'collections', collectionFileName('private_key_jwt'));
  f.emptyCollection = write('empty.postman_collection.json', {
    info: {
      name: 'empty',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    item: [],
  });
  f.packageJson = join(REPO_ROOT, 'package.json');
  f.notJson = write('not.json', 'this is not JSON');
  f.folder = join(work, 'a-folder');
  mkdirSync(f.folder);
  f.reportFile = write('reports', 'a file where the report folder should be');
  f.userReports = join(work, 'user-reports');
  mkdirSync(join(f.userReports, 'folder.html'), { recursive: true });
  writeFileSync(join(f.userReports, 'mine.junit.xml'), '<testsuites name="written by hand"/>\n');
  const encrypted = pki.paths.signingKey.replace(/\.key$/, '.enc.key');
  const { privateKey: weak } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const { privateKey: ec } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signing = readFileSync(pki.paths.signingKey, 'utf8');
  const { createPrivateKey } = await import('node:crypto');
  writeFileSync(
    encrypted,
    createPrivateKey(signing).export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'right',
    }) as string,
  );
  f.encryptedKey = encrypted;
  f.encryptedTransportKey = write(
    'transport.enc.key',
    createPrivateKey(readFileSync(f.key, 'utf8')).export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'right',
    }) as string,
  );
  f.wrongPassphrase = write('wrong.pass', 'wrong\n');
  f.weakKey = write('weak.key', weak.export({ type: 'pkcs8', format: 'pem' }) as string);
  f.ecKey = write('ec.key', ec.export({ type: 'pkcs8', format: 'pem' }) as string);
  f.opensshKey = write(
    'openssh.key',
    [
      '-----BEGIN OPENSSH',
      'PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH',
      'PRIVATE KEY-----\n',
    ].join(' '),
  );
  f.missing = join(work, 'missing.json');
});

after(() => {
  trap.close();
  rmSync(work, { recursive: true, force: true });
});

interface Mistake {
  readonly name: string;
  readonly args: () => string[];
  readonly env?: () => Record<string, string>;
  readonly exit: 1 | 2 | 3;
  readonly code: string;
}

const run = (...more: string[]) => ['run', '--collection', f.collection!, ...more];
const withEnv = (...more: string[]) => run('--environment', f.pkjEnv!, ...more);
const withList = (...more: string[]) => withEnv('--cert-list', f.pkjList!, ...more);

const MISTAKES: readonly Mistake[] = [
  // Files that are folders, missing, not JSON, or of another kind.
  {
    name: 'a folder as --environment',
    args: () => run('--environment', f.folder!),
    exit: 2,
    code: 'ERR_OFM_NOT_A_FILE',
  },
  {
    name: 'a folder as --collection',
    args: () => ['run', '--collection', f.folder!],
    exit: 2,
    code: 'ERR_OFM_NOT_A_FILE',
  },
  {
    name: 'a folder as --cert-list',
    args: () => withEnv('--cert-list', f.folder!),
    exit: 2,
    code: 'ERR_OFM_NOT_A_FILE',
  },
  {
    name: 'a folder as --ca',
    args: () => withList('--ca', f.folder!),
    exit: 2,
    code: 'ERR_OFM_NOT_A_FILE',
  },
  {
    name: 'a folder as --iteration-data',
    args: () => withList('--iteration-data', f.folder!),
    exit: 2,
    code: 'ERR_OFM_NOT_A_FILE',
  },
  {
    name: 'an existing file as --report-dir',
    args: () => withList('--report-dir', f.reportFile!),
    exit: 2,
    code: 'ERR_OFM_USAGE',
  },
  {
    name: 'a report file of the same name that the user wrote',
    args: () =>
      withList('--reporters', 'junit', '--report-dir', f.userReports!, '--report-name', 'mine'),
    exit: 2,
    code: 'ERR_OFM_FILE_EXISTS',
  },
  {
    name: 'a report path that is a folder',
    args: () =>
      withList('--reporters', 'html', '--report-dir', f.userReports!, '--report-name', 'folder'),
    exit: 2,
    code: 'ERR_OFM_NOT_A_FILE',
  },
  {
    name: 'a missing --environment',
    args: () => run('--environment', f.missing!),
    exit: 3,
    code: 'ERR_OFM_FILE_NOT_FOUND',
  },
  {
    name: 'a missing --collection',
    args: () => ['run', '--collection', f.missing!],
    exit: 3,
    code: 'ERR_OFM_FILE_NOT_FOUND',
  },
  {
    name: 'a missing --ca',
    args: () => withList('--ca', f.missing!),
    exit: 3,
    code: 'ERR_OFM_FILE_NOT_FOUND',
  },
  {
    name: 'a missing --cert',
    args: () => withEnv('--cert', f.missing!, '--key', f.key!),
    exit: 3,
    code: 'ERR_OFM_FILE_NOT_FOUND',
  },
  {
    name: 'a missing --passphrase-file',
    args: () => withEnv('--cert', f.cert!, '--key', f.key!, '--passphrase-file', f.missing!),
    exit: 3,
    code: 'ERR_OFM_FILE_NOT_FOUND',
  },
  {
    name: 'an environment as --collection',
    args: () => ['run', '--collection', f.pkjEnv!],
    exit: 2,
    code: 'ERR_OFM_FILE_KIND',
  },
  {
    name: 'a collection as --environment',
    args: () => run('--environment', f.collection!),
    exit: 2,
    code: 'ERR_OFM_FILE_KIND',
  },
  {
    name: 'package.json as --environment',
    args: () => run('--environment', f.packageJson!),
    exit: 2,
    code: 'ERR_OFM_FILE_KIND',
  },
  {
    name: 'package.json as --collection',
    args: () => ['run', '--collection', f.packageJson!],
    exit: 2,
    code: 'ERR_OFM_FILE_KIND',
  },
  {
    name: 'an environment as --cert-list',
    args: () => withEnv('--cert-list', f.pkjEnv!),
    exit: 2,
    code: 'ERR_OFM_FILE_KIND',
  },
  {
    name: 'an environment as --iteration-data',
    args: () => withList('--iteration-data', f.pkjEnv!),
    exit: 2,
    code: 'ERR_OFM_FILE_KIND',
  },
  {
    name: 'text that is not JSON as --environment',
    args: () => run('--environment', f.notJson!),
    exit: 2,
    code: 'ERR_OFM_FILE_INVALID',
  },
  {
    name: 'a key as --ca',
    args: () => withList('--ca', f.key!),
    exit: 2,
    code: 'ERR_OFM_FILE_INVALID',
  },
  {
    name: 'the key as --cert',
    args: () => withEnv('--cert', f.key!, '--key', f.key!),
    exit: 2,
    code: 'ERR_OFM_FILE_INVALID',
  },
  {
    name: 'an empty collection',
    args: () => ['run', '--collection', f.emptyCollection!],
    exit: 1,
    code: 'ERR_OFM_NOTHING_RAN',
  },
  // The two auth methods mixed.
  {
    name: 'a tls_client_auth environment with the private_key_jwt collection',
    args: () => run('--environment', f.tlsEnv!, '--cert-list', f.pkjList!),
    exit: 2,
    code: 'ERR_OFM_AUTH_MISMATCH',
  },
  {
    name: '--env-var auth_method of the other method',
    args: () => withList('--env-var', 'auth_method=tls_client_auth'),
    exit: 2,
    code: 'ERR_OFM_AUTH_MISMATCH',
  },
  // Client certificates.
  {
    name: '--cert with a key that is not its key',
    args: () => withEnv('--cert', f.cert!, '--key', f.otherKey!),
    exit: 2,
    code: 'ERR_OFM_CERT_KEY_MISMATCH',
  },
  {
    name: 'a certificate list pairing a certificate with another key',
    args: () => withEnv('--cert-list', f.mixedList!),
    exit: 2,
    code: 'ERR_OFM_CERT_KEY_MISMATCH',
  },
  {
    name: 'an encrypted client key without its passphrase',
    args: () => withEnv('--cert', f.cert!, '--key', f.encryptedTransportKey!),
    exit: 2,
    code: 'ERR_OFM_KEY_PASSPHRASE_MISSING',
  },
  {
    name: 'an encrypted client key with the wrong passphrase',
    args: () =>
      withEnv(
        '--cert',
        f.cert!,
        '--key',
        f.encryptedTransportKey!,
        '--passphrase-file',
        f.wrongPassphrase!,
      ),
    exit: 2,
    code: 'ERR_OFM_KEY_PASSPHRASE_WRONG',
  },
  {
    name: "certs with a key that is not the certificate's",
    args: () => [
      'certs',
      '--target',
      'local',
      '--cert',
      f.cert!,
      '--key',
      f.otherKey!,
      '--out',
      join(work, 'new-list.json'),
    ],
    exit: 2,
    code: 'ERR_OFM_CERT_KEY_MISMATCH',
  },
  // Keys named by OFM_* variables.
  {
    name: 'OFM_SIGNING_KEY_FILE missing',
    args: () => withList(),
    env: () => ({ OFM_SIGNING_KEY_FILE: f.missing! }),
    exit: 3,
    code: 'ERR_OFM_FILE_NOT_FOUND',
  },
  {
    name: 'OFM_SIGNING_KEY_FILE a folder',
    args: () => withList(),
    env: () => ({ OFM_SIGNING_KEY_FILE: f.folder! }),
    exit: 2,
    code: 'ERR_OFM_NOT_A_FILE',
  },
  {
    name: 'OFM_SIGNING_KEY_FILE a certificate',
    args: () => withList(),
    env: () => ({ OFM_SIGNING_KEY_FILE: f.cert! }),
    exit: 2,
    code: 'ERR_OFM_KEY_NOT_PRIVATE',
  },
  {
    name: 'OFM_SIGNING_KEY_FILE an RSA-1024 key',
    args: () => withList(),
    env: () => ({ OFM_SIGNING_KEY_FILE: f.weakKey! }),
    exit: 2,
    code: 'ERR_OFM_KEY_TOO_WEAK',
  },
  {
    name: 'OFM_SIGNING_KEY_FILE an EC key',
    args: () => withList(),
    env: () => ({ OFM_SIGNING_KEY_FILE: f.ecKey! }),
    exit: 2,
    code: 'ERR_OFM_KEY_NOT_RSA',
  },
  {
    name: 'OFM_SIGNING_KEY_FILE an OpenSSH key',
    args: () => withList(),
    env: () => ({ OFM_SIGNING_KEY_FILE: f.opensshKey! }),
    exit: 2,
    code: 'ERR_OFM_KEY_UNSUPPORTED',
  },
  {
    name: 'an encrypted OFM_SIGNING_KEY_FILE without passphrase',
    args: () => withList(),
    env: () => ({ OFM_SIGNING_KEY_FILE: f.encryptedKey! }),
    exit: 2,
    code: 'ERR_OFM_KEY_PASSPHRASE_MISSING',
  },
  {
    name: 'an encrypted OFM_SIGNING_KEY_FILE with the wrong passphrase',
    args: () => withList(),
    env: () => ({ OFM_SIGNING_KEY_FILE: f.encryptedKey!, OFM_SIGNING_KEY_PASSPHRASE: 'wrong' }),
    exit: 2,
    code: 'ERR_OFM_KEY_PASSPHRASE_WRONG',
  },
  {
    name: 'OFM_SIGNING_PRIVATE_KEY that is not PEM',
    args: () => withList(),
    env: () => ({ OFM_SIGNING_PRIVATE_KEY: 'not a key' }),
    exit: 2,
    code: 'ERR_OFM_KEY_MALFORMED',
  },
  {
    name: 'OFM_ENCRYPTION_KEY_FILE missing',
    args: () => withList(),
    env: () => ({ OFM_ENCRYPTION_KEY_FILE: f.missing! }),
    exit: 3,
    code: 'ERR_OFM_FILE_NOT_FOUND',
  },
  // Flags and values.
  {
    name: '--iterations 0',
    args: () => withList('--iterations', '0'),
    exit: 2,
    code: 'ERR_OFM_USAGE',
  },
  {
    name: 'an unknown --folder',
    args: () => withList('--folder', 'Nope'),
    exit: 2,
    code: 'ERR_OFM_USAGE',
  },
  {
    name: 'a negative --timeout-request',
    args: () => withList('--timeout-request', '-1'),
    exit: 2,
    code: 'ERR_OFM_USAGE',
  },
  {
    name: 'a misspelt option',
    args: () => withList('--colection', 'x'),
    exit: 2,
    code: 'ERR_OFM_USAGE',
  },
  {
    name: 'an unknown --auth',
    args: () => ['run', '--auth', 'client_secret_basic'],
    exit: 2,
    code: 'ERR_OFM_USAGE',
  },
  {
    name: '--env-var without a value',
    args: () => withList('--env-var', 'client_id'),
    exit: 2,
    code: 'ERR_OFM_USAGE',
  },
  {
    name: '--cert without --key',
    args: () => withEnv('--cert', f.cert!),
    exit: 2,
    code: 'ERR_OFM_USAGE',
  },
  {
    name: 'an unknown --clock-skew',
    args: () => withList('--clock-skew', 'soon'),
    exit: 2,
    code: 'ERR_OFM_USAGE',
  },
  {
    name: 'sandbox on a port that is taken',
    args: () => ['sandbox', '--keys', join(work, 'keys'), '--port', String(trap.port)],
    exit: 3,
    code: 'ERR_OFM_PORT_IN_USE',
  },
  {
    name: 'sandbox on port 70000',
    args: () => ['sandbox', '--keys', join(work, 'keys'), '--port', '70000'],
    exit: 2,
    code: 'ERR_OFM_SANDBOX_CONFIG',
  },
  {
    name: 'consent with a folder as --environment',
    args: () => [
      'consent',
      '--collection',
      f.collection!,
      '--environment',
      f.folder!,
      '--state',
      join(work, 'state.json'),
    ],
    exit: 2,
    code: 'ERR_OFM_NOT_A_FILE',
  },
  {
    name: "assertion --curl with a key that is not the certificate's",
    args: () => [
      'assertion',
      '--target',
      'local',
      '--signing-key',
      pki.paths.signingKey,
      '--curl',
      '--cert',
      f.cert!,
      '--key',
      f.otherKey!,
    ],
    exit: 2,
    code: 'ERR_OFM_CERT_KEY_MISMATCH',
  },
];

/** Runs a mistake and checks its one coded line, its exit, no connection and no file changed. */
async function expectRefused(
  mistake: Mistake,
  runBinary: (args: string[], env: Record<string, string>) => Promise<CliResult>,
): Promise<void> {
  const before = snapshot(work);
  const seen = trap.connections();
  const result = await runBinary(mistake.args(), { NO_COLOR: '1', ...(mistake.env?.() ?? {}) });
  const output = `${result.stdout}${result.stderr}`;
  assert.equal(result.status, mistake.exit, output);
  assert.equal(errorCodeOf(result), mistake.code, output);
  assert.doesNotMatch(output, /\n\s+at .+:\d+:\d+/, 'no stack trace');
  assert.equal(trap.connections(), seen, 'no connection reached the trap');
  assert.deepEqual(snapshot(work), before, 'no file was changed, made or removed');
}

describe('mistaken commands: a coded line, no connection, no stack, no file changed', () => {
  it(`has at least 40 mistakes in its table (${MISTAKES.length})`, () => {
    assert.ok(MISTAKES.length >= 40);
  });

  for (const mistake of MISTAKES) {
    it(mistake.name, () =>
      expectRefused(mistake, (args, env) =>
        runCliAsync(args, { cwd: work, env, timeoutMs: 30_000 }),
      ),
    );
  }
});

/** Places an unprivileged user cannot write, named by each option that chooses where to write. */
const PERMISSION_MISTAKES: readonly Mistake[] = [
  {
    name: 'run: an unwritable state folder',
    args: () => withList('--state', join(f.readOnly!, 'state', 'run.json')),
    exit: 3,
    code: 'ERR_OFM_NOT_WRITABLE',
  },
  {
    name: 'run: an unwritable --report-dir',
    args: () => withList('--reporters', 'junit', '--report-dir', join(f.readOnly!, 'reports')),
    exit: 3,
    code: 'ERR_OFM_NOT_WRITABLE',
  },
  {
    name: 'run: an unwritable --export-environment folder',
    args: () => withList('--export-environment', join(f.readOnly!, 'exported.json')),
    exit: 3,
    code: 'ERR_OFM_NOT_WRITABLE',
  },
  {
    name: 'consent: an unwritable state folder (nothing pushed)',
    args: () => [
      'consent',
      ...withList('--state', join(f.readOnly!, 'consent.json')).slice(1),
      '--url-only',
    ],
    exit: 3,
    code: 'ERR_OFM_NOT_WRITABLE',
  },
  {
    name: 'env: an unwritable --out',
    args: () => [
      'env',
      '--target',
      'local',
      '--signing-key',
      f.signingKey!,
      '--out',
      join(f.readOnly!, 'env.json'),
    ],
    exit: 3,
    code: 'ERR_OFM_NOT_WRITABLE',
  },
  {
    name: 'env --format bruno: an unwritable collection folder',
    args: () => [
      'env',
      '--format',
      'bruno',
      '--target',
      'local',
      '--signing-key',
      f.signingKey!,
      '--out',
      f.readOnly!,
    ],
    exit: 3,
    code: 'ERR_OFM_NOT_WRITABLE',
  },
  {
    name: 'certs: an unwritable --out',
    args: () => [
      'certs',
      '--target',
      'local',
      '--cert',
      f.cert!,
      '--key',
      f.key!,
      '--out',
      join(f.readOnly!, 'list.json'),
    ],
    exit: 3,
    code: 'ERR_OFM_NOT_WRITABLE',
  },
  {
    name: 'build: an unwritable --out',
    args: () => ['build', '--out', join(f.readOnly!, 'scripts')],
    exit: 3,
    code: 'ERR_OFM_NOT_WRITABLE',
  },
  {
    name: 'generate: an unwritable --out',
    args: () => ['generate', '--out', f.readOnly!],
    exit: 3,
    code: 'ERR_OFM_NOT_WRITABLE',
  },
  {
    name: 'keys: an unwritable --dir',
    args: () => ['keys', '--dir', join(f.readOnly!, 'keys')],
    exit: 3,
    code: 'ERR_OFM_NOT_WRITABLE',
  },
  {
    name: 'onboard: an unwritable --out',
    args: () => ['onboard', '--out', join(f.readOnly!, 'kit'), '--org', 'Acme'],
    exit: 3,
    code: 'ERR_OFM_NOT_WRITABLE',
  },
];

describe('places a command cannot write, as an unprivileged user: refused before anything is sent', () => {
  let runner: UnprivilegedRunner;
  before(() => {
    f.readOnly = join(work, 'read-only');
    mkdirSync(f.readOnly);
    writeFileSync(
      join(f.readOnly, 'bruno.json'),
      '{"version":"1","name":"x","type":"collection"}\n',
    );
    f.signingKey = pki.paths.signingKey;
    runner = unprivilegedRunner(work, REPO_ROOT);
    chmodSync(f.readOnly, 0o555);
  });
  it('the unprivileged user cannot write in the read-only folder, and can write beside it', (t) => {
    t.diagnostic(runner.how);
    const probe = runner.probe(f.readOnly!);
    assert.equal(probe.readOnly, 'EACCES', `${runner.how}: a write in ${f.readOnly} was refused`);
    assert.equal(probe.beside, 'written', `${runner.how}: a write in ${work} works`);
  });
  for (const mistake of PERMISSION_MISTAKES)
    it(mistake.name, () =>
      expectRefused(mistake, (args, env) =>
        runner.run(args, { cwd: work, env, timeoutMs: 30_000 }),
      ),
    );
});
