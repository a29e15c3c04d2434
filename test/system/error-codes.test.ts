/**
 * Every error code walked: made by its family, formatted, and stopping the CLI with the exit status
 * its table gives it, which is also what the docs say; and no code is raised that no table holds.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { it } from 'node:test';
import { ERRORS_DOC, errorsDocument } from '../../scripts/lib/errors-doc.js';
import { exitCodeFor, reportError } from '../../src/cli/handle-error.js';
import {
  ERROR_FAMILIES,
  ERRORS,
  EXIT,
  FlowError,
  formatError,
  InputError,
  isErrorCode,
  KeyError,
  OfmError,
  ServerError,
  UsageError,
  type ErrorCode,
} from '../../src/shared/errors.js';
import { REPO_ROOT } from '../helpers/paths.js';

/** Makes an error of a code the way its family's code does. */
const MAKE: Record<keyof typeof ERROR_FAMILIES, (code: never, message: string) => OfmError> = {
  internal: (code: ErrorCode, message) => new OfmError(code, message, { hint: ERRORS[code].hint }),
  input: (code, message) => new InputError(code, message),
  key: (code, message) => new KeyError(code, message),
  flow: (code, message) => new FlowError(code, message),
  usage: (code, message) => new UsageError(code, message),
  server: (code, message) => new ServerError(code, message),
};

it('walks every code: made, formatted, and exiting as its table says', () => {
  let walked = 0;
  for (const [family, table] of Object.entries(ERROR_FAMILIES)) {
    for (const [code, { hint, exit }] of Object.entries(table)) {
      const error = MAKE[family as keyof typeof ERROR_FAMILIES](code as never, `${code} seen`);
      assert.equal(error.code, code);
      assert.equal(error.hint, hint, `${code} carries its family's hint`);
      assert.equal(formatError(error), `${code}: ${code} seen (hint: ${hint})`);
      const lines: string[] = [];
      assert.equal(
        reportError(error, (line) => lines.push(line)),
        exit,
        `${code} exits ${exit}`,
      );
      assert.deepEqual(lines, [`ofm-postman: ${code}: ${code} seen (hint: ${hint})`]);
      assert.equal(exitCodeFor(error), exit);
      walked += 1;
    }
  }
  assert.equal(walked, Object.keys(ERRORS).length, 'every code walked once');
});

it('gives each code a documented exit status, 70 only to a bug', () => {
  const documented = new Set<number>([EXIT.FAILED, EXIT.USAGE, EXIT.CANNOT_START]);
  for (const [code, { exit }] of Object.entries(ERRORS)) {
    if (code === 'ERR_OFM_INTERNAL') assert.equal(exit, EXIT.INTERNAL);
    else assert.ok(documented.has(exit), `${code} exits ${exit}`);
  }
  assert.equal(exitCodeFor(new Error('a bug')), EXIT.INTERNAL);
});

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return files(path, ext);
    return ext.test(entry.name) ? [path] : [];
  });
}

it('raises no code that is in no table', () => {
  const sources = [
    ...files(join(REPO_ROOT, 'src'), /\.ts$/),
    ...files(join(REPO_ROOT, 'bin'), /\.js$/),
  ];
  const strays = sources.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\bERR_OFM_[A-Z_]*[A-Z]\b/g)]
      .map((match) => match[0])
      .filter((code) => !isErrorCode(code))
      .map((code) => `${relative(REPO_ROOT, file)}: ${code}`),
  );
  assert.deepEqual(strays, []);
});

/** A code and the exit beside it: a table row's "(exit N" or prose's "`CODE` (exit N". */
const DOCUMENTED_EXIT =
  /^\|\s*`(ERR_OFM_\w+)`\s*\|.*?\(exit (\d+)|`(ERR_OFM_\w+)`,? \(?exit (\d+)/gm;

it('says what the docs say: every "(exit N)" beside a code is its table exit', () => {
  const pages = [join(REPO_ROOT, 'README.md'), ...files(join(REPO_ROOT, 'docs'), /\.md$/)];
  let checked = 0;
  for (const page of pages) {
    const name = relative(REPO_ROOT, page);
    for (const match of readFileSync(page, 'utf8').matchAll(DOCUMENTED_EXIT)) {
      const code = match[1] ?? match[3] ?? '';
      const exit = Number(match[2] ?? match[4]);
      assert.ok(isErrorCode(code), `${name} documents ${code}, which is in no table`);
      assert.equal(ERRORS[code].exit, exit, `${name} says ${code} exits ${exit}`);
      checked += 1;
    }
  }
  assert.ok(checked >= 10, `checked ${checked} documented exits`);
});

it('prints ERR_OFM_NOT_BUILT from the launcher as its table says, when dist/ is missing', () => {
  // The launcher cannot import the table without dist/, so it holds its own copy: run it where
  // there is no dist/ beside it.
  const dir = mkdtempSync(join(tmpdir(), 'ofm-not-built-'));
  try {
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(REPO_ROOT, 'bin', 'ofm-postman.js'), join(dir, 'bin', 'ofm-postman.js'));
    const result = spawnSync(process.execPath, [join(dir, 'bin', 'ofm-postman.js'), '--help'], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    const { hint, exit } = ERRORS.ERR_OFM_NOT_BUILT;
    assert.equal(result.status, exit);
    assert.equal(
      result.stderr,
      `ofm-postman: ERR_OFM_NOT_BUILT: dist/ is missing (hint: ${hint})\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it(`${ERRORS_DOC} holds the table the families make (npm run docs:generate)`, async () => {
  const written = readFileSync(join(REPO_ROOT, ERRORS_DOC), 'utf8');
  assert.equal(written, await errorsDocument(), 'run npm run docs:generate');
});
