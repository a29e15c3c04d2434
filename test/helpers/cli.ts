/**
 * Runs ofm-postman to completion: in this process by default (`runCliAsync`: the built dist/'s
 * command line, the same output and exit code, without ~1 s of imports per call), or as the binary
 * a user runs (`runCli`, `spawned: true`, and whatever needs a process of its own). `spawnCli`
 * runs the binary as a process that a test talks to line by line.
 */
import {
  execFile,
  spawn,
  spawnSync,
  type ChildProcessWithoutNullStreams,
} from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';
import { inProcessReason, runInProcess } from './cli-in-process.js';

export const BIN = join(REPO_ROOT, 'bin', 'ofm-postman.js');
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Default: the checkout. */
  readonly cwd?: string;
  /** Added to this process's environment. */
  readonly env?: Record<string, string>;
  /** Use `env` alone instead of adding it to this process's environment. */
  readonly replaceEnv?: boolean;
  /** Node options before the binary (e.g. `--import` a module hook). */
  readonly nodeArgs?: readonly string[];
  /** The process is killed (an in-process call abandoned) after this long. */
  readonly timeoutMs?: number;
  /**
   * Run the binary in a process of its own (bin/ and dist/ as installed), not in this process:
   * for the smoke tests that keep the binary honest and for what needs a real process.
   */
  readonly spawned?: boolean;
}

function argv(args: readonly string[], options: CliOptions): string[] {
  return [...(options.nodeArgs ?? []), BIN, ...args];
}

function environment(options: CliOptions): NodeJS.ProcessEnv {
  return options.replaceEnv ? { ...options.env } : { ...process.env, ...options.env };
}

/** The binary as a process of its own, this process blocked until it ends. */
export function runCli(args: string[], options: CliOptions = {}): CliResult {
  const result = spawnSync(process.execPath, argv(args, options), {
    encoding: 'utf8',
    cwd: options.cwd ?? REPO_ROOT,
    env: environment(options),
    timeout: options.timeoutMs ?? 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The command line without blocking this process, so an in-process server can answer it: in
 * this process unless `spawned` (or the call needs a process: see cli-in-process.ts).
 */
export function runCliAsync(args: string[], options: CliOptions = {}): Promise<CliResult> {
  // OFM_TEST_SPAWN_CLI=1 spawns every call, as before in-process calls (to compare, or to rule
  // them out when a test fails).
  const spawned = options.spawned || process.env.OFM_TEST_SPAWN_CLI === '1';
  if (!spawned && inProcessReason(args, options) === undefined) return runInProcess(args, options);
  return spawnAsync(args, options);
}

function spawnAsync(args: string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      argv(args, options),
      {
        encoding: 'utf8',
        cwd: options.cwd ?? REPO_ROOT,
        env: environment(options),
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

/** Asserts a one-line coded error and returns its code. */
export function errorCodeOf(result: CliResult): string {
  // oidc-provider 9 warns once, when it loads, that Node 20 is unsupported: that line is not ours.
  // On Node 22 and later there is no such line, and any other line fails the check.
  const lines = result.stderr
    .trim()
    .split('\n')
    .filter((line) => !(NODE_MAJOR < 22 && line.startsWith('oidc-provider WARNING: Unsupported')));
  if (lines.length !== 1) throw new Error(`expected one stderr line, got:\n${result.stderr}`);
  const match = /^ofm-postman: (ERR_OFM_[A-Z_]+): .+ \(hint: .+\)$/.exec(lines[0]!);
  if (!match) throw new Error(`not a coded error line: ${lines[0]}`);
  return match[1]!;
}

/**
 * The binary as a running process: its output collected, its stdout also handed out line by line
 * (a chunk may hold part of a line, or several: lines are buffered until their newline), killed
 * after `timeoutMs` (default 90 s) if still running.
 */
export class CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  /** Settles when the process has exited and its output is read: its exit code. */
  readonly closed: Promise<number | null>;
  private pending = '';
  private readonly listeners: Array<(line: string) => void> = [];

  constructor(args: string[], options: CliOptions = {}) {
    this.child = spawn(process.execPath, argv(args, options), {
      cwd: options.cwd ?? REPO_ROOT,
      env: environment(options),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
    this.child.stdout.on('data', (chunk: Buffer) => this.take(chunk.toString('utf8')));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.closed = new Promise((resolve) => {
      this.child.on('close', (status) => {
        clearTimeout(timer);
        resolve(status);
      });
    });
  }

  private take(text: string): void {
    this.stdout += text;
    this.pending += text;
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) for (const listener of [...this.listeners]) listener(line);
  }

  /** Calls `listener` with every later complete stdout line. */
  onLine(listener: (line: string) => void): void {
    this.listeners.push(listener);
  }

  /** The next complete stdout line; rejects if the process ends first or after `timeoutMs`. */
  nextLine(timeoutMs = 30_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no line within ${timeoutMs} ms; stderr:\n${this.stderr}`)),
        timeoutMs,
      );
      const listener = (line: string) => {
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        clearTimeout(timer);
        resolve(line);
      };
      this.onLine(listener);
      void this.closed.then((status) => {
        clearTimeout(timer);
        reject(new Error(`ofm-postman exited (${status}) before a line; stderr:\n${this.stderr}`));
      });
    });
  }

  write(text: string): void {
    this.child.stdin.write(text);
  }

  /** Sends `signal` and returns the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.closed;
  }
}

export function spawnCli(args: string[], options: CliOptions = {}): CliProcess {
  return new CliProcess(args, options);
}
