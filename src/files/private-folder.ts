/**
 * Folders that keep what they hold out of Git by themselves, wherever they are: keys, tokens,
 * flow state, private environments, certificate lists and reports belong to one machine. A root
 * `.gitignore` entry would protect only this checkout, not the user's own repository, so every
 * folder ofm-postman creates for such files carries its own `.gitignore` holding `*` (which
 * ignores the `.gitignore` too: `git add -A` stages nothing from the folder).
 *
 * A folder ofm-postman did not create (the project root of `env --out ./my-env.json`) is the
 * user's: it gets no `.gitignore`. There, after a secret is written, Git itself is asked
 * (`git check-ignore`) whether the file would be committed, and if so one warning line says how
 * to keep it out. Refusing would be wrong: the file may be meant for a folder Git never sees.
 */
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { makeFolders } from './folder.js';
import { io } from './io.js';

/** Folder for everything generated for one machine (keys, private environments, state, reports). */
export const PRIVATE_DIR = '.ofm';

/** The `.gitignore` ofm-postman writes into a folder it owns: a comment saying why, then `*`. */
export const IGNORE_ALL = [
  '# Written by ofm-postman: this folder holds keys, tokens, state or private environments of',
  '# this machine only, so Git ignores everything in it, this file included.',
  '*',
  '',
].join('\n');

/** The code of the warning line for a secret written where Git would commit it. */
export const NOT_IGNORED_WARNING = 'WARN_OFM_NOT_IGNORED';

/** Writes {@link IGNORE_ALL} into `dir`, never over a `.gitignore` already there. */
async function ignoreEverything(dir: string): Promise<void> {
  try {
    await writeFile(join(dir, '.gitignore'), IGNORE_ALL, { flag: 'wx', mode: 0o644 });
  } catch (cause) {
    // One already there is ours from an earlier command, or the user's: both are kept.
    if ((cause as NodeJS.ErrnoException).code !== 'EEXIST') throw cause;
  }
}

/** The `.ofm` folder `dir` is in (or is), if any. */
function privateRoot(dir: string): string | undefined {
  const parts = resolve(dir).split(sep);
  const at = parts.lastIndexOf(PRIVATE_DIR);
  return at < 0 ? undefined : parts.slice(0, at + 1).join(sep) || sep;
}

/**
 * Makes `dir` a folder for private files: created owner-only (0700) when missing, and made to
 * ignore itself. Under `.ofm/` the `.gitignore` goes into `.ofm/` itself, also when the folders
 * exist already (a version that relied on the project's own `.gitignore` made them); elsewhere the
 * topmost folder this call creates gets it (it covers every folder below). A folder that exists
 * outside `.ofm/` is the user's and is left as it is.
 */
export async function ensurePrivateFolder(dir: string): Promise<void> {
  const created = await makeFolders(dir, 0o700);
  const owned = privateRoot(dir) ?? created;
  if (owned !== undefined) await ignoreEverything(owned);
}

/**
 * Whether Git would commit `path`: true only inside a work tree where no ignore rule covers it
 * (or it is tracked already). Without Git, or outside a repository, nothing can be committed.
 */
export function gitWouldCommit(path: string): boolean {
  const result = spawnSync('git', ['check-ignore', '-q', '--', basename(path)], {
    cwd: dirname(path),
    stdio: 'ignore',
    timeout: 10_000,
  });
  // 0: ignored; 1: not ignored; 128 or an error (no git, not a repository): nothing to commit to.
  return result.error === undefined && result.status === 1;
}

/** A word for a POSIX shell: as it is when plain, else single-quoted. */
const shellWord = (word: string): string =>
  /^[\w./@+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;

/** How a person names `path`: relative to where they run the command when it is below it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/**
 * The warning line for secret files Git would commit, or undefined when it would commit none. The
 * hint is one command that ignores exactly those files (callers pass files of one folder).
 */
export function notIgnoredWarning(paths: readonly string[]): string | undefined {
  const exposed = paths.filter(gitWouldCommit);
  const first = exposed[0];
  if (first === undefined) return undefined;
  const one = exposed.length === 1;
  const folder = dirname(first);
  const subject = one
    ? shown(first)
    : `${exposed.map((p) => basename(p)).join(', ')} in ${shown(folder)}`;
  const them = one ? 'it' : 'them';
  const names = exposed.map((p) => shellWord(basename(p))).join(' ');
  const fix = `printf '/%s\\n' ${names} >> ${shellWord(shown(join(folder, '.gitignore')))}`;
  return `ofm-postman: ${NOT_IGNORED_WARNING}: ${subject} ${one ? 'holds' : 'hold'} secrets and Git does not ignore ${them}, so git add would commit ${them} (hint: ${fix}; or write under ${PRIVATE_DIR}/, which ignores itself)`;
}

/** Prints {@link notIgnoredWarning} on stderr when there is one. */
export function warnIfCommittable(paths: readonly string[]): void {
  const line = notIgnoredWarning(paths);
  if (line !== undefined) io.stderr.write(`${line}\n`);
}
