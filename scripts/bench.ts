/**
 * `npm run bench`: the speed and size figures of ofm-postman, measured on this machine in one run.
 * Prints a table and writes bench/results.json. Every figure is the median of several runs, with
 * min and max. Targets are reported, not asserted: tests check behaviour, this checks speed.
 *
 * - bundle size, raw and gzip, of every script the collections embed;
 * - PS256 signing per client assertion inside Newman's sandbox (the built bundle) against
 *   node:crypto, RSA-2048 and RSA-3072;
 * - 200 client-credentials requests through Newman against the local sandbox with the script,
 *   against 200 requests to the same endpoint with no script; peak memory of each Newman run;
 * - Bruno's Postman importer on each committed collection (wall and CPU time);
 * - `bru run` of each journey (Bruno's safe sandbox) against `ofm-postman run` of the same journey
 *   and against the same Bruno requests with no script, and where Bruno's script time goes
 *   (bench-bruno.ts);
 * - wall time of `npm start` (the demo, build included);
 * - start-up time of `ofm-postman --help` (spawn to exit), beside Node's own start-up;
 * - the sandbox's replay records under 1,100 mTLS token requests (bench-store-load.ts);
 * - the test time per file, each file alone (bench-test-times.ts).
 *
 * `npm run bench -- --startup-only` measures the start-up alone (a few seconds) and writes nothing;
 * `npm run bench -- --tests-only` the test time per file alone (minutes) and writes nothing;
 * `npm run bench -- --bruno-only` Newman's per-request figure and the Bruno figures alone and writes
 * nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { constants, generateKeyPairSync, randomBytes, randomUUID, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadScripts } from '../src/builder/scripts.js';
import { buildEnvironment } from '../src/builder/environment.js';
import { PACKAGE_ROOT } from '../src/builder/paths.js';
import { localTarget } from '../src/builder/targets.js';
import { ensureTestKeys } from '../src/keys/test-pki.js';
import { buildCertList } from '../src/runner/cert-list.js';
import { brunoImportFigures } from './bench-bruno-import.js';
import { brunoBreakdown, brunoFigures, brunoLines, type BrunoFigure } from './bench-bruno.js';
import { storeLoadFigures } from './bench-store-load.js';
import { testTimeLines, testTimes } from './bench-test-times.js';

interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number;
}

function stat(values: number[]): Stat {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    median: round(median),
    min: round(sorted[0] as number),
    max: round(sorted.at(-1) as number),
    runs: values.length,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

const fmt = (s: Stat, unit: string) =>
  `${s.median} ${unit} (min ${s.min}, max ${s.max}, n=${s.runs})`;
const log = (line: string) => process.stdout.write(`${line}\n`);
const started = Date.now();

// --- CLI start-up -------------------------------------------------------------------------------
// Measured first, before the sandbox and Newman runs load the machine. Each run is a fresh process,
// as when a user types the command; Node's own start-up (an empty script) is shown beside it.
const STARTUP_TARGET_MS = 300;
const STARTS = 15;
function startupMs(args: string[]): Stat {
  const times: number[] = [];
  for (let i = 0; i < STARTS + 1; i++) {
    const t0 = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args, { cwd: PACKAGE_ROOT, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr.slice(0, 500)}`);
    if (i > 0) times.push(ms); // the first run warms the file cache
  }
  return stat(times);
}
const brunoOnly = process.argv.includes('--bruno-only');
if (process.argv.includes('--tests-only')) {
  log('test time per file, each file alone…');
  const times = await testTimes((t) =>
    log(`  ${t.file} ${t.seconds} s${t.passed ? '' : ' FAILED'}`),
  );
  log('');
  for (const line of testTimeLines(times)) log(line);
  process.exit(times.every((t) => t.passed) ? 0 : 1);
}
log('start-up of ofm-postman --help…');
const startup = {
  helpMs: startupMs([join(PACKAGE_ROOT, 'bin', 'ofm-postman.js'), '--help']),
  nodeAloneMs: startupMs(['-e', '']),
};
const startupLines = [
  `ofm-postman --help start-up: ${fmt(startup.helpMs, 'ms')}`,
  `  Node alone (node -e ''):   ${fmt(startup.nodeAloneMs, 'ms')}`,
];
if (process.argv.includes('--startup-only')) {
  log('');
  for (const line of startupLines) log(line);
  log(
    `  target ≤ ${STARTUP_TARGET_MS} ms: ${startup.helpMs.median <= STARTUP_TARGET_MS ? 'met' : 'MISSED'}`,
  );
  process.exit(0);
}
const work = mkdtempSync(join(tmpdir(), 'ofm-bench-'));

// --- bundle sizes -------------------------------------------------------------------------------
log('bundling…');
const scripts = await loadScripts();
const sizes = Object.values(scripts).map((s) => ({
  script: s.name,
  bytes: Buffer.byteLength(s.code),
  gzipBytes: gzipSync(s.code).length,
}));

// --- the sandbox server -------------------------------------------------------------------------
const pki = await ensureTestKeys({ dir: join(work, 'keys') });
const server = spawn(
  process.execPath,
  [join(PACKAGE_ROOT, 'bin', 'ofm-postman.js'), 'sandbox', '--port', '0', '--keys', pki.paths.dir],
  {
    stdio: ['ignore', 'pipe', 'ignore'],
  },
);
const issuer = await new Promise<string>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('sandbox did not start in 30 s')), 30_000);
  server.stdout.once('data', (chunk: Buffer) => {
    clearTimeout(timer);
    resolve((JSON.parse(chunk.toString().split('\n')[0] as string) as { issuer: string }).issuer);
  });
});
const target = localTarget(issuer);

interface ChildResult {
  requests: number;
  failed: number;
  perRequestMs: number;
  maxRssMb: number;
  console: string[];
}

function newmanChild(spec: object): ChildResult {
  const file = join(work, `spec-${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify(spec));
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(PACKAGE_ROOT, 'scripts', 'bench-newman-child.ts'), file],
    {
      encoding: 'utf8',
      cwd: PACKAGE_ROOT,
      timeout: 240_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as ChildResult;
  } catch {
    throw new Error(`newman child failed: ${result.stderr.slice(0, 2000)}`);
  }
}

const prerequest = scripts['prerequest.js'].code.split('\n');
const seed = () => [{ key: 'ofm_random_seed', value: randomBytes(32).toString('hex') }];

// --- PS256 inside the sandbox vs node:crypto ----------------------------------------------------
const SIGNS_PER_REQUEST = 10;
const SIGN_REQUESTS = 12;
const signing: Record<string, { sandboxMs: Stat; nativeMs: Stat; ratio: number }> = {};
for (const bits of brunoOnly ? [] : [2048, 3072]) {
  log(`PS256 RSA-${bits}: sandbox and native…`);
  const pem =
    bits === 2048
      ? readFileSync(pki.paths.signingKey, 'utf8')
      : (generateKeyPairSync('rsa', { modulusLength: bits }).privateKey.export({
          type: 'pkcs8',
          format: 'pem',
        }) as string);
  const environment = buildEnvironment(target, 'private_key_jwt', {
    signing_kid: 'bench',
    signing_private_key: pem,
  });
  // Each request signs several assertions through the bundle's own API and logs the time per
  // assertion; Newman evaluates the bundle again for every request, as in real runs.
  const measure = [
    'var api = Math.__ofm_postman_api__;',
    'var get = function (name) { return pm.variables.get(name); };',
    'var t0 = Date.now();',
    `for (var i = 0; i < ${SIGNS_PER_REQUEST}; i++) api.clientAuthForm(get, 'bench-' + i);`,
    `console.log('BENCH_SIGN_MS', (Date.now() - t0) / ${SIGNS_PER_REQUEST});`,
  ];
  const collection = {
    info: {
      name: 'bench-sign',
      schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
    },
    event: [{ listen: 'prerequest', script: { type: 'text/javascript', exec: prerequest } }],
    item: [
      {
        name: 'sign',
        event: [{ listen: 'prerequest', script: { type: 'text/javascript', exec: measure } }],
        request: { method: 'GET', url: `${issuer}/jwks` },
      },
    ],
  };
  const child = newmanChild({
    collection,
    environment,
    certList: buildCertList(target, pki.paths.transport.private_key_jwt),
    ca: pki.paths.caCert,
    iterations: SIGN_REQUESTS,
    globals: seed(),
  });
  const perAssertion = child.console
    .filter((l) => l.startsWith('BENCH_SIGN_MS'))
    .map((l) => Number(l.split(' ')[1]));
  if (perAssertion.length !== SIGN_REQUESTS)
    throw new Error(
      `sandbox signing: ${perAssertion.length} measurements, console: ${child.console.join(' | ').slice(0, 500)}`,
    );

  const key = generateKeyPairSync('rsa', { modulusLength: bits }).privateKey;
  const input = Buffer.from(
    `${Buffer.from('{"alg":"PS256","kid":"bench"}').toString('base64url')}.${randomBytes(160).toString('base64url')}`,
  );
  const native: number[] = [];
  for (let batch = 0; batch < 12; batch++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 50; i++)
      sign('sha256', input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    native.push(Number(process.hrtime.bigint() - t0) / 1e6 / 50);
  }
  const sandboxMs = stat(perAssertion);
  const nativeMs = stat(native);
  signing[`RSA-${bits}`] = {
    sandboxMs,
    nativeMs,
    ratio: round(sandboxMs.median / nativeMs.median),
  };
}

// --- 200 client-credentials requests: with the script vs with none -----------------------------
const REQUESTS = 200;
const REPEATS = 3;
log(`Newman, ${REQUESTS} client-credentials requests, ${REPEATS} runs each…`);
/** A one-request collection: the client-credentials token request, `iterations` times. */
function tokenCollection(
  name: string,
  extraParams: Array<{ key: string; value: string }>,
  script?: string[],
) {
  return {
    info: { name, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
    ...(script
      ? { event: [{ listen: 'prerequest', script: { type: 'text/javascript', exec: script } }] }
      : {}),
    item: [
      {
        name: 'token',
        request: {
          method: 'POST',
          url: '{{token_endpoint}}',
          body: {
            mode: 'urlencoded',
            urlencoded: [
              { key: 'grant_type', value: 'client_credentials' },
              { key: 'scope', value: 'accounts' },
              ...extraParams,
            ],
          },
        },
      },
    ],
  };
}
const signedCollection = tokenCollection('bench-signed', [], prerequest);
// The same token request with no script at all: mTLS client authentication, a fixed body.
const plainCollection = tokenCollection('bench-plain', [
  { key: 'client_id', value: '{{client_id}}' },
]);
const signedEnv = buildEnvironment(target, 'private_key_jwt', {
  signing_kid: pki.manifest.signingKid,
  signing_private_key: readFileSync(pki.paths.signingKey, 'utf8'),
});
const plainEnv = buildEnvironment(target, 'tls_client_auth');
// The floor: the same request with a one-line pre-request script. Newman pays a fixed cost for
// running any script at all; this separates that cost from what ofm-postman's script adds.
const oneLineCollection = tokenCollection(
  'bench-one-line',
  [{ key: 'client_id', value: '{{client_id}}' }],
  ['var ofmBench = 1;'],
);
const signedRuns: ChildResult[] = [];
const plainRuns: ChildResult[] = [];
const oneLineRuns: ChildResult[] = [];
for (let i = 0; i < REPEATS; i++) {
  oneLineRuns.push(
    newmanChild({
      collection: oneLineCollection,
      environment: plainEnv,
      certList: buildCertList(target, pki.paths.transport.tls_client_auth),
      ca: pki.paths.caCert,
      iterations: REQUESTS,
    }),
  );
  signedRuns.push(
    newmanChild({
      collection: signedCollection,
      environment: signedEnv,
      certList: buildCertList(target, pki.paths.transport.private_key_jwt),
      ca: pki.paths.caCert,
      iterations: REQUESTS,
      globals: seed(),
    }),
  );
  plainRuns.push(
    newmanChild({
      collection: plainCollection,
      environment: plainEnv,
      certList: buildCertList(target, pki.paths.transport.tls_client_auth),
      ca: pki.paths.caCert,
      iterations: REQUESTS,
    }),
  );
}
// --- Bruno: bru run of each journey vs ofm-postman run, and the no-script floor -----------------
const BRUNO_RUNS = 3;
log(`bru run vs ofm-postman run, each journey, ${BRUNO_RUNS} runs each…`);
const bruno: BrunoFigure[] = [];
for (const auth of ['private_key_jwt', 'tls_client_auth'] as const)
  bruno.push(await brunoFigures(work, issuer, pki, auth, BRUNO_RUNS));
log("where Bruno's script time goes…");
const brunoSplit = await brunoBreakdown(pki);
server.kill('SIGTERM');
for (const run of [...signedRuns, ...plainRuns, ...oneLineRuns]) {
  if (run.requests !== REQUESTS)
    throw new Error(`a Newman run sent ${run.requests} of ${REQUESTS} requests`);
}
const signedMs = stat(signedRuns.map((r) => r.perRequestMs));
const plainMs = stat(plainRuns.map((r) => r.perRequestMs));
const oneLineMs = stat(oneLineRuns.map((r) => r.perRequestMs));
const newmanFigures = {
  requests: REQUESTS,
  withScriptMs: signedMs,
  noScriptMs: plainMs,
  oneLineScriptMs: oneLineMs,
  ratio: round(signedMs.median / plainMs.median),
  oneLineRatio: round(oneLineMs.median / plainMs.median),
  ratioOverOneLine: round(signedMs.median / oneLineMs.median),
  failedAssertions: signedRuns.reduce((n, r) => n + r.failed, 0),
  peakRssMb: {
    withScript: stat(signedRuns.map((r) => r.maxRssMb)),
    noScript: stat(plainRuns.map((r) => r.maxRssMb)),
  },
};

const newmanLines = [
  `Newman, ${REQUESTS} client-credentials requests per run`,
  `  with the script (private_key_jwt)  ${fmt(signedMs, 'ms/request')}`,
  `  no script (tls_client_auth)        ${fmt(plainMs, 'ms/request')}`,
  `  one-line script (tls_client_auth)  ${fmt(oneLineMs, 'ms/request')}: Newman's own cost of running any script, ${newmanFigures.oneLineRatio}x`,
  `  ratio ${newmanFigures.ratio}x (${newmanFigures.ratioOverOneLine}x over a one-line script); peak RSS with script ${fmt(newmanFigures.peakRssMb.withScript, 'MB')}, without ${fmt(newmanFigures.peakRssMb.noScript, 'MB')}`,
];
const brunoReport = brunoLines(bruno, brunoSplit);
if (brunoOnly) {
  rmSync(work, { recursive: true, force: true });
  log('');
  for (const line of [...newmanLines, '', ...brunoReport.lines]) log(line);
  process.exit(0);
}

// --- npm start ----------------------------------------------------------------------------------
const DEMOS = 3;
log(`npm start, ${DEMOS} runs…`);
const demoSeconds: number[] = [];
for (let i = 0; i < DEMOS; i++) {
  const t0 = Date.now();
  const demo = spawnSync('npm', ['start', '--silent'], {
    cwd: PACKAGE_ROOT,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (demo.status !== 0) throw new Error(`npm start failed: ${demo.stdout.slice(-1500)}`);
  demoSeconds.push((Date.now() - t0) / 1000);
}

// --- Bruno's Postman importer ------------------------------------------------------------------
log("Bruno's Postman importer…");
const brunoImport = await brunoImportFigures();
// CPU time: on a shared machine wall time measures the neighbours (unloaded, the two agree).
const slowestImportMs = Math.max(...brunoImport.map((f) => f.cpuMs));

// --- replay records under load -----------------------------------------------------------------
log('the sandbox under 1,100 token requests…');
const storeLoad = await storeLoadFigures(work);
if (!storeLoad.replayRefused) throw new Error('the replay record was evicted under load');

// --- test time per file --------------------------------------------------------------------------
log('test time per file, each file alone…');
const fileTimes = await testTimes(() => undefined);

// --- report -------------------------------------------------------------------------------------
const prerequestSize = sizes.find((s) => s.script === 'prerequest.js')?.bytes ?? 0;
const targets = [
  {
    target: 'sandbox PS256-2048 ≤ 10x node:crypto',
    value: `${signing['RSA-2048']?.ratio}x`,
    met: (signing['RSA-2048']?.ratio ?? Infinity) <= 10,
  },
  {
    target: 'Newman per request with signing ≤ 1.5x without script',
    value: `${newmanFigures.ratio}x`,
    met: newmanFigures.ratio <= 1.5,
  },
  {
    target: 'bru run (safe sandbox) ≤ 2x ofm-postman run of the same journey',
    value: `${brunoReport.worstRatio}x (slower journey)`,
    met: brunoReport.worstRatio <= 2,
  },
  {
    target: `ofm-postman --help start-up ≤ ${STARTUP_TARGET_MS} ms`,
    value: `${startup.helpMs.median} ms`,
    met: startup.helpMs.median <= STARTUP_TARGET_MS,
  },
  {
    target: "Bruno's Postman importer ≤ 5 s CPU per collection",
    value: `${slowestImportMs} ms (slowest)`,
    met: slowestImportMs <= 5000,
  },
  {
    target: 'client-authentication script ≤ 100 KB minified',
    value: `${prerequestSize} bytes`,
    met: prerequestSize <= 100_000,
  },
];
const results = {
  date: new Date().toISOString(),
  machine: {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
  },
  bundleSizes: sizes,
  ps256: signing,
  newman: newmanFigures,
  npmStartSeconds: stat(demoSeconds),
  brunoImport,
  bruno: { runs: bruno, breakdownMs: brunoSplit },
  startup,
  storeLoad,
  testSeconds: fileTimes,
  targets,
  benchSeconds: round((Date.now() - started) / 1000),
};
mkdirSync(join(PACKAGE_ROOT, 'bench'), { recursive: true });
writeFileSync(join(PACKAGE_ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
rmSync(work, { recursive: true, force: true });

log('');
log(`ofm-postman bench — ${results.date}, Node ${process.version}, ${results.machine.cpus} cores`);
log('');
log('bundle sizes');
for (const s of sizes)
  log(
    `  ${s.script.padEnd(22)} ${String(s.bytes).padStart(7)} bytes  ${String(s.gzipBytes).padStart(6)} gzip`,
  );
log('');
log('PS256 per client assertion');
for (const [bits, f] of Object.entries(signing)) {
  log(`  ${bits}  sandbox ${fmt(f.sandboxMs, 'ms')}`);
  log(`            node:crypto ${fmt(f.nativeMs, 'ms')}   ratio ${f.ratio}x`);
}
log('');
for (const line of newmanLines) log(line);
log('');
for (const line of brunoReport.lines) log(line);
log('');
log(
  `npm start (the demo; it builds only when dist/ is stale): ${fmt(results.npmStartSeconds, 's')}`,
);
log('');
log("Bruno's Postman importer (@usebruno/converters, scripts translated)");
for (const f of brunoImport) log(`  ${f.collection}  ${f.wallMs} ms wall, ${f.cpuMs} ms CPU`);
log('');
for (const line of startupLines) log(line);
log('');
log(
  `sandbox, ${storeLoad.requests} token requests over mTLS: ${storeLoad.msPerRequest} ms/request, ${storeLoad.storeSize} records kept, the early assertion's replay refused`,
);
log('');
log('test time per file');
for (const line of testTimeLines(fileTimes)) log(line);
log('');
log('targets');
for (const t of targets) log(`  ${t.met ? 'met    ' : 'MISSED '} ${t.target}: ${t.value}`);
log('');
log(`bench/results.json written; ${results.benchSeconds} s in all`);
