/**
 * docs/cli.md is generated from the commands' own yargs definitions: regenerated from the built
 * binary it must match the committed file byte for byte, and hold every command `--help` lists.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import {
  CLI_REFERENCE_PATH,
  listedCommands,
  renderCliReference,
} from '../../scripts/cli-reference.js';
import { runCli } from '../helpers/cli.js';

it('docs/cli.md is what scripts/cli-reference.ts generates (no drift)', () => {
  const committed = readFileSync(CLI_REFERENCE_PATH, 'utf8');
  assert.equal(
    committed,
    renderCliReference(),
    'docs/cli.md drifted from the commands: run npm run docs:cli',
  );
});

it('docs/cli.md has a section with the options of every command --help lists', () => {
  const { status, stdout, stderr } = runCli(['--help']);
  assert.equal(status, 0, stderr);
  const commands = listedCommands(stdout);
  assert.ok(commands.length >= 5, `found commands: ${commands.join(', ')}`);
  const reference = readFileSync(CLI_REFERENCE_PATH, 'utf8');
  for (const command of commands) {
    const start = reference.indexOf(`## \`ofm-postman ${command}\``);
    assert.ok(start >= 0, `docs/cli.md has a section for ${command}`);
    const section = reference.slice(start).split(/\n## /)[0] ?? '';
    assert.match(section, new RegExp(`^ofm-postman ${command}\\b`, 'm'), `${command}: its usage`);
    assert.match(section, /^Options:$/m, `${command}: its options`);
  }
});
