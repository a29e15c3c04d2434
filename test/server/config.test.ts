import assert from 'node:assert/strict';
import { it } from 'node:test';
import { resolveSandboxConfig, SANDBOX_DEFAULTS } from '../../src/server/config.js';
import { isOfmError } from '../../src/shared/errors.js';

it('merges over documented defaults and freezes the result', () => {
  const config = resolveSandboxConfig({ port: 0, strictFapi: true });
  assert.equal(config.port, 0);
  assert.equal(config.strictFapi, true);
  assert.equal(config.maxAssertionLifetime, SANDBOX_DEFAULTS.maxAssertionLifetime);
  assert.ok(Object.isFrozen(config));
});

it('refuses bad settings with a message that names the setting', () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ port: 70000 }, /^port: /],
    [{ port: 1.5 }, /^port: /],
    [{ host: '0.0.0.0' }, /^host: must be a loopback address/],
    [{ host: '10.0.0.1' }, /^host: /],
    [{ maxAssertionLifetime: 0 }, /^maxAssertionLifetime: /],
    [{ accessTokenTtl: 'long' }, /^accessTokenTtl: /],
    [{ strictFapi: 'yes' }, /^strictFapi: /],
    [{ jwePayload: 'xml' }, /^jwePayload: /],
    [{ colour: 'blue' }, /^colour: is not a sandbox setting/],
  ];
  for (const [input, message] of cases) {
    assert.throws(
      () => resolveSandboxConfig(input),
      (e: unknown) =>
        isOfmError(e) && e.code === 'ERR_OFM_SANDBOX_CONFIG' && message.test(e.message),
      JSON.stringify(input),
    );
  }
});
