/**
 * `npm run bench`, Bruno: wall time of `bru run` of a journey (Bruno's default safe sandbox, the
 * committed collection folder) against `ofm-postman run` of the same journey, against the same local
 * sandbox in the same bench run, and the floor: the same Bruno requests with every script and test
 * removed. Runs alternate, so the machine's drift falls on all three alike.
 *
 * `npm run bench -- --bruno-only` measures this (and Newman's per-request figure) alone.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { brunoCollectionDir } from '../src/builder/bruno/generate.js';
import { collectionFileName } from '../src/builder/collection.js';
import { PACKAGE_ROOT } from '../src/builder/paths.js';
import { localTarget } from '../src/builder/targets.js';
import type { EnsureKeysResult } from '../src/keys/test-pki.js';
import { buildCertList } from '../src/runner/cert-list.js';
import type { AuthMethod } from '../src/shared/variables.js';
import { bruRunArgs, prepareBrunoFolder, spawnBru } from '../test/helpers/bruno-run.js';
import { localEnvironment } from '../test/helpers/local-run.js';

export interface BrunoFigure {
  readonly auth: AuthMethod;
  /** Wall seconds of each run, in the order measured. */
  readonly bruno: number[];
  readonly floor: number[];
  /** The same requests with a one-line script in each request's two phases (pre-request, tests). */
  readonly twoPhaseFloor: number[];
  readonly newman: number[];
  /** Bruno's own summary of the last scripted run: requests, and tests passed and failed. */
  readonly summary: string;
  /** Requests sent by the journey and by each floor (the same, by construction). */
  readonly requests: { bruno: number; floor: number; twoPhaseFloor: number };
}

/** The request count in Bruno's summary table (│ Requests │ 22 (22 Passed) │). */
const requestCount = (stdout: string) =>
  Number(/│\s*Requests\s*│\s*(\d+)/.exec(stdout)?.[1] ?? NaN);

/** Every `.bru` file under `dir`, recursively. */
function bruFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? bruFiles(join(dir, e.name))
      : e.name.endsWith('.bru')
        ? [join(dir, e.name)]
        : [],
  );
}

/**
 * The floor: the folder with every script and tests block removed (the requests stay); with
 * `oneLine`, each request then gets a one-line pre-request script and tests block instead, what
 * Bruno charges for the two phases alone.
 */
function stripScripts(folder: string, oneLine = false): void {
  const phases =
    'script:pre-request {\n  var ofmBench = 1;\n}\n\ntests {\n  var ofmBench = 1;\n}\n\n';
  for (const file of bruFiles(folder)) {
    // Block bodies are indented; a block ends at the first `}` in column 0.
    let text = readFileSync(file, 'utf8').replace(
      /^(script:[\w-]+|tests) \{\n[\s\S]*?\n\}\n\n?/gm,
      '',
    );
    if (oneLine && /^(get|post) \{/m.test(text))
      text = text.replace(/^docs \{/m, `${phases}docs {`);
    writeFileSync(file, text);
  }
}

/**
 * The request files a scripted run sent, in order (a request a script pages through, such as
 * Transactions, appears once per page): Bruno's JSON report of one run, not timed.
 */
async function journeyRequests(folder: string, args: readonly string[]): Promise<string[]> {
  const report = join(folder, 'requests.json');
  const run = await spawnBru(folder, [...args, '--reporter-json', report]);
  if (run.code !== 0) throw new Error(`bru run failed:\n${run.stdout.slice(-3000)}`);
  const [iteration] = JSON.parse(readFileSync(report, 'utf8')) as Array<{
    results: Array<{ test?: { filename?: string } }>;
  }>;
  return (iteration?.results ?? []).map((r) => r.test?.filename ?? '');
}

/**
 * Without scripts nothing pages: so that a floor sends as many requests as the journey, each
 * request file the journey sent `k` times gets `k - 1` copies beside it (same seq, so same place).
 */
function repeatRequests(folder: string, sent: readonly string[]): void {
  const counts = new Map<string, number>();
  for (const file of sent) counts.set(file, (counts.get(file) ?? 0) + 1);
  for (const [file, count] of counts) {
    const text = readFileSync(join(folder, file), 'utf8');
    for (let i = 2; i <= count; i++)
      writeFileSync(join(folder, file.replace(/\.bru$/, ` (${i}).bru`)), text);
  }
}

async function timed<T>(run: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const t0 = performance.now();
  const value = await run();
  return { seconds: Math.round(performance.now() - t0) / 1000, value };
}

/** `ofm-postman run` (the built binary) of the journey, fresh state, quiet. */
function ofmRun(work: string, issuer: string, pki: EnsureKeysResult, auth: AuthMethod) {
  const env = join(work, `env.${auth}.json`);
  const certs = join(work, `certs.${auth}.json`);
  writeFileSync(env, JSON.stringify(localEnvironment({ issuer }, pki, auth)), { mode: 0o600 });
  writeFileSync(
    certs,
    JSON.stringify(buildCertList(localTarget(issuer), pki.paths.transport[auth])),
  );
  const args = [
    join(PACKAGE_ROOT, 'bin', 'ofm-postman.js'),
    'run',
    '--collection',
    join(PACKAGE_ROOT, 'collections', collectionFileName(auth)),
    '--environment',
    env,
    '--cert-list',
    certs,
    '--ca',
    pki.paths.caCert,
    '--state',
    join(work, `state.${auth}.json`),
    '--fresh',
    '--quiet',
  ];
  return new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: work, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** `repeats` alternating runs of each: bru run, bru run without scripts, ofm-postman run. */
export async function brunoFigures(
  work: string,
  issuer: string,
  pki: EnsureKeysResult,
  auth: AuthMethod,
  repeats: number,
): Promise<BrunoFigure> {
  const sandbox = { issuer } as Parameters<typeof prepareBrunoFolder>[0];
  const args = bruRunArgs(sandbox, pki, auth);
  const scripted = prepareBrunoFolder(sandbox, pki, auth);
  const sent = await journeyRequests(prepareBrunoFolder(sandbox, pki, auth), args);
  const bare = prepareBrunoFolder(sandbox, pki, auth);
  stripScripts(bare);
  repeatRequests(bare, sent);
  const twoPhase = prepareBrunoFolder(sandbox, pki, auth);
  stripScripts(twoPhase, true);
  repeatRequests(twoPhase, sent);
  const figure: BrunoFigure = {
    auth,
    bruno: [],
    floor: [],
    twoPhaseFloor: [],
    newman: [],
    summary: '',
    requests: { bruno: 0, floor: 0, twoPhaseFloor: 0 },
  };
  const requests = { bruno: 0, floor: 0, twoPhaseFloor: 0 };
  let summary = '';
  for (let i = 0; i < repeats; i++) {
    const bruno = await timed(() => spawnBru(scripted, args));
    if (bruno.value.code !== 0)
      throw new Error(`bru run failed (${auth}):\n${bruno.value.stdout.slice(-3000)}`);
    // Bruno's summary table: │ Requests │ 22 (22 Passed) │, │ Tests │ 83/83 │ ...
    summary = bruno.value.stdout
      .split('\n')
      .filter((l) => /│\s*(Requests|Tests|Assertions)\s/.test(l))
      .map((l) => l.replace(/[│\s]+/g, ' ').trim())
      .join(', ');
    figure.bruno.push(bruno.seconds);
    requests.bruno = requestCount(bruno.value.stdout);
    const floor = await timed(() => spawnBru(bare, args));
    figure.floor.push(floor.seconds);
    requests.floor = requestCount(floor.value.stdout);
    const two = await timed(() => spawnBru(twoPhase, args));
    figure.twoPhaseFloor.push(two.seconds);
    requests.twoPhaseFloor = requestCount(two.value.stdout);
    const newman = await timed(() => ofmRun(work, issuer, pki, auth));
    if (newman.value !== 0)
      throw new Error(`ofm-postman run failed (${auth}): exit ${newman.value}`);
    figure.newman.push(newman.seconds);
  }
  return { ...figure, summary, requests };
}

/** Where one request's script time goes in Bruno's safe sandbox, median ms of in-process runs. */
export interface BrunoBreakdown {
  /** A fresh QuickJS context with a one-line script: Bruno's own cost per phase. */
  readonly contextMs: number;
  /** The adapter and the light pre-request script, timed inside the context (as the rest). */
  readonly lightMs: number;
  /** The client-authentication bundle loaded (parsed, evaluated, API registered), over the adapter. */
  readonly bundleMs: number;
  /** jsrsasign evaluated (the bundle's toolkit() on first use), over loading the bundle. */
  readonly toolkitMs: number;
  /** The first PS256 client assertion of a phase in QuickJS: the key read, then the signature. */
  readonly signMs: number;
  /** A second assertion in the same phase (the key already read): the signature alone. */
  readonly resignMs: number;
  /** Bruno's .bru parser, ms per KB of script (a request file with the bundle inlined). */
  readonly bruParseMsPerKb: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

interface ScriptRuntimeLike {
  runRequestScript(
    script: string,
    request: object,
    env: object,
    ...rest: unknown[]
  ): Promise<unknown>;
}

/** Measures {@link BrunoBreakdown} with Bruno's own script runtime on the committed folder. */
export async function brunoBreakdown(pki: EnsureKeysResult, runs = 9): Promise<BrunoBreakdown> {
  const require = createRequire(join(PACKAGE_ROOT, 'package.json'));
  const ScriptRuntime = require('@usebruno/js/src/runtime/script-runtime.js') as new (
    o: object,
  ) => ScriptRuntimeLike;
  const { bruToJsonV2, jsonToBruV2 } = require('@usebruno/lang') as {
    bruToJsonV2(text: string): unknown;
    jsonToBruV2(json: object): string;
  };
  const runtime = new ScriptRuntime({ runtime: 'quickjs' });
  const folder = join(PACKAGE_ROOT, brunoCollectionDir('private_key_jwt'));
  const env = localEnvironment({ issuer: 'https://127.0.0.1:1' }, pki, 'private_key_jwt');
  const vars = Object.fromEntries(env.values.map((v) => [v.key, v.value]));
  const run = async (script: string, log: (type: string, args: unknown[]) => void) => {
    const request = { url: 'https://127.0.0.1:1/token', method: 'GET', headers: {}, name: 'x' };
    const t0 = performance.now();
    await runtime.runRequestScript(script, request, { ...vars }, {}, folder, log, {});
    return performance.now() - t0;
  };
  const contexts: number[] = [];
  for (let i = 0; i < runs; i++) contexts.push(await run('var ofmBench = 1;', () => undefined));
  // The steps are timed inside one context (Date.now marks), apart from the context's own noise.
  const pm = (phase: string) => `globalThis.pm = Math.__ofm_bruno_pm("${phase}");`;
  const get = 'function (n) { return pm.variables.get(n); }';
  const steps = [
    `require('./lib/bruno-adapter.js');`,
    `${pm('prerequest')} require('./lib/bruno-prerequest.js');`,
    `${pm('test')} require('./lib/prerequest.js');`,
    'var api = Math.__ofm_postman_api__; api.toolkit();',
    `api.clientAuthForm(${get}, 'bench');`,
    `api.clientAuthForm(${get}, 'bench again');`,
  ];
  const script = [
    'var marks = [Date.now()];',
    ...steps.map((s) => `${s}\nmarks.push(Date.now());`),
    "console.log('OFM_STEPS ' + JSON.stringify(marks));",
  ].join('\n');
  const deltas: number[][] = steps.map(() => []);
  for (let i = 0; i < runs; i++) {
    await run(script, (_type, args) => {
      const line = String(args[0]);
      if (!line.startsWith('OFM_STEPS ')) return;
      const marks = JSON.parse(line.slice(10)) as number[];
      deltas.forEach((d, k) => d.push((marks[k + 1] ?? NaN) - (marks[k] ?? NaN)));
    });
  }
  const [adapterMs, lightMs, bundleMs, toolkitMs, signMs, resignMs] = deltas.map(median) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const bundleText = readFileSync(join(folder, 'lib', 'prerequest.js'), 'utf8');
  const bru = jsonToBruV2({
    meta: { name: 'x', type: 'http', seq: 1 },
    http: { method: 'get', url: 'https://x', body: 'none', auth: 'none' },
    script: { req: bundleText },
  });
  const parse: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    bruToJsonV2(bru);
    parse.push(performance.now() - t0);
  }
  const r = (n: number) => Math.round(n * 10) / 10;
  return {
    contextMs: r(median(contexts)),
    lightMs: r(adapterMs + lightMs),
    bundleMs: r(bundleMs),
    toolkitMs: r(toolkitMs),
    signMs: r(signMs),
    resignMs: r(resignMs),
    bruParseMsPerKb: r(median(parse) / (Buffer.byteLength(bru) / 1024)),
  };
}

/** The bench's lines for the Bruno figures, and the worse journey's ratio to Newman. */
export function brunoLines(figures: readonly BrunoFigure[], split: BrunoBreakdown) {
  const lines = [
    'bru run (safe sandbox) vs ofm-postman run of the same journey, wall seconds, median',
  ];
  let worstRatio = 0;
  for (const f of figures) {
    const [b, floor, two, n] = [f.bruno, f.floor, f.twoPhaseFloor, f.newman].map(median) as [
      number,
      number,
      number,
      number,
    ];
    const x = (v: number) => `${Math.round((v / n) * 100) / 100}x`;
    worstRatio = Math.max(worstRatio, Math.round((b / n) * 100) / 100);
    lines.push(
      `  ${f.auth.padEnd(16)} ofm-postman run ${n} s; bru run ${b} s: ${x(b)} (runs ${f.bruno.join(', ')})`,
      `  ${' '.repeat(16)} floors, the same ${f.requests.floor}/${f.requests.twoPhaseFloor} requests: no script ${floor} s (${x(floor)}), a one-line script in both phases ${two} s (${x(two)})`,
      `  ${' '.repeat(16)} bru run / its two-phase floor: ${Math.round((b / two) * 100) / 100}x (${f.requests.bruno} requests)`,
      `  ${' '.repeat(16)} ${f.summary}`,
    );
  }
  lines.push(
    `  per phase: Bruno's fresh context ${split.contextMs} ms, adapter + light script +${split.lightMs} ms, the bundle +${split.bundleMs} ms, jsrsasign evaluated +${split.toolkitMs} ms, one PS256 assertion +${split.signMs} ms (a second one +${split.resignMs} ms); .bru parsing ${split.bruParseMsPerKb} ms/KB`,
  );
  return { lines, worstRatio };
}
