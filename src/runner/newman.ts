/**
 * Newman, loaded on first use: it takes about half a second to load, and only `run` and `demo`
 * need it, so the other commands and `--help` never pay for it.
 *
 * On Node 24, loading newman 6.2 emits `[DEP0176] DeprecationWarning: fs.F_OK is deprecated` from
 * its `lib/run/secure-fs.js`. The user can do nothing about a dependency's warning, and it turns
 * every one-line error into three, so exactly that warning is dropped: code DEP0176, raised from
 * inside newman's folder, while newman loads. Every other warning still reaches the user.
 */
import type Newman from 'newman';

type NewmanModule = typeof Newman;

const NEWMAN_FRAME = /[\\/]node_modules[\\/]newman[\\/]/;

/** True for the one known warning newman's own code causes on Node 24. */
export function isNewmanFsConstantWarning(
  warning: string | Error,
  typeOrOptions: unknown,
  code: unknown,
  stack: string,
): boolean {
  const codeOf =
    typeof warning === 'object' && 'code' in warning
      ? warning.code
      : typeof typeOrOptions === 'object' && typeOrOptions !== null && 'code' in typeOrOptions
        ? (typeOrOptions as { code?: unknown }).code
        : code;
  return codeOf === 'DEP0176' && NEWMAN_FRAME.test(stack);
}

/**
 * Runs `load` (which loads a newman) with newman's DEP0176 dropped and every other warning let
 * through; the original emitWarning is put back afterwards.
 */
export async function withoutNewmanFsWarning<T>(load: () => T | Promise<T>): Promise<T> {
  const emitWarning = process.emitWarning;
  const filtered = function (this: unknown, warning: string | Error, ...rest: unknown[]) {
    const stack = new Error('warning origin').stack ?? '';
    if (isNewmanFsConstantWarning(warning, rest[0], rest[1], stack)) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  process.emitWarning = filtered;
  try {
    return await load();
  } finally {
    // Put the original back unless someone replaced ours in the meantime.
    if (process.emitWarning === filtered) process.emitWarning = emitWarning;
  }
}

let loading: Promise<NewmanModule> | undefined;

/** newman's module, loaded once; concurrent callers share the one load. */
export function loadNewman(): Promise<NewmanModule> {
  loading ??= withoutNewmanFsWarning(async () => (await import('newman')).default);
  return loading;
}
