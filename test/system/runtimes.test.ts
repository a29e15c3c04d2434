/**
 * The supported Node.js runtimes are named the same everywhere: the workflow users copy (its
 * matrix), CI (.ci/run), package.json `engines` and the README.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { REPO_ROOT } from '../helpers/paths.js';

const read = (...path: string[]) => readFileSync(join(REPO_ROOT, ...path), 'utf8');

/** Majors of the workflow's `node: [22, 24]` matrix: the supported, tested LTS lines. */
function workflowMajors(): number[] {
  const text = read('.github', 'workflows', 'ofp-api-tests.yml');
  const match = /^\s+node: \[([\d, ]+)\]$/m.exec(text);
  assert.ok(match, 'the local-sandbox job has a node matrix');
  return match[1]!.split(',').map((n) => Number(n.trim()));
}

/** Does a `^A.B.C || >=D` style range admit some release of `major`? */
function enginesAdmit(range: string, major: number): boolean {
  return range.split('||').some((clause) => {
    const caret = /^\^(\d+)\./.exec(clause.trim());
    if (caret) return Number(caret[1]) === major;
    const atLeast = /^>=\s*(\d+)/.exec(clause.trim());
    if (atLeast) return major >= Number(atLeast[1]);
    throw new Error(`engines clause not understood: ${clause}`);
  });
}

it('the workflow matrix, .ci/run, engines and the README name the same Node.js LTS lines', () => {
  const majors = workflowMajors();
  assert.deepEqual(majors, [22, 24]);

  const ci = read('.ci', 'run');
  const ciMajors = /^FULL_SUITE_NODE=(\d+)$/m.exec(ci);
  const ciOthers = /^OTHER_NODES=\(([\d ]+)\)$/m.exec(ci);
  assert.ok(ciMajors && ciOthers, '.ci/run names the runtimes it installs');
  assert.deepEqual(
    [Number(ciMajors[1]), ...ciOthers[1]!.trim().split(/\s+/).map(Number)].sort(),
    majors,
    '.ci/run tests every runtime of the matrix',
  );

  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  for (const major of majors)
    assert.ok(enginesAdmit(engines, major), `engines admit Node ${major}`);
  // Node 20 is past end of life: still admitted while the dependencies allow, never advertised.
  assert.ok(enginesAdmit(engines, 20), 'engines still admit Node 20');
  assert.ok(!enginesAdmit(engines, 21) && !enginesAdmit(engines, 23), 'no odd, short-lived line');

  const readme = read('README.md');
  assert.match(readme, new RegExp(`Node\\.js ${majors.join(' LTS or ')} LTS`));
  assert.ok(readme.includes(`\`${engines}\``), 'README quotes the engines range');
});

it('the tested-runtimes table names the Postman CLI .ci/run pins and the Bruno CLI installed', () => {
  const pinned = /^POSTMAN_CLI_VERSION=(\S+)$/m.exec(read('.ci', 'run'))?.[1];
  assert.ok(pinned, '.ci/run pins the Postman CLI');
  const bruno = (JSON.parse(read('package.json')) as { devDependencies: Record<string, string> })
    .devDependencies['@usebruno/cli'];
  const postman = read('docs', 'postman.md');
  const table = postman.slice(postman.indexOf('### Tested runtimes'));
  assert.match(table, new RegExp(`\\| Postman CLI ${pinned!.replace(/\./g, '\\.')} `));
  assert.match(table, new RegExp(`\\| Bruno CLI ${bruno!.replace(/\./g, '\\.')} `));
  const recipe = read('docs', 'postman-cli.md');
  assert.ok(
    recipe.includes(`postman-cli@${pinned}`),
    'docs/postman-cli.md installs the pinned one',
  );
  assert.ok(read('docs', 'development.md').includes(`postman-cli@${pinned}`), 'development.md');
});
