/**
 * collections/ and environments/ are builder output: regenerate them into a temp dir and fail on
 * any drift, and on anything secret in them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { generateArtifacts } from '../../src/builder/generate.js';
import { BUILT_IN_TARGETS } from '../../src/builder/targets.js';
import { ALL_VARIABLES, REQUEST_SCOPED_VARIABLES } from '../../src/shared/variable-specs.js';
import { AUTH_METHODS } from '../../src/shared/variables.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { filesUnder } from '../helpers/tree.js';

let fresh: string;
before(async () => {
  fresh = mkdtempSync(join(tmpdir(), 'ofm-generate-'));
  await generateArtifacts({
    outDir: fresh,
    authMethods: AUTH_METHODS,
    targets: Object.values(BUILT_IN_TARGETS),
    formats: ['postman', 'bruno'],
    // Checked against the sources themselves, not dist/postman/ (commands may read that instead).
    scriptOrigin: 'source',
  });
});
after(() => rmSync(fresh, { recursive: true, force: true }));

for (const dir of ['collections', 'environments']) {
  it(`${dir}/ is exactly what the builder produces (run npm run generate after a change)`, () => {
    // Bruno's collection folders included (collections/bruno/<name>/…).
    const committed = filesUnder(join(REPO_ROOT, dir));
    const generated = filesUnder(join(fresh, dir));
    assert.deepEqual(committed, generated, 'same files');
    for (const file of generated) {
      const a = readFileSync(join(REPO_ROOT, dir, file), 'utf8');
      const b = readFileSync(join(fresh, dir, file), 'utf8');
      assert.ok(a === b, `${dir}/${file} differs from a fresh generation: run npm run generate`);
    }
  });
}

it('no generated file holds a private key, a passphrase, a token or any secret value', () => {
  const secretNames = new Set(ALL_VARIABLES.filter((s) => s.secret).map((s) => s.name));
  for (const dir of ['collections', 'environments']) {
    for (const file of filesUnder(join(REPO_ROOT, dir))) {
      const text = readFileSync(join(REPO_ROOT, dir, file), 'utf8');
      assert.doesNotMatch(text, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, `${file}: PEM private key`);
      assert.doesNotMatch(text, /eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\./, `${file}: a JWT`);
      if (!file.endsWith('.json')) continue;
      const json = JSON.parse(text) as {
        values?: Array<{ key: string; value: string }>;
        variable?: Array<{ key: string; value: string }>;
      };
      for (const entry of [...(json.values ?? []), ...(json.variable ?? [])]) {
        if (secretNames.has(entry.key as never))
          assert.equal(entry.value, '', `${file}: ${entry.key} must be empty`);
      }
    }
  }
});

it('every {{variable}} a collection uses is defined in every environment', () => {
  const known = new Set(ALL_VARIABLES.map((s) => s.name as string));
  // Request-scoped values (client_assertion, request_object) are set by the scripts at send time.
  const scoped = new Set(REQUEST_SCOPED_VARIABLES.map((s) => s.name as string));
  for (const file of filesUnder(join(REPO_ROOT, 'collections'))) {
    // Bruno's folders, and the record of what generate wrote, are not Postman JSON.
    if (file.startsWith('bruno') || !file.endsWith('.json')) continue;
    // Requests, not scripts: scripts read variables by name and quote {{ }} in their messages.
    const text = JSON.stringify(
      JSON.parse(readFileSync(join(REPO_ROOT, 'collections', file), 'utf8')),
      (key, value: unknown) => (key === 'event' ? undefined : value),
    );
    for (const [, name] of text.matchAll(/\{\{([A-Za-z0-9_.-]+)\}\}/g)) {
      assert.ok(
        known.has(name!) || scoped.has(name!),
        `${file} uses {{${name}}}, which no environment defines and no script sets`,
      );
    }
  }
});

it('the Bruno environments hold no secret value: user keys come from .env, tokens are vars:secret', () => {
  const bruno = join(REPO_ROOT, 'collections', 'bruno');
  const secretNames = ALL_VARIABLES.filter((s) => s.secret).map((s) => s.name as string);
  for (const file of filesUnder(bruno).filter((f) => f.includes('environments/'))) {
    const text = readFileSync(join(bruno, file), 'utf8');
    for (const name of secretNames) {
      const line = text.split('\n').find((l) => l.trimStart().startsWith(`${name}:`));
      if (line !== undefined)
        assert.equal(line.trim(), `${name}: {{process.env.${name}}}`, `${file}: ${name}`);
    }
  }
});
