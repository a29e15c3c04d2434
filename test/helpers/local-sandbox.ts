/**
 * The local sandbox for a test file, on test keys in a temp folder and a port the OS chose: started
 * in this process (`useLocalSandbox`), or as `ofm-postman sandbox` in its own process
 * (`spawnSandbox`, `useSandboxProcess`), read from the JSON ready line it prints first.
 *
 * The `use…` helpers register before/after hooks. Node 20 starts top-level `before` hooks without
 * waiting for the previous one, so a test file's own `before` that needs the fields awaits
 * `ready()` first (the same set-up, run once, whichever hook asks first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { EnsureKeysResult } from '../../src/keys/test-pki.js';
import { testPki } from './shared-pki.js';
import type { RunningSandbox } from '../../src/server/sandbox.js';
import { spawnCli, type CliOptions, type CliProcess } from './cli.js';

export interface TestKeys {
  /** The temp folder of the test file (removed after it). */
  readonly dir: string;
  /** The test PKI; set once `ready()` has settled. */
  pki: EnsureKeysResult;
  /** Settles when the set-up is done (keys, and the sandbox of the `…Sandbox…` helpers). */
  ready(): Promise<void>;
}

/**
 * A temp folder with test keys in `keysPath`, then `start`; after the file, `stop` (servers using
 * the keys) and the folder's removal. `fields` are set on the context before any hook runs.
 */
function tempKeys<T extends TestKeys>(
  prefix: string,
  keysPath: string,
  fields: Partial<T>,
  start: (context: T) => Promise<void>,
  stop: () => Promise<unknown>,
): T {
  const context = { ...fields, dir: mkdtempSync(join(tmpdir(), prefix)) } as T;
  let setUp: Promise<void> | undefined;
  context.ready = () =>
    (setUp ??= (async () => {
      context.pki = await testPki(join(context.dir, keysPath));
      await start(context);
    })());
  before(() => context.ready());
  after(async () => {
    await stop();
    rmSync(context.dir, { recursive: true, force: true });
  });
  return context;
}

/** Registers hooks: a temp folder, test keys in its `keysPath` (default `keys`), its removal. */
export function useTestKeys(prefix: string, keysPath = 'keys'): TestKeys {
  const nothing = async () => undefined;
  return tempKeys(prefix, keysPath, {}, nothing, nothing);
}

/**
 * A loopback port free right now, for a sandbox's `loopbackRedirectPort` when a test listens on
 * the loopback redirect URI (tests never take a fixed port). Another process could take it before
 * the test binds it; the window is short, and the bind then fails loudly (EADDRINUSE).
 */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Settings a test may choose (startSandbox's input); port, keys and log are the helper's. */
export interface SandboxSettings {
  readonly strictFapi?: boolean;
  readonly login?: 'auto' | 'manual';
  readonly loopbackRedirectPort?: number;
  /** Access-token lifetime, seconds (10 or more): a token that expires within a test. */
  readonly accessTokenTtl?: number;
}

export interface LocalSandboxOptions extends Omit<SandboxSettings, 'loopbackRedirectPort'> {
  /** Where the keys go inside the temp folder (default `keys`). */
  readonly keysPath?: string;
  /** Register a loopback redirect URI on a port free now (see `loopbackPort`). */
  readonly freeLoopback?: boolean;
}

export interface LocalSandbox extends TestKeys {
  sandbox: RunningSandbox;
  /** The registered loopback redirect port, with `freeLoopback`. */
  loopbackPort: number;
  /** Every event the file's sandboxes logged, in order. */
  readonly logs: Array<Record<string, unknown>>;
  /** Starts another sandbox on the same keys (closed after the file, logging into `logs`). */
  start(settings?: SandboxSettings): Promise<RunningSandbox>;
}

/** Registers hooks that start and stop an in-process sandbox; the fields fill in `ready()`. */
export function useLocalSandbox(prefix: string, options: LocalSandboxOptions = {}): LocalSandbox {
  const { keysPath = 'keys', freeLoopback, ...settings } = options;
  const started: RunningSandbox[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const start = async (more: SandboxSettings = {}) => {
    // oidc-provider loads only in test files that start a sandbox here, not in the spawning ones.
    const { startSandbox } = await import('../../src/server/sandbox.js');
    const sandbox = await startSandbox({
      port: 0,
      keysDir: context.pki.paths.dir,
      log: (e: Record<string, unknown>) => logs.push(e),
      ...more,
    });
    started.push(sandbox);
    return sandbox;
  };
  const context: LocalSandbox = tempKeys<LocalSandbox>(
    prefix,
    keysPath,
    { logs, start },
    async (local) => {
      if (freeLoopback) local.loopbackPort = await freeLoopbackPort();
      local.sandbox = await local.start({
        ...settings,
        ...(freeLoopback ? { loopbackRedirectPort: local.loopbackPort } : {}),
      });
    },
    () => Promise.all(started.map((sandbox) => sandbox.close())),
  );
  return context;
}

/** What `ofm-postman sandbox` prints first: one JSON line. */
export interface ReadyLine extends Record<string, unknown> {
  readonly issuer: string;
  readonly port: number;
  readonly pid: number;
}

export interface SandboxProcess {
  readonly cli: CliProcess;
  readonly ready: ReadyLine;
  readonly issuer: string;
}

/**
 * Runs `ofm-postman sandbox <args>` and waits up to 30 s for its ready line; the process is killed
 * after `timeoutMs` (default 90 s) at the latest. Stop it with `cli.stop()`.
 */
export async function spawnSandbox(
  args: string[],
  options: CliOptions = {},
): Promise<SandboxProcess> {
  const cli = spawnCli(['sandbox', ...args], options);
  try {
    const ready = JSON.parse(await cli.nextLine(30_000)) as ReadyLine;
    return { cli, ready, issuer: ready.issuer };
  } catch (error) {
    await cli.stop('SIGKILL');
    throw error;
  }
}

export interface LocalSandboxProcess extends TestKeys {
  /** Set once `ready()` has settled. */
  running: SandboxProcess;
}

/**
 * Registers hooks: test keys, `ofm-postman sandbox --port 0 --keys <them> <args>` for the whole
 * test file (killed after 10 minutes at the latest), and its stop.
 */
export function useSandboxProcess(prefix: string, args: string[] = []): LocalSandboxProcess {
  const context: LocalSandboxProcess = tempKeys<LocalSandboxProcess>(
    prefix,
    'keys',
    {},
    async (local) => {
      local.running = await spawnSandbox(['--port', '0', '--keys', local.pki.paths.dir, ...args], {
        timeoutMs: 600_000,
      });
    },
    async () => context.running?.cli.stop(),
  );
  return context;
}
