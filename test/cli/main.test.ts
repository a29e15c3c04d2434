/** The ofm-postman binary as a user calls it. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

function cli(...args: string[]) {
  return runCli(args);
}

it('refuses an unknown command or option with one coded line and exit code 2', () => {
  for (const args of [['nope'], ['build', '--bogus']]) {
    const result = cli(...args);
    assert.equal(result.status, 2, `${args.join(' ')}: exit code`);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, 'one line');
    assert.match(lines[0]!, /^ofm-postman: ERR_OFM_USAGE: .+ \(hint: .+\)$/);
  }
});

it('build writes a script identical to dist/postman/prerequest.js', () => {
  const out = mkdtempSync(join(tmpdir(), 'ofm-build-'));
  try {
    const result = cli('build', '--out', out);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /prerequest\.js .* sha256:[0-9a-f]{64}/);
    const built = readFileSync(join(out, 'prerequest.js'), 'utf8');
    assert.equal(built, readFileSync(join(REPO_ROOT, 'dist', 'postman', 'prerequest.js'), 'utf8'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

it('--version and -v print the package version; --help and -h print the usage', () => {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  for (const flag of ['--version', '-v']) {
    const result = cli(flag);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `${version}\n`, flag);
    assert.equal(result.stderr, '');
  }
  const long = cli('--help');
  const short = cli('-h');
  assert.equal(long.status, 0);
  assert.equal(short.status, 0);
  assert.match(long.stdout, /^ofm-postman <command>\n/);
  assert.match(long.stdout, /-v, --version/);
  assert.match(long.stdout, /-h, --help/);
  assert.equal(short.stdout, long.stdout);
});

it('completion prints a shell script whose completions come from the CLI itself', () => {
  // yargs prints the zsh form when $SHELL names zsh: ask for the bash one.
  const script = runCli(['completion'], { env: { SHELL: '/bin/bash' } });
  assert.equal(script.status, 0, script.stderr);
  assert.equal(script.stderr, '');
  assert.match(script.stdout, /###-begin-ofm-postman-completions-###/);
  assert.match(script.stdout, /ofm-postman --get-yargs-completions/);
  assert.match(script.stdout, /###-end-ofm-postman-completions-###/);
  // bash accepts the script and registers it for ofm-postman.
  const registered = spawnSync(
    'bash',
    ['--norc', '-c', 'eval "$0" && complete -p ofm-postman', script.stdout],
    {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
    },
  );
  assert.equal(registered.status, 0, registered.stderr);
  assert.match(registered.stdout, /^complete .*-F _ofm-postman_yargs_completions.* ofm-postman$/m);
  // What the script asks for when the user presses Tab after `ofm-postman ` and `generate --`.
  const commands = cli('--get-yargs-completions', 'ofm-postman', '');
  assert.equal(commands.status, 0, commands.stderr);
  for (const command of ['build', 'generate', 'run', 'sandbox', 'demo', 'completion']) {
    assert.ok(commands.stdout.split('\n').includes(command), `completes ${command}`);
  }
  // --help describes the command instead of printing the script.
  const help = cli('completion', '--help');
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^ofm-postman completion\n/);
  assert.match(help.stdout, /Examples:/);
  assert.doesNotMatch(help.stdout, /completions-###/);
  const options = cli('--get-yargs-completions', 'ofm-postman', 'generate', '--');
  assert.equal(options.status, 0, options.stderr);
  for (const option of ['--target', '--auth', '--out']) {
    assert.ok(options.stdout.split('\n').includes(option), `completes generate ${option}`);
  }
});
