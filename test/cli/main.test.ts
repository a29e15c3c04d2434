/** The ofm-postman binary as a user calls it. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'ofm-postman.js');

function cli(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
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

it('build writes a script identical to dist/prerequest.js', () => {
  const out = mkdtempSync(join(tmpdir(), 'ofm-build-'));
  try {
    const result = cli('build', '--out', out);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /prerequest\.js .* sha256:[0-9a-f]{64}/);
    const built = readFileSync(join(out, 'prerequest.js'), 'utf8');
    assert.equal(
      built,
      readFileSync(join(import.meta.dirname, '..', '..', 'dist', 'prerequest.js'), 'utf8'),
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
