/**
 * ofm-postman's command line run in the test's own process: the built dist/'s runCommandLine,
 * which prints what the binary prints and returns its exit code without exiting. It saves the
 * ~1 s of imports (newman, oidc-provider) a child process pays on every call.
 *
 * The working directory and the environment are this process's, so calls take turns: each runs
 * alone in the `cwd` and with the `env` it was given, both put back after it.
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { CliOptions, CliResult } from './cli.js';
import { REPO_ROOT } from './paths.js';

type CommandLine = typeof import('../../src/cli/command-line.js');

let loaded: Promise<CommandLine> | undefined;

/** dist/, as the binary runs it (tests run after `npm run build`). */
function commandLine(): Promise<CommandLine> {
  loaded ??= import(pathToFileURL(join(REPO_ROOT, 'dist', 'cli', 'command-line.js')).href);
  return loaded;
}

/**
 * Why a call must have a process of its own, or undefined when it can run here: node options,
 * an environment that replaces this one, the sandbox (it serves until a signal and takes over
 * console; its --help alone runs here), Newman's own `cli` reporter (it writes to process.stdout
 * itself).
 */
export function inProcessReason(args: readonly string[], options: CliOptions): string | undefined {
  if (options.nodeArgs !== undefined && options.nodeArgs.length > 0) return 'node options';
  if (options.replaceEnv) return 'an environment of its own';
  // `sandbox --help` alone runs here: yargs prints the help and the handler never runs.
  const helpOnly = args.length === 2 && (args[1] === '--help' || args[1] === '-h');
  if (args[0] === 'sandbox' && !helpOnly) return 'the sandbox: signals and console';
  const reporters = args.indexOf('--reporters');
  if (reporters >= 0 && args.slice(reporters + 1).includes('cli')) return "Newman's cli reporter";
  return undefined;
}

let turn: Promise<unknown> = Promise.resolve();

/** Runs `args` in this process after the calls before it; see the module comment. */
export function runInProcess(args: readonly string[], options: CliOptions): Promise<CliResult> {
  const call = turn.then(() => runAlone(args, options));
  turn = call.catch(() => undefined);
  return call;
}

async function runAlone(args: readonly string[], options: CliOptions): Promise<CliResult> {
  const { runCommandLine } = await commandLine();
  const cwd = process.cwd();
  const env = Object.entries(options.env ?? {});
  const before = env.map(([name]) => [name, process.env[name]] as const);
  const timeoutMs = options.timeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    for (const [name, value] of env) process.env[name] = value;
    process.chdir(options.cwd ?? REPO_ROOT);
    const abandoned = new Promise<CliResult>((resolve) => {
      timer = setTimeout(
        () => resolve({ status: null, stdout: '', stderr: `not done within ${timeoutMs} ms` }),
        timeoutMs,
      );
    });
    return await Promise.race([runCommandLine(args, Readable.from([])), abandoned]);
  } finally {
    clearTimeout(timer);
    process.chdir(cwd);
    for (const [name, value] of before)
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
  }
}
