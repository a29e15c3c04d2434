/** Runs the ofm-postman binary as a user would (the built dist/ behind bin/). */
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.js';

export const BIN = join(REPO_ROOT, 'bin', 'ofm-postman.js');
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
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

/** The binary without blocking this process, so an in-process server can answer it. */
export function runCliAsync(
  args: string[],
  options: {
    cwd?: string;
    env?: Record<string, string>;
    /** Use `env` alone instead of adding it to this process's environment. */
    replaceEnv?: boolean;
    timeoutMs?: number;
  } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        encoding: 'utf8',
        cwd: options.cwd ?? REPO_ROOT,
        env: options.replaceEnv ? options.env : { ...process.env, ...options.env },
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
