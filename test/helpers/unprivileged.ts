/**
 * The binary run as a user file modes apply to. Tests run as root (here and in CI), and root
 * ignores file modes, so a "folder you cannot write" needs either another user (`nobody`, uid
 * 65534, when it can reach the checkout) or root without the capabilities that bypass file modes
 * (setpriv drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH; used when the checkout sits under a
 * folder `nobody` cannot enter, as a fresh clone under a 0700 temporary folder does). Each test
 * file checks the precondition with {@link UnprivilegedRunner.probe}.
 */
import { execFile, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chownSync, lstatSync, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, type CliResult } from './cli.js';

const NOBODY = 65534;
const SETPRIV = [
  '/usr/bin/setpriv',
  '--inh-caps=-all',
  '--ambient-caps=-all',
  '--bounding-set=-dac_override,-dac_read_search',
];

export interface UnprivilegedRunner {
  /** How the binary is run, for messages. */
  readonly how: string;
  run(
    args: readonly string[],
    options: { cwd: string; env: Record<string, string>; timeoutMs: number },
  ): Promise<CliResult>;
  /** What a write in `readOnly` gives (`EACCES` expected), and one in the work folder. */
  probe(readOnly: string): { readOnly: string; beside: string };
}

type Mode = { how: string; command: string[]; ids: { uid?: number; gid?: number } };

function chownTree(path: string): void {
  chownSync(path, NOBODY, NOBODY);
  if (lstatSync(path).isDirectory())
    for (const entry of readdirSync(path)) chownTree(join(path, entry));
}

/** Whether `nobody` can read the binary and the installed dependencies. */
function nobodyReaches(repoRoot: string): boolean {
  const check = `const fs=require('fs');for(const p of process.argv.slice(1))fs.accessSync(p,fs.constants.R_OK)`;
  const modules = realpathSync(join(repoRoot, 'node_modules'));
  const paths = [BIN, join(repoRoot, 'dist'), join(modules, 'newman', 'package.json')];
  const result = spawnSync(process.execPath, ['-e', check, ...paths], {
    uid: NOBODY,
    gid: NOBODY,
    stdio: 'ignore',
  });
  return result.status === 0;
}

function chooseMode(work: string, repoRoot: string): Mode {
  if (process.getuid?.() !== 0) return { how: 'as this user (not root)', command: [], ids: {} };
  if (nobodyReaches(repoRoot)) {
    chownTree(work); // the work folder is the unprivileged user's own
    return { how: 'as nobody (uid 65534)', command: [], ids: { uid: NOBODY, gid: NOBODY } };
  }
  return { how: 'as root without CAP_DAC_OVERRIDE (setpriv)', command: SETPRIV, ids: {} };
}

/** A runner for the binary as a user that file modes bind; `work` becomes readable to it. */
export function unprivilegedRunner(work: string, repoRoot: string): UnprivilegedRunner {
  const mode = chooseMode(work, repoRoot);
  const [program, ...prefix] = mode.command.length > 0 ? mode.command : [process.execPath];
  const argv = (args: readonly string[]) =>
    mode.command.length > 0 ? [...prefix, process.execPath, ...args] : [...args];
  const env = (extra: Record<string, string>) => ({ ...process.env, HOME: work, ...extra });
  return {
    how: mode.how,
    run: (args, options) =>
      new Promise((resolve) => {
        execFile(
          program as string,
          argv([BIN, ...args]),
          {
            ...mode.ids,
            cwd: options.cwd,
            env: env(options.env),
            timeout: options.timeoutMs,
            encoding: 'utf8',
          },
          (error, stdout, stderr) => {
            const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
            resolve({ status, stdout, stderr });
          },
        );
      }),
    probe: (readOnly) => {
      const script = `const fs=require('fs');const tryWrite=(p)=>{try{fs.writeFileSync(p,'x');fs.unlinkSync(p);return 'written'}catch(e){return e.code}};process.stdout.write(JSON.stringify({readOnly:tryWrite(process.argv[1]),beside:tryWrite(process.argv[2])}))`;
      const options: SpawnSyncOptions = { ...mode.ids, cwd: work, env: env({}), encoding: 'utf8' };
      const result = spawnSync(
        program as string,
        argv(['-e', script, join(readOnly, '.probe'), join(work, '.probe')]),
        options,
      );
      return JSON.parse(String(result.stdout) || '{}') as { readOnly: string; beside: string };
    },
  };
}
