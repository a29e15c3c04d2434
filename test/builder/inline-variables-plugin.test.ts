/** The sandbox bundles carry variable names as literals, and only the ones they use. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { inlineVariableNames } from '../../src/builder/inline-variables-plugin.js';
import { VAR } from '../../src/shared/variables.js';
import { REPO_ROOT } from '../helpers/paths.js';

it('writes VAR.name as the name, and refuses an unknown one', () => {
  assert.equal(
    inlineVariableNames('get(VAR.clientId); x = `${VAR.tokenEndpoint}`;', 'a.ts'),
    'get("client_id"); x = `${"token_endpoint"}`;',
  );
  assert.throws(() => inlineVariableNames('VAR.noSuchName', 'b.ts'), /b\.ts: VAR\.noSuchName/);
});

it('writes REQUEST.name as the request name, drops the import, and refuses an unknown one', () => {
  assert.equal(
    inlineVariableNames("import { REQUEST } from './request-names.js';\nrun(REQUEST.par);", 'c.ts'),
    'run("PAR");',
  );
  assert.throws(
    () => inlineVariableNames('REQUEST.noSuchName', 'd.ts'),
    /d\.ts: REQUEST\.noSuchName is not a request name/,
  );
});

it('the built client-authentication script holds the names it reads, not the whole table', () => {
  const script = readFileSync(join(REPO_ROOT, 'dist', 'postman', 'prerequest.js'), 'utf8');
  assert.ok(script.includes(`"${VAR.signingPrivateKey}"`), 'a name it reads');
  // Names only the account-data scripts use stay out of the collection-level script.
  for (const name of [VAR.transactionsNextPage, VAR.xSignatureLifetime, VAR.providersPageCount])
    assert.ok(!script.includes(`"${name}"`), `${name} is not in prerequest.js`);
});
