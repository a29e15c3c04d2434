/**
 * Reading a file a user named, checked the same way everywhere: it exists, is a file (not a
 * folder), can be read, parses, and is of the kind the option expects. Each mistake is one coded
 * line that names the option or variable the user actually set.
 */
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { UsageError } from '../shared/errors.js';
import { jsonSyntaxProblem } from './json-syntax.js';
import { KIND_NAMES, kindOf, type FileKind } from './kinds.js';

/** Where a path came from, as the user wrote it: `--environment`, `OFM_SIGNING_KEY_FILE`, … */
export interface PathSource {
  /** What the file is, in words: "environment", "client key". */
  readonly what: string;
  /** The flag or variable that named it. */
  readonly from: string;
}

const label = (source: PathSource) => `${source.what} (${source.from})`;

/**
 * Checks that `path` is a readable file. Missing: ERR_OFM_FILE_NOT_FOUND (exit 3). A folder or
 * something else: ERR_OFM_NOT_A_FILE (exit 2).
 */
export async function assertFile(path: string, source: PathSource, hint?: string): Promise<void> {
  let info;
  try {
    info = await stat(path);
    await access(path, constants.R_OK);
  } catch (cause) {
    throw new UsageError('ERR_OFM_FILE_NOT_FOUND', `${label(source)} ${path} cannot be read.`, {
      cause,
      hint: hint ?? `check the path given to ${source.from}`,
    });
  }
  if (!info.isFile())
    throw new UsageError(
      'ERR_OFM_NOT_A_FILE',
      `${label(source)} ${path} is ${info.isDirectory() ? 'a folder' : 'not a regular file'}.`,
      { hint: `give ${source.from} the path of a file, not a folder` },
    );
}

/** Reads a checked file as text. */
export async function readText(path: string, source: PathSource, hint?: string): Promise<string> {
  await assertFile(path, source, hint);
  return readFile(path, 'utf8');
}

/**
 * Reads and parses a JSON file; not JSON is ERR_OFM_FILE_INVALID (exit 2), located as
 * `file:line:column` with a hint that fits the mistake.
 */
export async function readJsonFile(path: string, source: PathSource): Promise<unknown> {
  const text = await readText(path, source);
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const problem = await jsonSyntaxProblem(text);
    const where = problem === undefined ? path : `${path}:${problem.line}:${problem.column}`;
    throw new UsageError(
      'ERR_OFM_FILE_INVALID',
      `${label(source)} ${where} is not JSON (${problem?.what ?? (cause as Error).message}).`,
      {
        cause,
        hint: problem?.hint ?? 'correct the JSON syntax (an editor or JSON linter shows where)',
      },
    );
  }
}

/**
 * Reads a JSON file that must be of one kind. A collection given as the environment, a
 * `package.json` as anything: ERR_OFM_FILE_KIND (exit 2), naming what the file is instead.
 */
export async function readKind<T = unknown>(
  path: string,
  kind: FileKind,
  source: PathSource,
): Promise<T> {
  const value = await readJsonFile(path, source);
  const found = kindOf(value);
  if (found !== kind)
    throw new UsageError(
      'ERR_OFM_FILE_KIND',
      found === 'other'
        ? `${label(source)} ${path} is not ${KIND_NAMES[kind]}.`
        : `${label(source)} ${path} is ${KIND_NAMES[found]}, not ${KIND_NAMES[kind]}.`,
      { hint: `give ${source.from} ${KIND_NAMES[kind]}` },
    );
  return value as T;
}
