/** Cookie values are secret, cookie names and attributes are not: in the record and in Newman's JSON. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cookieValues, maskCookieValues } from '../../src/runner/cookies.js';
import { MASK, maskJsonReport, SecretSet } from '../../src/runner/mask.js';

const SET_COOKIE =
  '_session=x7NqxR_WXhl2egK48dhhw; path=/; expires=Wed, 21 Oct 2026 07:28:00 GMT; samesite=lax; httponly';

describe('cookie headers', () => {
  it('yields every value of a Cookie header and only the first pair of each Set-Cookie', () => {
    assert.deepEqual(cookieValues('Cookie', '_session=abc123456; _session.sig=-jc0fvvfd_Rf'), [
      'abc123456',
      '-jc0fvvfd_Rf',
    ]);
    assert.deepEqual(cookieValues('set-cookie', SET_COOKIE), ['x7NqxR_WXhl2egK48dhhw']);
    // Two cookies folded into one value: the comma in the date is not a separator.
    assert.deepEqual(cookieValues('Set-Cookie', `${SET_COOKIE}, _other=second1; path=/`), [
      'x7NqxR_WXhl2egK48dhhw',
      'second1',
    ]);
    assert.deepEqual(cookieValues('Set-Cookie', 'a=one111; path=/\nb=two222'), [
      'one111',
      'two222',
    ]);
    assert.deepEqual(cookieValues('Location', 'https://x/?a=b'), []);
  });

  it('masks the values and keeps names and attributes readable', () => {
    assert.equal(
      maskCookieValues('Set-Cookie', SET_COOKIE, MASK),
      `_session=${MASK}; path=/; expires=Wed, 21 Oct 2026 07:28:00 GMT; samesite=lax; httponly`,
    );
    assert.equal(maskCookieValues('Cookie', 'a=1; b=22', MASK), `a=${MASK}; b=${MASK}`);
    assert.equal(maskCookieValues('Accept', 'a=1', MASK), 'a=1');
  });

  it("are masked in Newman's JSON report by place, also values too short to mask by value", () => {
    const report = {
      run: {
        executions: [
          {
            request: { header: [{ key: 'Cookie', value: 'lang=en; sid=q1' }] },
            response: { header: [{ key: 'set-cookie', value: SET_COOKIE }] },
          },
        ],
      },
    };
    const masked = maskJsonReport(JSON.stringify(report), new SecretSet());
    assert.ok(!masked.includes('x7NqxR_WXhl2egK48dhhw'));
    assert.ok(!masked.includes('q1'));
    assert.ok(masked.includes(`lang=${MASK}; sid=${MASK}`));
    assert.ok(masked.includes(`_session=${MASK}; path=/; expires=Wed, 21 Oct 2026`));
  });
});
