/**
 * The README and the docs stay true to the code: every script variable (docs/postman.md), every
 * error code (docs/errors.md) and every CLI command with an example (README.md) is documented.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { ERROR_HINTS } from '../../src/shared/errors.js';
import { CLIENT_AUTH_VARIABLES } from '../../src/shared/variable-specs.js';
import { runCli } from '../helpers/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Table rows of a Markdown file as trimmed cells (Prettier pads tables: match on cell content). */
function tableRows(path: string): string[][] {
  return readFileSync(join(ROOT, path), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .split(/(?<!\\)\|/) // an escaped \| stays inside its cell
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

/** Where each fact lives: the variables with the script, the codes with the errors. */
const readmeRows = tableRows('README.md');
const variableRows = tableRows('docs/postman.md');
const errorRows = tableRows('docs/errors.md');

function rowIn(rows: string[][], firstCell: string): string[] | undefined {
  return rows.find((cells) => cells[0] === firstCell);
}

it('documents every script variable with its default', () => {
  for (const variable of CLIENT_AUTH_VARIABLES) {
    const cells = rowIn(variableRows, `\`${variable.name}\``);
    assert.ok(cells, `docs/postman.md has a table row for ${variable.name}`);
    const documentedDefault = cells[2] ?? '';
    if (variable.defaultValue === undefined) {
      assert.match(documentedDefault, /^required/, `${variable.name} is documented as required`);
    } else if (variable.defaultValue === '') {
      assert.equal(documentedDefault, 'empty', `${variable.name} defaults to empty`);
    } else {
      assert.equal(documentedDefault, `\`${variable.defaultValue}\``, `${variable.name} default`);
    }
  }
});

it('documents every error code with its exit status and meaning', () => {
  const codes = Object.keys(ERROR_HINTS);
  assert.ok(codes.length >= 20, `codes: ${codes.length}`);
  for (const code of codes) {
    const cells = rowIn(errorRows, `\`${code}\``);
    assert.ok(cells, `docs/errors.md has a row for ${code}`);
    assert.match(cells[1] ?? '', /\d|warning/, `${code} row has its exit status`);
    assert.ok((cells[2] ?? '').length > 0, `${code} row says what it means`);
  }
});

it('documents every CLI command with an example', () => {
  const { status, stdout, stderr } = runCli(['--help']);
  assert.equal(status, 0, stderr);
  const commands = [...stdout.matchAll(/^\s+ofm-postman (\w+)/gm)].map((m) => m[1]!);
  assert.ok(commands.length >= 5, `found commands: ${commands.join(', ')}`);
  for (const command of commands) {
    const cells = rowIn(readmeRows, `\`${command}\``);
    assert.ok(cells, `README has a row for ${command}`);
    assert.match(
      cells[2] ?? '',
      new RegExp(`ofm-postman ${command}`),
      `${command} row has an example`,
    );
  }
});
