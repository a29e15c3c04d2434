/**
 * Whether a folder can receive a file, found before anything is sent: the folder itself, or the
 * nearest part of its path that exists when it is still to be made, must be a folder this process
 * may write in and enter. Checked with access(2), which answers for this user (root included,
 * when it has given up the capabilities that bypass file modes).
 */
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../shared/errors.js';

const errnoOf = (cause: unknown): string | undefined => (cause as NodeJS.ErrnoException)?.code;

/** The error of a write that failed on the disk, saying what is left as it was. */
export function writeFailed(path: string, from: string, cause: unknown, kept: string): UsageError {
  const errno = errnoOf(cause) ?? 'an error';
  return new UsageError(
    'ERR_OFM_WRITE_FAILED',
    `could not write ${from} ${path} (${errno}); ${kept}.`,
    { cause, hint: 'check that the folder is writable and the disk has room, then run it again' },
  );
}

function notWritable(path: string, from: string, why: string, folder: string): UsageError {
  return new UsageError(
    'ERR_OFM_NOT_WRITABLE',
    `${from} ${path}: ${why}; nothing was sent or written.`,
    {
      hint: `choose another ${from}, or make ${folder} a folder you can write in`,
    },
  );
}

/**
 * Checks that `folder` exists or can be made, and that `path` (the file `from` names) can be
 * written in it; otherwise ERR_OFM_NOT_WRITABLE naming the path, the option and the folder.
 */
export async function checkFolder(folder: string, from: string, path: string): Promise<void> {
  let current = folder;
  // Bounded by the depth of the path: dirname of the root is the root.
  for (;;) {
    let info;
    try {
      info = await stat(current);
    } catch (cause) {
      const errno = errnoOf(cause);
      if ((errno === 'ENOENT' || errno === 'ENOTDIR') && dirname(current) !== current) {
        current = dirname(current);
        continue;
      }
      throw notWritable(path, from, `${current} cannot be read (${errno ?? 'error'})`, current);
    }
    if (!info.isDirectory())
      throw notWritable(path, from, `${current} is a file, not a folder`, current);
    try {
      await access(current, constants.W_OK | constants.X_OK);
    } catch {
      const made = current === folder ? '' : ` (where ${folder} would be made)`;
      throw notWritable(path, from, `the folder ${current}${made} is not writable`, current);
    }
    return;
  }
}

/**
 * Makes `folder` and the folders missing above it, each with `mode`, as `mkdir -p`; returns the
 * topmost folder it made (undefined when `folder` existed). A folder it cannot make is
 * ERR_OFM_NOT_WRITABLE (a folder not writable, or a file in the path) or ERR_OFM_WRITE_FAILED,
 * naming the folder, so no command ends on a bare EACCES.
 *
 * One folder at a time, from the nearest one that exists: Node's own `recursive` retries a folder
 * whose mkdir says ENOENT after making its parent, and spins forever where the parent exists but
 * takes no child (under /proc or /sys, Node 20 to 24). Bounded by the depth of the path.
 */
export async function makeFolders(folder: string, mode: number): Promise<string | undefined> {
  const missing: string[] = [];
  try {
    let current = resolve(folder);
    for (;;) {
      const info = await stat(current).catch((cause: unknown) => {
        if (errnoOf(cause) !== 'ENOENT' || dirname(current) === current) throw cause;
        return undefined;
      });
      if (info !== undefined) break;
      missing.unshift(current);
      current = dirname(current);
    }
    for (const dir of missing)
      await mkdir(dir, { mode }).catch((cause: unknown) => {
        // Made meanwhile by another process: as good as made here.
        if (errnoOf(cause) !== 'EEXIST') throw cause;
      });
  } catch (cause) {
    await checkFolder(folder, 'folder', folder);
    throw writeFailed(folder, 'folder', cause, 'nothing was written');
  }
  return missing[0];
}
