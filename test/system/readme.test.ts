/** The README stays true to the code: every variable and error code is documented. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { ERROR_HINTS } from '../../src/shared/errors.js';
import { CLIENT_AUTH_VARIABLES } from '../../src/shared/variable-specs.js';
import { runCli } from '../helpers/cli.js';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

/** Table rows as trimmed cells (Prettier pads README tables, so match on cell content). */
const rows = readme
  .split('\n')
  .filter((line) => line.startsWith('|'))
  .map((line) =>
    line
      .split(/(?<!\\)\|/) // an escaped \| stays inside its cell
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );

function rowFor(firstCell: string): string[] | undefined {
  return rows.find((cells) => cells[0] === firstCell);
}

it('documents every script variable with its default', () => {
  for (const variable of CLIENT_AUTH_VARIABLES) {
    const cells = rowFor(`\`${variable.name}\``);
    assert.ok(cells, `README has a table row for ${variable.name}`);
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

it('documents every error code the script can report', () => {
  // docs/errors.md holds every code's hint and exit (written from the tables); the README says when.
  const errorsDoc = readFileSync(
    join(import.meta.dirname, '..', '..', 'docs', 'errors.md'),
    'utf8',
  );
  for (const code of Object.keys(ERROR_HINTS)) {
    const documented = rowFor(`\`${code}\``) ?? readme.includes(`\`${code}\``);
    assert.ok(documented || errorsDoc.includes(`\`${code}\``), `README or docs documents ${code}`);
  }
});

it('documents every CLI command with an example', () => {
  const { status, stdout, stderr } = runCli(['--help']);
  assert.equal(status, 0, stderr);
  const commands = [...stdout.matchAll(/^\s+ofm-postman (\w+)/gm)].map((m) => m[1]!);
  assert.ok(commands.length >= 5, `found commands: ${commands.join(', ')}`);
  for (const command of commands) {
    const cells = rowFor(`\`${command}\``);
    assert.ok(cells, `README has a row for ${command}`);
    assert.match(
      cells[2] ?? '',
      new RegExp(`ofm-postman ${command}`),
      `${command} row has an example`,
    );
  }
});
