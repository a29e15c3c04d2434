/**
 * Client certificates out of their time, through the binary as a user meets them: every command
 * that takes one (run, consent, certs, env --format bruno, assertion --curl) refuses an expired or
 * not yet valid certificate with its own code and dates, before any connection (a TCP trap counts
 * them) and without writing a file; one that ends within 30 days gets one warning line and the
 * command goes on.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { collectionFileName } from '../../src/builder/collection.js';
import { buildEnvironment } from '../../src/builder/environment.js';
import { localTarget } from '../../src/builder/targets.js';
import { issueClientCertificate, SUBJECTS, type Issued } from '../../src/keys/certificates.js';
import { ensureTestKeys, type EnsureKeysResult } from '../../src/keys/test-pki.js';
import { buildCertList } from '../../src/runner/cert-list.js';
import { errorCodeOf, runCliAsync, type CliResult } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { testPki } from '../helpers/shared-pki.js';
import { startTcpTrap, type TcpTrap } from '../helpers/tcp-trap.js';

const DAY = 86_400_000;
const work = mkdtempSync(join(tmpdir(), 'ofm-certtime-'));
let trap: TcpTrap;
let pki: EnsureKeysResult;
let trapIssuer: string;
const f: Record<string, string> = {};
const dates: Record<string, { notBefore: Date; notAfter: Date }> = {};

/**
 * A transport certificate of the test CA with chosen dates, written as NAME.crt and NAME.key: for
 * the PKI's own transport key (only the dates matter here; no new key to make).
 */
function writeCertificate(name: string, notBefore: Date, notAfter: Date): void {
  const ca = {
    pair: { privatePem: readFileSync(join(pki.paths.dir, 'ca.key'), 'utf8') },
    cert: readFileSync(pki.paths.caCert, 'utf8'),
  } as unknown as Issued;
  const key = readFileSync(pki.paths.transport.private_key_jwt.key, 'utf8');
  const issued = issueClientCertificate(ca, SUBJECTS.private_key_jwt, { notBefore, notAfter }, key);
  f[`${name}Cert`] = join(work, `${name}.crt`);
  f[`${name}Key`] = join(work, `${name}.key`);
  writeFileSync(f[`${name}Cert`]!, issued.cert, { mode: 0o600 });
  writeFileSync(f[`${name}Key`]!, issued.pair.privatePem, { mode: 0o600 });
  dates[name] = { notBefore, notAfter };
}

/** The environment and certificate list of a local target at `issuer`, for certificate NAME. */
function writeRunFiles(name: string, issuer: string): void {
  const target = localTarget(issuer);
  const values = {
    signing_kid: pki.manifest.signingKid,
    signing_private_key: readFileSync(pki.paths.signingKey, 'utf8'),
  };
  f[`${name}Env`] = join(work, `${name}.env.json`);
  writeFileSync(
    f[`${name}Env`]!,
    JSON.stringify(buildEnvironment(target, 'private_key_jwt', values)),
    { mode: 0o600 },
  );
  f[`${name}List`] = join(work, `${name}.certs.json`);
  const list = buildCertList(target, { cert: f[`${name}Cert`]!, key: f[`${name}Key`]! });
  writeFileSync(f[`${name}List`]!, JSON.stringify(list), { mode: 0o600 });
}

before(async () => {
  trap = await startTcpTrap();
  trapIssuer = trap.url;
  pki = await testPki(join(work, 'keys'));
  const now = Date.now();
  writeCertificate('expired', new Date(now - 400 * DAY), new Date(now - 2 * DAY));
  writeCertificate('future', new Date(now + 3 * DAY), new Date(now + 400 * DAY));
  writeCertificate('soon', new Date(now - 300 * DAY), new Date(now + 10 * DAY + 3_600_000));
  for (const name of ['expired', 'future']) writeRunFiles(name, trapIssuer);
  // The expiring certificate's run goes on to the reachability check: a port nobody listens on.
  const closed = createServer();
  await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
  const closedPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((done) => closed.close(() => done()));
  writeRunFiles('soon', `https://127.0.0.1:${closedPort}`);
  f.collection = join(REPO_ROOT, 'collections', collectionFileName('private_key_jwt'));
  f.bruno = join(work, 'bruno');
  mkdirSync(f.bruno);
  writeFileSync(join(f.bruno, 'bruno.json'), '{"version":"1","name":"x","type":"collection"}');
});

after(() => {
  trap.close();
  rmSync(work, { recursive: true, force: true });
});

const stamp = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/** The argument lists of every command that takes a client certificate, for certificate NAME. */
const COMMANDS: Record<string, (name: string) => string[]> = {
  'run --cert': (n) => [
    'run',
    '--collection',
    f.collection!,
    '--environment',
    f[`${n}Env`]!,
    '--cert',
    f[`${n}Cert`]!,
    '--key',
    f[`${n}Key`]!,
  ],
  'run --cert-list': (n) => [
    'run',
    '--collection',
    f.collection!,
    '--environment',
    f[`${n}Env`]!,
    '--cert-list',
    f[`${n}List`]!,
  ],
  'consent --cert-list': (n) => [
    'consent',
    '--collection',
    f.collection!,
    '--environment',
    f[`${n}Env`]!,
    '--cert-list',
    f[`${n}List`]!,
    '--state',
    join(work, `${n}.state.json`),
    '--url-only',
  ],
  certs: (n) => [
    'certs',
    '--target',
    'local',
    '--cert',
    f[`${n}Cert`]!,
    '--key',
    f[`${n}Key`]!,
    '--out',
    join(work, `${n}.list-out.json`),
  ],
  'env --format bruno': (n) => [
    'env',
    '--format',
    'bruno',
    '--out',
    f.bruno!,
    '--target',
    'local',
    '--signing-key',
    pki.paths.signingKey,
    '--cert',
    f[`${n}Cert`]!,
    '--key',
    f[`${n}Key`]!,
  ],
  'assertion --curl': (n) => [
    'assertion',
    '--target',
    'local',
    '--signing-key',
    pki.paths.signingKey,
    '--curl',
    '--cert',
    f[`${n}Cert`]!,
    '--key',
    f[`${n}Key`]!,
  ],
};

async function cli(args: string[]): Promise<CliResult> {
  return runCliAsync(args, { cwd: work, env: { NO_COLOR: '1' }, timeoutMs: 30_000 });
}

/** The files a refused command must not have made. */
function outputs(): boolean[] {
  return [
    existsSync(join(f.bruno!, '.env')),
    ...['expired', 'future'].map((n) => existsSync(join(work, `${n}.list-out.json`))),
    ...['expired', 'future'].map((n) => existsSync(join(work, `${n}.state.json`))),
  ];
}

describe('a client certificate out of its time is refused before anything is sent', () => {
  for (const [command, args] of Object.entries(COMMANDS)) {
    it(`${command}: expired`, async () => {
      const seen = trap.connections();
      const result = await cli(args('expired'));
      const output = `${result.stdout}${result.stderr}`;
      assert.equal(result.status, 2, output);
      assert.equal(errorCodeOf(result), 'ERR_OFM_CERT_EXPIRED', output);
      const line = result.stderr.trim();
      assert.equal(line.split('\n').length, 1, 'one line');
      assert.ok(line.includes(f.expiredCert!), `names the file: ${line}`);
      assert.match(line, /CN=ofm-postman private_key_jwt client/);
      assert.ok(line.includes(`expired on ${stamp(dates.expired!.notAfter)}`), line);
      assert.match(line, /it is now \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
      assert.match(line, /hint: /);
      assert.equal(trap.connections(), seen, 'no connection');
      assert.deepEqual(outputs(), [false, false, false, false, false], 'no file written');
    });

    it(`${command}: not yet valid`, async () => {
      const seen = trap.connections();
      const result = await cli(args('future'));
      const output = `${result.stdout}${result.stderr}`;
      assert.equal(result.status, 2, output);
      assert.equal(errorCodeOf(result), 'ERR_OFM_CERT_NOT_YET_VALID', output);
      const line = result.stderr.trim();
      assert.equal(line.split('\n').length, 1, 'one line');
      assert.ok(line.includes(`not valid before ${stamp(dates.future!.notBefore)}`), line);
      assert.match(line, /it is now /);
      assert.equal(trap.connections(), seen, 'no connection');
      assert.deepEqual(outputs(), [false, false, false, false, false], 'no file written');
    });
  }
});

describe('a client certificate that ends within 30 days: one warning line, and the command goes on', () => {
  const warning = () =>
    new RegExp(
      `^ofm-postman: WARN_OFM_CERT_EXPIRING: (client|transport) certificate .*soon\\.crt .*expires on ${stamp(dates.soon!.notAfter)}, in 10 days \\(hint: [^)]+\\)$`,
      'm',
    );
  const count = (text: string) => text.split('\n').filter((l) => l.includes('WARN_OFM')).length;

  for (const command of ['certs', 'env --format bruno', 'assertion --curl']) {
    it(`${command}`, async () => {
      const result = await cli(COMMANDS[command]!('soon'));
      assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
      assert.match(result.stderr, warning());
      assert.equal(count(result.stderr), 1, result.stderr);
    });
  }

  for (const command of ['run --cert', 'run --cert-list', 'consent --cert-list']) {
    it(`${command}: warned once, then on to the reachability check`, async () => {
      const result = await cli(COMMANDS[command]!('soon'));
      assert.equal(result.status, 3, `${result.stdout}${result.stderr}`);
      assert.match(result.stderr, /\nofm-postman: ERR_OFM_SERVER_UNREACHABLE: /, result.stderr);
      assert.match(result.stderr, warning());
      assert.equal(count(result.stderr), 1, result.stderr);
    });
  }
});

describe('the sandbox on an expired test PKI', () => {
  it('refuses to start, naming the server certificate and its dates', async () => {
    const old = join(work, 'old-keys');
    await ensureTestKeys({ dir: old, now: new Date(Date.now() - 500 * DAY) });
    const result = await cli(['sandbox', '--keys', old, '--port', '0']);
    assert.equal(result.status, 2, `${result.stdout}${result.stderr}`);
    assert.equal(errorCodeOf(result), 'ERR_OFM_CERT_EXPIRED', result.stderr);
    assert.match(result.stderr, /the sandbox's server certificate \S+\.crt expired on /);
    assert.match(result.stderr, /hint: run ofm-postman keys --force/);
    assert.equal(result.stdout, '', 'no ready line: it never listened');
  });
});
