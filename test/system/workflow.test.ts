/** The CI workflow users copy stays in step with the CLI. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { SECRET_ENV } from '../../src/shared/env-vars.js';
import { REPO_ROOT } from '../helpers/paths.js';

it('runs the demo and the PayNet job with secrets from the environment, and uploads reports', () => {
  const text = readFileSync(join(REPO_ROOT, '.github', 'workflows', 'ofp-api-tests.yml'), 'utf8');
  assert.match(text, /- run: npm ci\n\s+# [^\n]*\n\s+- run: npm start/);
  assert.match(text, /npx ofm-postman run --auth private_key_jwt --target paynet-sandbox/);
  for (const name of [
    SECRET_ENV.signingPrivateKey,
    SECRET_ENV.signingKeyPassphrase,
    SECRET_ENV.transportKeyPassphrase,
  ]) {
    assert.match(
      text,
      new RegExp(`${name}: \\$\\{\\{ secrets\\.${name} \\}\\}`),
      `${name} comes from a repository secret`,
    );
  }
  assert.equal((text.match(/actions\/upload-artifact@v7/g) ?? []).length, 2);
  assert.match(text, /--reporters junit html/);
  // Unattended, with the consent state from a secret and the ids a PayNet run needs.
  assert.match(text, /--target paynet-sandbox --unattended/);
  assert.match(text, /--state "\$RUNNER_TEMP\/ofm\/state\.json"/);
  assert.match(text, /CONSENT_STATE: \$\{\{ secrets\.OFM_CONSENT_STATE \}\}/);
  for (const name of ['client_id', 'signing_kid', 'dc_id', 'redirect_uri'])
    assert.match(text, new RegExp(`--env-var "${name}=\\$\\{\\{ vars\\.OFM_[A-Z_]+ \\}\\}"`), name);
  assert.match(text, /OFM_ENCRYPTION_PRIVATE_KEY: \$\{\{ secrets\.OFM_ENCRYPTION_PRIVATE_KEY \}\}/);
  assert.doesNotMatch(text, /BEGIN [A-Z ]*PRIVATE KEY/);
});
