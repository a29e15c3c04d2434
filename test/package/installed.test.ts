/**
 * The package works as installed: packed from the checkout (prepack builds), installed from the
 * tarball into an empty folder, and every command run there through node_modules/.bin, as a user
 * would. Each command must write into the working folder and never into the installed package.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  cleanEnv,
  copyCheckout,
  distIsFresh,
  listing,
  pack,
  run,
  type Completed,
} from '../helpers/packed-install.js';
import { REPO_ROOT } from '../helpers/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'ofm-package-'));
/** The user's project: an empty folder that installs the tarball. */
const app = join(dir, 'app');
const installed = join(app, 'node_modules', 'ofm-postman');
const bin = join(app, 'node_modules', '.bin', 'ofm-postman');
let packageBefore: string[] = [];
let sandbox: ChildProcess | undefined;
let issuer = '';
const started = Date.now();
/** Measured times, reported by the last test. */
const timings: string[] = [];

function cli(args: string[], timeoutMs = 60_000): Promise<Completed> {
  return run(bin, args, app, timeoutMs);
}

function assertOk(result: Completed, what: string): void {
  assert.equal(
    result.status,
    0,
    `${what}: exit ${result.status}\n${result.stdout}\n${result.stderr}`,
  );
}

/** prepack, skipped when dist/ is fresh, is what made it: `npm run build`, which starts from a clean dist/. */
function assertPrepackBuilds(): void {
  const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  assert.equal(scripts['prepack'], 'npm run build');
  assert.match(scripts['build'] ?? '', /^npm run clean && /);
  assert.match(scripts['clean'] ?? '', /rmSync\('dist'/);
}

before(
  async () => {
    // npm test has just built dist/ from these sources: packed as it is, not built a second time.
    const prebuilt = distIsFresh();
    if (prebuilt) assertPrepackBuilds();
    const checkout = prebuilt ? undefined : join(dir, 'checkout');
    if (checkout) copyCheckout(checkout);
    const packed = await pack(checkout, dir, 240_000);
    timings.push(
      `npm pack (${prebuilt ? "the checkout's fresh dist/" : 'prepack builds'}): ${(packed.ms / 1000).toFixed(1)} s`,
    );
    for (const path of [
      'dist/postman/prerequest.js',
      'dist/cli/main.js',
      'src/builder/examples/private_key_jwt.json',
      // The README links to the guides: they travel with it.
      'docs/cli.md',
      'docs/errors.md',
    ])
      assert.ok(packed.files.includes(path), `the package holds ${path}`);
    assert.ok(!packed.files.some((path) => path.startsWith('src/postman/')), 'no script source');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "a-user-project", "private": true }\n');
    const install = await run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        packed.tarball,
      ],
      app,
      240_000,
    );
    timings.push(`npm install of the tarball: ${(install.ms / 1000).toFixed(1)} s`);
    assertOk(install, 'npm install');
    packageBefore = listing(installed);
  },
  { timeout: 480_000 },
);

after(async () => {
  sandbox?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('the installed package', { timeout: 300_000 }, () => {
  it('prints help for the CLI and for completion', async () => {
    const help = await cli(['--help']);
    assertOk(help, '--help');
    assert.match(help.stdout, /^ofm-postman <command>\n/);
    const completion = await cli(['completion', '--help']);
    assertOk(completion, 'completion --help');
    assert.match(completion.stdout, /^ofm-postman completion\n/);
    assert.doesNotMatch(completion.stdout, /completions-###/);
    const build = await cli(['build', '--help']);
    assert.match(
      build.stdout,
      /\[default: "ofm-scripts"\]/,
      'a relative default, not a path of the build machine',
    );
  });

  it('build writes the prebuilt scripts into ./ofm-scripts', async () => {
    assertOk(await cli(['build']), 'build');
    assert.equal(
      readFileSync(join(app, 'ofm-scripts', 'prerequest.js'), 'utf8'),
      readFileSync(join(installed, 'dist', 'postman', 'prerequest.js'), 'utf8'),
    );
  });

  it("generate writes collections identical to the package's, Bruno's and examples included", async () => {
    assertOk(await cli(['generate', '--format', 'all']), 'generate');
    const shipped = filesBelow(join(installed, 'collections'));
    assert.ok(
      shipped.some((name) => name.startsWith('bruno/')),
      'the package ships Bruno folders',
    );
    for (const name of shipped)
      assert.equal(
        readFileSync(join(app, 'collections', name), 'utf8'),
        readFileSync(join(installed, 'collections', name), 'utf8'),
        name,
      );
    assert.ok(
      existsSync(join(app, 'environments', 'local.private_key_jwt.postman_environment.json')),
    );
  });

  it('keys writes the test PKI into ./.ofm/keys', async () => {
    assertOk(await cli(['keys']), 'keys');
    assert.ok(existsSync(join(app, '.ofm', 'keys', 'ca.crt')));
  });

  it('sandbox starts in the background and prints its ready line', async () => {
    sandbox = spawn(bin, ['sandbox', '--port', '0'], {
      cwd: app,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => sandbox?.kill('SIGKILL'), 60_000);
    try {
      const [chunk] = (await once(sandbox.stdout!, 'data')) as [Buffer];
      issuer = (JSON.parse(chunk.toString('utf8').split('\n')[0]!) as { issuer: string }).issuer;
    } finally {
      clearTimeout(timer);
    }
    assert.match(issuer, /^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('env, certs, run and consent --url-only work against it', async () => {
    const local = ['--target', 'local', '--local-url', issuer];
    assertOk(
      await cli([
        'env',
        ...local,
        '--signing-key',
        '.ofm/keys/signing.key',
        '--encryption-key',
        '.ofm/keys/encryption.key',
      ]),
      'env',
    );
    assert.ok(
      existsSync(
        join(app, '.ofm', 'env', 'local.private_key_jwt.private.postman_environment.json'),
      ),
    );
    assertOk(
      await cli([
        'certs',
        ...local,
        '--cert',
        '.ofm/keys/transport-private_key_jwt.crt',
        '--key',
        '.ofm/keys/transport-private_key_jwt.key',
      ]),
      'certs',
    );
    const inputs = [
      '--auth',
      'private_key_jwt',
      '--target',
      'local',
      '--cert-list',
      '.ofm/certs/local.cert-list.json',
      '--ca',
      '.ofm/keys/ca.crt',
    ];
    // Two folders: signed client assertions and a token; demo below runs both collections whole.
    const result = await cli(
      ['run', ...inputs, '--folder', 'Discovery', 'Client credentials', '--reporters', 'junit'],
      120_000,
    );
    assertOk(result, 'run');
    assert.match(result.stdout, /✓ 200 .* POST Client credentials token/);
    assert.match(result.stdout, /private_key_jwt .* PASS/);
    assert.ok(existsSync(join(app, '.ofm', 'reports', 'paynet-ofp.private_key_jwt.junit.xml')));
    const consent = await cli(['consent', ...inputs, '--url-only']);
    assertOk(consent, 'consent --url-only');
    assert.ok(consent.stdout.includes(`${issuer}/auth?client_id=`), consent.stdout);
    sandbox!.kill('SIGTERM');
    const [code] = (await once(sandbox!, 'exit')) as [number | null];
    assert.equal(code, 0, 'the sandbox stops cleanly');
  });

  it('demo runs both collections and writes its reports into ./.ofm', async () => {
    assertOk(await cli(['demo'], 180_000), 'demo');
    for (const auth of ['private_key_jwt', 'tls_client_auth'])
      assert.ok(existsSync(join(app, '.ofm', 'reports', `paynet-ofp.${auth}.html`)), auth);
  });

  it('nothing was written into the installed package', (t) => {
    assert.deepEqual(listing(installed), packageBefore);
    timings.push(`the whole test: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const line of timings) t.diagnostic(line);
  });
});

/** Every file below `dir`, as paths relative to it. */
function filesBelow(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesBelow(dir, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}
