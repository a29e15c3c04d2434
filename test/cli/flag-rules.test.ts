/**
 * A flag that cannot take effect is an error, never ignored: every rule of the table, through
 * the binary, ends with exit 2 and one ERR_OFM_USAGE line that names the flag and what it needs,
 * with nothing written and nothing sent (the files the commands name do not even exist: the
 * rule is checked first). The same flags with their condition are not refused by the rule.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FLAG_RULES, givenFlags } from '../../src/cli/flag-rules.js';
import { errorCodeOf, runCliAsync } from '../helpers/cli.js';
import { sharedRsaKey, testPki } from '../helpers/shared-pki.js';
import { newRsaKey } from '../helpers/test-keys.js';

const work = mkdtempSync(join(tmpdir(), 'ofm-flag-rules-'));
after(() => rmSync(work, { recursive: true, force: true }));

const RUN = ['run', '--collection', 'c.json', '--environment', 'e.json'];
const CONSENT = ['consent', '--collection', 'c.json', '--state', 's.json'];
const ENV = ['env', '--target', 'local', '--signing-key', 'signing.key'];
const CERTS = ['certs', '--target', 'local', '--cert', 't.crt', '--key', 't.key'];
const ASSERT = ['assertion', '--target', 'local', '--signing-key', 'signing.key'];
const TLS = ['assertion', '--target', 'local', '--auth', 'tls_client_auth', '--curl'];

interface Case {
  /** command, flag: which rule of FLAG_RULES it shows. */
  readonly rule: [string, string];
  readonly args: string[];
  /** What the message must name besides the flag. */
  readonly needs: RegExp;
}

const CASES: readonly Case[] = [
  {
    rule: ['generate', 'local-url'],
    args: ['generate', '--local-url', 'https://127.0.0.1:9443'],
    needs: /--target local/,
  },
  {
    rule: ['generate', 'local-url'],
    args: ['generate', '--target', 'paynet-sandbox', '--local-url', 'https://127.0.0.1:9443'],
    needs: /--target local/,
  },
  {
    rule: ['generate', 'rs-base-url'],
    args: ['generate', '--rs-base-url', 'https://rs.example.com'],
    needs: /--discovery/,
  },
  { rule: ['generate', 'ca'], args: ['generate', '--ca', 'ca.crt'], needs: /--discovery/ },
  {
    rule: ['generate', 'format'],
    args: ['generate', '--format', 'bruno', '--no-collections'],
    needs: /without --no-collections/,
  },
  {
    rule: ['certs', 'local-url'],
    args: [
      'certs',
      '--target',
      'paynet-sandbox',
      '--cert',
      't.crt',
      '--key',
      't.key',
      '--local-url',
      'https://127.0.0.1:9443',
    ],
    needs: /--target local/,
  },
  {
    rule: ['certs', 'rs-base-url'],
    args: [...CERTS, '--rs-base-url', 'https://rs.example.com'],
    needs: /--discovery/,
  },
  { rule: ['certs', 'ca'], args: [...CERTS, '--ca', 'ca.crt'], needs: /--discovery/ },
  {
    rule: ['env', 'local-url'],
    args: [
      'env',
      '--target',
      'paynet-sandbox',
      '--signing-key',
      'k',
      '--local-url',
      'https://127.0.0.1:9443',
    ],
    needs: /--target local/,
  },
  {
    rule: ['env', 'rs-base-url'],
    args: [...ENV, '--rs-base-url', 'https://rs.example.com'],
    needs: /--discovery/,
  },
  { rule: ['env', 'ca'], args: [...ENV, '--ca', 'ca.crt'], needs: /--discovery/ },
  {
    rule: ['env', 'cert'],
    args: [...ENV, '--cert', 't.crt', '--key', 't.key'],
    needs: /--format bruno/,
  },
  {
    rule: ['env', 'key'],
    args: [...ENV, '--format', 'postman', '--key', 't.key'],
    needs: /--format bruno/,
  },
  {
    rule: ['env', 'print-env-vars'],
    args: [...ENV, '--format', 'bruno', '--out', 'b', '--print-env-vars'],
    needs: /--format postman/,
  },
  {
    rule: ['env', 'encryption-passphrase-file'],
    args: [...ENV, '--encryption-passphrase-file', 'p.txt'],
    needs: /--encryption-key/,
  },
  {
    rule: ['assertion', 'local-url'],
    args: ['assertion', '--signing-key', 'k', '--local-url', 'https://127.0.0.1:9443'],
    needs: /--target local/,
  },
  {
    rule: ['assertion', 'rs-base-url'],
    args: [...ASSERT, '--rs-base-url', 'https://rs.example.com'],
    needs: /--discovery/,
  },
  {
    rule: ['assertion', 'ca'],
    args: [...ASSERT, '--ca', 'ca.crt'],
    needs: /--discovery or --curl/,
  },
  { rule: ['assertion', 'cert'], args: [...ASSERT, '--cert', 't.crt'], needs: /--curl/ },
  { rule: ['assertion', 'key'], args: [...ASSERT, '--key', 't.key'], needs: /--curl/ },
  { rule: ['assertion', 'scope'], args: [...ASSERT, '--scope', 'payments'], needs: /--curl/ },
  ...['signing-key', 'kid', 'passphrase-file', 'audience', 'lifetime', 'issuer'].map(
    (flag): Case => ({
      rule: ['assertion', flag],
      args: [...TLS, '--cert', 't.crt', '--key', 't.key', `--${flag}`, 'x'],
      needs: /--auth private_key_jwt/,
    }),
  ),
  {
    rule: ['run', 'passphrase-file'],
    args: [...RUN, '--cert-list', 'l.json', '--passphrase-file', 'p.txt'],
    needs: /--cert and --key/,
  },
  { rule: ['run', 'fresh'], args: [...RUN, '--fresh'], needs: /--state FILE/ },
  { rule: ['run', 'target'], args: [...RUN, '--target', 'local'], needs: /--auth/ },
  { rule: ['run', 'report-dir'], args: [...RUN, '--report-dir', 'r'], needs: /--reporters/ },
  {
    rule: ['run', 'report-name'],
    args: [...RUN, '--reporters', 'cli', '--report-name', 'n'],
    needs: /--reporters junit, json or html/,
  },
  {
    rule: ['run', 'force'],
    args: [...RUN, '--reporters', 'cli', '--force'],
    needs: /--export-environment or --reporters/,
  },
  { rule: ['run', 'verbose'], args: [...RUN, '--quiet', '--verbose'], needs: /without --quiet/ },
  {
    rule: ['consent', 'passphrase-file'],
    args: [...CONSENT, '--passphrase-file', 'p.txt'],
    needs: /--cert and --key/,
  },
  {
    rule: ['consent', 'fresh'],
    args: ['consent', '--collection', 'c.json', '--fresh'],
    needs: /--state FILE/,
  },
  { rule: ['consent', 'target'], args: [...CONSENT, '--target', 'local'], needs: /--auth/ },
  {
    rule: ['consent', 'open'],
    args: [...CONSENT, '--url-only', '--open'],
    needs: /without --url-only/,
  },
  {
    rule: ['consent', 'open'],
    args: [...CONSENT, '--redirect-url', 'http://127.0.0.1/cb', '--open'],
    needs: /--redirect-url/,
  },
  {
    rule: ['consent', 'wait'],
    args: [...CONSENT, '--code', 'abc', '--wait', '10'],
    needs: /--code/,
  },
  ...['profile', 'org', 'org-id', 'client-id', 'country', 'subject', 'bits', 'days'].map(
    (flag): Case => ({
      rule: ['onboard', flag],
      args: [
        'onboard',
        '--out',
        'kit',
        '--rotate',
        'signing',
        `--${flag}`,
        flag === 'profile' ? 'uae' : '2048',
      ],
      needs: /without --rotate and --retire/,
    }),
  ),
  {
    rule: ['onboard', 'force'],
    args: ['onboard', '--out', 'kit', '--retire', 'OLD', '--force'],
    needs: /without --rotate and --retire/,
  },
  {
    rule: ['onboard', 'kid'],
    args: ['onboard', '--out', 'kit', '--retire', 'OLD', '--kid', 'signing=NEW'],
    needs: /without --retire/,
  },
  {
    rule: ['doctor', 'ca'],
    args: ['doctor', '--kit', 'kit', '--ca', 'ca.crt'],
    needs: /--jwks-uri/,
  },
];

async function cli(args: string[]) {
  return runCliAsync(args, { cwd: work, env: { NO_COLOR: '1' }, timeoutMs: 30_000 });
}

describe('a flag that cannot take effect is refused, naming both flags', () => {
  it('every rule of the table has a case here', () => {
    const covered = new Set(CASES.map((c) => c.rule.join(' --')));
    const rules = Object.entries(FLAG_RULES).flatMap(([command, list]) =>
      list.map((rule) => `${command} --${rule.flag}`),
    );
    assert.deepEqual(
      rules.filter((rule) => !covered.has(rule)),
      [],
    );
  });

  for (const { rule, args, needs } of CASES) {
    it(`${args.join(' ')}`, async () => {
      const result = await cli(args);
      const output = `${result.stdout}${result.stderr}`;
      assert.equal(result.status, 2, output);
      assert.equal(errorCodeOf(result), 'ERR_OFM_USAGE', output);
      assert.ok(result.stderr.includes(`--${rule[1]} takes effect only `), output);
      assert.match(result.stderr, needs);
      assert.deepEqual(readdirSync(work), [], 'nothing written');
    });
  }
});

describe('the same flags with what they need are not refused by a rule', () => {
  const allowed: string[][] = [
    ['generate', '--target', 'local', '--local-url', 'https://127.0.0.1:9443', '--out', 'gen'],
    [...RUN, '--reporters', 'junit', '--report-dir', 'r', '--report-name', 'n', '--no-preflight'],
    [...RUN, '--export-environment', 'x.json', '--force', '--verbose', '--no-quiet'],
    [...ENV, '--format', 'bruno', '--out', 'b', '--cert', 't.crt', '--key', 't.key'],
  ];
  for (const args of allowed) {
    it(args.join(' '), async () => {
      const result = await cli(args);
      assert.doesNotMatch(result.stderr, /takes effect only/, result.stderr);
      rmSync(join(work, 'gen'), { recursive: true, force: true });
    });
  }
});

describe('givenFlags', () => {
  it('takes what was typed, --no-x as x, camelCase as kebab, nothing after --', () => {
    assert.deepEqual(
      [
        ...givenFlags([
          'run',
          '--no-preflight',
          '--localUrl=x',
          '--report-dir',
          'r',
          '--',
          '--fresh',
        ]),
      ],
      ['preflight', 'local-url', 'report-dir'],
    );
  });
});

describe('keys --bits', () => {
  it('of another size than the set it would reuse is refused; with --force it replaces it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ofm-flag-rules-keys-'));
    try {
      const keys = join(dir, 'keys');
      // An RSA-2048 set to reuse: the run's, copied (making one is test/keys/test-pki's subject).
      await testPki(keys);
      assert.equal((await cli(['keys', '--dir', keys])).status, 0);
      const refused = await cli(['keys', '--dir', keys, '--bits', '3072']);
      assert.equal(refused.status, 2, refused.stderr);
      assert.equal(errorCodeOf(refused), 'ERR_OFM_USAGE');
      assert.match(refused.stderr, /--bits 3072 takes effect only with --force: .* RSA-2048 set/);
      const same = await cli(['keys', '--dir', keys, '--bits', '2048']);
      assert.match(same.stdout, /reusing RSA-2048/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a passphrase flag for a key that is not encrypted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ofm-flag-rules-pass-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  // A plain key: the run's shared test key (no new key to make).
  writeFileSync(join(dir, 'plain.key'), (sharedRsaKey(2048) ?? newRsaKey(2048)).pkcs8);
  writeFileSync(join(dir, 'pass.txt'), 'secret\n');
  const cases: Array<[string, string[], string]> = [
    [
      'run',
      [...RUN, '--cert', 't.crt', '--key', 'plain.key', '--passphrase-file', 'pass.txt'],
      '--key',
    ],
    [
      'certs',
      [
        'certs',
        '--target',
        'local',
        '--cert',
        't.crt',
        '--key',
        'plain.key',
        '--passphrase-file',
        'pass.txt',
      ],
      '--key',
    ],
    [
      'env',
      ['env', '--target', 'local', '--signing-key', 'plain.key', '--passphrase-file', 'pass.txt'],
      '--signing-key',
    ],
    [
      'env (encryption)',
      [
        'env',
        '--target',
        'local',
        '--signing-key',
        'plain.key',
        '--encryption-key',
        'plain.key',
        '--encryption-passphrase-file',
        'pass.txt',
      ],
      '--encryption-key',
    ],
    [
      'assertion',
      [
        'assertion',
        '--target',
        'local',
        '--signing-key',
        'plain.key',
        '--passphrase-file',
        'pass.txt',
      ],
      '--signing-key',
    ],
  ];
  for (const [name, args, keyFlag] of cases) {
    it(name, async () => {
      const before = readdirSync(dir).sort();
      const result = await runCliAsync(args, {
        cwd: dir,
        env: { NO_COLOR: '1' },
        timeoutMs: 30_000,
      });
      assert.equal(result.status, 2, result.stderr);
      assert.equal(errorCodeOf(result), 'ERR_OFM_USAGE', result.stderr);
      assert.match(result.stderr, /passphrase-file takes effect only with an encrypted key: /);
      assert.ok(
        result.stderr.includes(`${keyFlag} ${join(dir, 'plain.key')}`) ||
          result.stderr.includes(`${keyFlag} plain.key`),
        result.stderr,
      );
      assert.deepEqual(readdirSync(dir).sort(), before, 'nothing written');
    });
  }
});
