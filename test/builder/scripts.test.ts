/**
 * Where the Postman scripts come from: bundled from source in a checkout (unless dist/postman/ is up
 * to date), prebuilt when installed.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { distIsFresh } from '../../src/builder/dist-fresh.js';
import { loadScripts, SCRIPT_NAMES, scriptOrigin } from '../../src/builder/scripts.js';
import { REPO_ROOT } from '../helpers/paths.js';

it('a checkout bundles from source unless dist/postman/ is up to date, and the prebuilt dist/postman/ scripts are those same bytes', async () => {
  assert.equal(scriptOrigin(), distIsFresh(REPO_ROOT, 'postman') ? 'prebuilt' : 'source');
  const [source, prebuilt] = await Promise.all([loadScripts('source'), loadScripts('prebuilt')]);
  assert.deepEqual(Object.keys(prebuilt), [...SCRIPT_NAMES]);
  for (const name of SCRIPT_NAMES) {
    assert.equal(prebuilt[name].code, source[name].code, `${name}: run npm run build`);
    assert.match(
      prebuilt[name].code,
      new RegExp(`^// ofm-postman \\S+ ${name} sha256:${prebuilt[name].sha256}\\n`),
    );
  }
});
